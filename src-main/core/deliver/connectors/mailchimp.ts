import type { PushFailure } from '../../../contract/deliver';
import type { BatchContext, BatchOutcome, CheckOutcome, Connector, ContactResult, PushContact } from '../connector';
import { isTransientStatus, redirectFailure, retryAfterMs } from '../connector';
import { httpFailure, localFailure, networkFailure } from '../failure';
import { mailchimpSyncBatch } from './mailchimp-sync';

/**
 * Mailchimp Marketing batch subscribe/update (docs/push-api.md, "Mailchimp"):
 *
 * - `POST https://<dc>.api.mailchimp.com/3.0/lists/{list_id}`, HTTP Basic auth with the API key as the
 *   password; the data centre is the key's suffix (`...-us21`).
 * - Up to 500 members per call, `update_existing: true`; answered synchronously with new_members,
 *   updated_members and `errors` (per member: email_address, error, error_code). A member named in
 *   `errors` is rejected with that reason; everyone else is accepted.
 * - Request errors are application/problem+json (title, detail). 429 (more than 10 simultaneous
 *   connections), 5xx and network problems are retried; 400/401/403/404 fail the batch.
 * - The call is an upsert keyed by email, so a repeated batch adds nobody twice.
 */
export interface MailchimpOptions {
  /** `<32 hex>-<dc>`, e.g. `0123...cdef-us21`. */
  apiKey: string;
  /** The audience (list) id. */
  listId: string;
  /** Overrides https://<dc>.api.mailchimp.com (tests, proxies). */
  baseUrl?: string;
  /** Per-request timeout (default 30,000 ms). */
  timeoutMs?: number;
  /** Our personalization field -> Mailchimp merge tag; default first_name -> FNAME, last_name -> LNAME. */
  mergeFields?: Record<string, string>;
  fetchImpl?: typeof fetch;
}

export const MAILCHIMP_MAX_MEMBERS = 500;
const DEFAULT_MERGE: Record<string, string> = { first_name: 'FNAME', last_name: 'LNAME' };

/** The data centre in a Mailchimp API key (`...-us21` -> `us21`), or null. */
export function mailchimpDataCenter(apiKey: string): string | null {
  return /-([a-z]{2,}\d+)$/.exec(apiKey.trim())?.[1] ?? null;
}

/** The POST body for one batch. */
export function mailchimpBody(contacts: PushContact[], mergeFields: Record<string, string> = DEFAULT_MERGE): string {
  return JSON.stringify({
    members: contacts.map((c) => {
      const merge: Record<string, string> = {};
      for (const [name, tag] of Object.entries(mergeFields)) {
        const v = c.fields[name];
        if (v !== null && v !== undefined && v !== '') merge[tag] = v;
      }
      // Only people who opted in by email are ever pushed (DOMAIN.md, Consent). The batch endpoint
      // requires a status; Mailchimp itself refuses to re-subscribe someone who unsubscribed or was
      // cleaned there (a per-member "compliance state" error, recorded as rejected).
      return {
        email_address: c.address,
        status_if_new: 'subscribed',
        status: 'subscribed',
        ...(Object.keys(merge).length ? { merge_fields: merge } : {}),
      };
    }),
    update_existing: true,
  });
}

const NO_DATA_CENTRE = 'The Mailchimp API key has no data-centre suffix (like -us21); copy the whole key from Mailchimp.';

/** problem+json (title: detail) in one line. */
function errorText(status: number, text: string): string {
  try {
    const j = JSON.parse(text) as { title?: string; detail?: string; errors?: { field?: string; message?: string }[] };
    const fields =
      Array.isArray(j.errors) && j.errors.length
        ? ` (${j.errors
            .slice(0, 5)
            .map((e) => `${e.field}: ${e.message}`)
            .join('; ')})`
        : '';
    if (j.title || j.detail) return `Mailchimp ${status} ${j.title ?? ''}: ${j.detail ?? ''}${fields}`.replace(/\s+/g, ' ').trim();
  } catch {
    // not JSON
  }
  return `Mailchimp ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
}

export function createMailchimpConnector(o: MailchimpOptions): Connector {
  const dc = mailchimpDataCenter(o.apiKey);
  const base = (o.baseUrl ?? (dc ? `https://${dc}.api.mailchimp.com` : '')).replace(/\/+$/, '');
  const f = o.fetchImpl ?? fetch;
  const timeoutMs = o.timeoutMs ?? 30_000;
  const authorization = `Basic ${Buffer.from(`ace:${o.apiKey}`).toString('base64')}`;
  const listUrl = `${base}/3.0/lists/${encodeURIComponent(o.listId)}`;
  const tags = new Map<string, number>();

  /** One call to the audience: the batch (POST) or the connection test (GET); a network problem comes back classified. */
  async function request(
    method: 'GET' | 'POST',
    body: string | undefined,
    signal: AbortSignal,
  ): Promise<{ res: Response; text: string } | { error: string; failure: PushFailure }> {
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const res = await f(method === 'GET' ? `${listUrl}?fields=id,name` : listUrl, {
        method,
        headers: { authorization, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body } : {}),
        redirect: 'manual',
        signal: AbortSignal.any([signal, timeout]),
      });
      return { res, text: await res.text() };
    } catch (e) {
      if (signal.aborted) throw e;
      const failure = networkFailure(e, listUrl, timeout.aborted ? timeoutMs : undefined);
      return {
        error: timeout.aborted
          ? `no answer from Mailchimp within ${Math.round(timeoutMs / 1000)} s`
          : `could not reach Mailchimp (${failure.detail})`,
        failure,
      };
    }
  }

  const connector: Connector = {
    kind: 'mailchimp',
    maxBatch: MAILCHIMP_MAX_MEMBERS,
    channels: ['email'],
    /** An audience sync as a tag named after the sync (mailchimp-sync.ts). */
    syncBatch: (contacts, ctx) =>
      base
        ? mailchimpSyncBatch({ listUrl, authorization, f, timeoutMs, errorText, tags }, connector, contacts, ctx)
        : Promise.resolve({ kind: 'fail', reason: NO_DATA_CENTRE, failure: localFailure('auth', NO_DATA_CENTRE) }),
    async sendBatch(contacts: PushContact[], ctx: BatchContext): Promise<BatchOutcome> {
      if (ctx.channel !== 'email') return { kind: 'fail', reason: `Mailchimp audiences take email contacts only, not ${ctx.channel}.` };
      if (!base) return { kind: 'fail', reason: NO_DATA_CENTRE, failure: localFailure('auth', NO_DATA_CENTRE) };
      if (contacts.length === 0) return { kind: 'done', results: [] };
      if (contacts.length > MAILCHIMP_MAX_MEMBERS)
        return {
          kind: 'fail',
          reason: `A batch of ${contacts.length} is over Mailchimp's limit of ${MAILCHIMP_MAX_MEMBERS} members per call.`,
        };

      const got = await request('POST', mailchimpBody(contacts, o.mergeFields ?? DEFAULT_MERGE), ctx.signal);
      if ('error' in got) return { kind: 'retry', reason: got.error, failure: got.failure };
      const { res, text } = got;
      const moved = redirectFailure(res.status, res.headers.get('location'), 'Mailchimp', listUrl);
      if (moved) return moved;
      if (!res.ok) {
        const reason = errorText(res.status, text);
        const failure = httpFailure(res.status, reason.replace(/^Mailchimp \d+ ?:? ?/, ''), listUrl);
        return isTransientStatus(res.status)
          ? { kind: 'retry', reason, retryAfterMs: retryAfterMs(res.headers.get('retry-after')), failure }
          : { kind: 'fail', reason, failure };
      }
      let body: { errors?: { email_address?: unknown; error?: unknown; error_code?: unknown }[] };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        return { kind: 'retry', reason: `Mailchimp answered ${res.status} with a body that is not JSON` };
      }
      const refused = new Map<string, string>();
      for (const e of Array.isArray(body.errors) ? body.errors : []) {
        if (typeof e.email_address !== 'string') continue;
        const why = `${typeof e.error === 'string' ? e.error : 'refused by Mailchimp'}${typeof e.error_code === 'string' ? ` (${e.error_code})` : ''}`;
        refused.set(e.email_address.trim().toLowerCase(), why.slice(0, 500));
      }
      return {
        kind: 'done',
        results: contacts.map((c): ContactResult => {
          const why = refused.get(c.address.toLowerCase());
          return why ? { contactId: c.contactId, status: 'rejected', reason: why } : { contactId: c.contactId, status: 'accepted' };
        }),
      };
    },
    /** `GET /3.0/lists/{id}`: reads the audience's name, proving the key, its data centre and the audience id. */
    async check(signal): Promise<CheckOutcome> {
      if (!base) return { status: null, request: null, failure: localFailure('auth', NO_DATA_CENTRE) };
      const got = await request('GET', undefined, signal);
      const asked = `GET ${listUrl}`;
      if ('error' in got) return { status: null, request: asked, failure: got.failure };
      const { res, text } = got;
      const moved = redirectFailure(res.status, res.headers.get('location'), 'Mailchimp', listUrl);
      if (moved?.kind === 'fail') return { status: res.status, request: asked, failure: moved.failure ?? null };
      if (res.ok) return { status: res.status, request: asked, failure: null };
      const detail = errorText(res.status, text).replace(/^Mailchimp \d+ ?:? ?/, '');
      // A 404 names an audience id this account does not have: the connector's setting is wrong.
      const audience = res.status === 404 ? `no audience "${o.listId}" in this account (${detail})` : detail;
      return { status: res.status, request: asked, failure: httpFailure(res.status, audience, listUrl) };
    },
  };
  return connector;
}
