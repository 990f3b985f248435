import type { BatchContext, BatchOutcome, CheckOutcome, Connector, ContactResult, PushContact } from '../connector';
import { isTransientStatus, redirectFailure, retryAfterMs } from '../connector';
import { httpFailure } from '../failure';
import { sendGridSyncBatch } from './sendgrid-sync';
import { call, errorText, messages, rateLimitWait } from './sendgrid-http';

/**
 * SendGrid Marketing Contacts (docs/push-api.md, "SendGrid"):
 *
 * - `PUT /v3/marketing/contacts` (Bearer API key) upserts up to 30,000 contacts or 6 MB, whichever is
 *   lower, and answers 202 with a `job_id`; the upsert runs asynchronously.
 * - `GET /v3/marketing/contacts/imports/{job_id}` is polled until the job is `completed` (no errors),
 *   `errored` (some errors) or `failed` (all errors, or unprocessable). The job's `errors_url` file
 *   names the contacts it refused; they become rejected, everyone else accepted.
 * - Upserts are keyed by email, so sending a batch again (after a timeout, a crash, a 429) creates no
 *   second contact: a natural idempotency, which is why a job still pending after `maxPolls` polls is
 *   safe to retry.
 * - 429 carries X-RateLimit-Reset (epoch seconds): the batch is retried no earlier than that.
 */
export interface SendGridOptions {
  apiKey: string;
  /** Lists the contacts are added to (ids); none: the account's contacts only. */
  listIds?: string[];
  baseUrl?: string;
  /** Wait between job polls (default 2,000 ms). */
  pollMs?: number;
  /** Polls before giving up on a pending job and asking for a retry (default 150). */
  maxPolls?: number;
  /** Per-request timeout (default 30,000 ms). */
  timeoutMs?: number;
  /** Our personalization field -> SendGrid custom field id (custom fields must exist in SendGrid first). */
  customFields?: Record<string, string>;
  fetchImpl?: typeof fetch;
}

export const SENDGRID_MAX_CONTACTS = 30_000;
export const SENDGRID_MAX_BYTES = 6 * 1024 * 1024;

/** Our field names -> SendGrid reserved fields. Anything else needs a custom field id. */
const RESERVED: Record<string, string> = {
  first_name: 'first_name',
  last_name: 'last_name',
  zip: 'postal_code',
  postal_code: 'postal_code',
  city: 'city',
  state: 'state_province_region',
  country: 'country',
};

/** The PUT body for one batch. */
export function sendGridBody(contacts: PushContact[], listIds: readonly string[] = [], customFields: Record<string, string> = {}): string {
  return JSON.stringify({
    ...(listIds.length ? { list_ids: listIds } : {}),
    contacts: contacts.map((c) => {
      const out: Record<string, unknown> = { email: c.address };
      const custom: Record<string, string> = {};
      for (const [name, value] of Object.entries(c.fields)) {
        if (value === null || value === '') continue;
        if (RESERVED[name]) out[RESERVED[name]] = value;
        else if (customFields[name]) custom[customFields[name]] = value;
      }
      if (Object.keys(custom).length) out.custom_fields = custom;
      return out;
    }),
  });
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** The errors file: CSV with a header; the column named like "email" and the one named like "error". */
export function parseErrorsCsv(text: string): Map<string, string> {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else cell += ch;
  }
  if (cell || row.length) endRow();
  const out = new Map<string, string>();
  const head = (rows.shift() ?? []).map((h) => h.trim().toLowerCase());
  const emailCol = head.findIndex((h) => h === 'email' || h === 'email_address' || h.includes('email'));
  const errorCol = head.findIndex((h) => h.includes('error') || h.includes('message') || h.includes('reason'));
  if (emailCol < 0) return out;
  for (const r of rows) {
    const email = (r[emailCol] ?? '').trim().toLowerCase();
    if (email) out.set(email, (errorCol >= 0 ? r[errorCol]?.trim() : '') || 'refused by SendGrid');
  }
  return out;
}

export function createSendGridConnector(o: SendGridOptions): Connector {
  const base = (o.baseUrl ?? 'https://api.sendgrid.com').replace(/\/+$/, '');
  const f = o.fetchImpl ?? fetch;
  const timeoutMs = o.timeoutMs ?? 30_000;
  const auth = { authorization: `Bearer ${o.apiKey}` };
  const maxPolls = o.maxPolls ?? 150;
  const pollMs = o.pollMs ?? 2000;

  const connector: Connector = {
    kind: 'sendgrid',
    maxBatch: SENDGRID_MAX_CONTACTS,
    channels: ['email'],
    /** An audience sync's batch on the connector's lists (sendgrid-sync.ts). */
    syncBatch: (contacts, ctx) => sendGridSyncBatch({ base, f, auth, timeoutMs, listIds: o.listIds ?? [] }, connector, contacts, ctx),
    async sendBatch(contacts: PushContact[], ctx: BatchContext): Promise<BatchOutcome> {
      if (ctx.channel !== 'email')
        return { kind: 'fail', reason: `SendGrid Marketing Contacts takes email contacts only, not ${ctx.channel}.` };
      if (contacts.length === 0) return { kind: 'done', results: [] };
      if (contacts.length > SENDGRID_MAX_CONTACTS)
        return {
          kind: 'fail',
          reason: `A batch of ${contacts.length} is over SendGrid's limit of ${SENDGRID_MAX_CONTACTS} contacts per request.`,
        };
      const body = sendGridBody(contacts, o.listIds ?? [], o.customFields ?? {});
      if (Buffer.byteLength(body) > SENDGRID_MAX_BYTES)
        return {
          kind: 'fail',
          reason: `This batch is ${(Buffer.byteLength(body) / 1048576).toFixed(1)} MB, over SendGrid's 6 MB per request; send smaller batches.`,
        };

      const put = await call(
        f,
        `${base}/v3/marketing/contacts`,
        { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body },
        ctx.signal,
        timeoutMs,
      );
      const putUrl = `${base}/v3/marketing/contacts`;
      if ('error' in put) return { kind: 'retry', reason: put.error, failure: put.failure };
      const moved = redirectFailure(put.res.status, put.res.headers.get('location'), 'SendGrid', putUrl);
      if (moved) return moved;
      if (put.res.status === 429)
        return {
          kind: 'retry',
          reason: errorText(429, put.text),
          retryAfterMs: rateLimitWait(put.res),
          failure: httpFailure(429, messages(put.text), putUrl),
        };
      if (!put.res.ok) {
        const failure = httpFailure(put.res.status, messages(put.text), putUrl);
        return isTransientStatus(put.res.status)
          ? {
              kind: 'retry',
              reason: errorText(put.res.status, put.text),
              retryAfterMs: retryAfterMs(put.res.headers.get('retry-after')),
              failure,
            }
          : { kind: 'fail', reason: errorText(put.res.status, put.text), failure };
      }
      let jobId: string | undefined;
      try {
        jobId = (JSON.parse(put.text) as { job_id?: string }).job_id;
      } catch {
        // handled below
      }
      if (!jobId) return { kind: 'retry', reason: `SendGrid answered ${put.res.status} without a job id` };

      // The upsert is asynchronous: poll its job until it finishes.
      let lastProblem = 'still pending';
      for (let i = 0; i < maxPolls; i++) {
        await sleep(pollMs, ctx.signal);
        const got = await call(
          f,
          `${base}/v3/marketing/contacts/imports/${encodeURIComponent(jobId)}`,
          { headers: auth },
          ctx.signal,
          timeoutMs,
        );
        if ('error' in got) {
          lastProblem = got.error;
          continue;
        }
        if (got.res.status === 429) {
          lastProblem = errorText(429, got.text);
          await sleep(Math.min(rateLimitWait(got.res) ?? pollMs, 60_000), ctx.signal);
          continue;
        }
        if (isTransientStatus(got.res.status)) {
          lastProblem = errorText(got.res.status, got.text);
          continue;
        }
        const pollMoved = redirectFailure(got.res.status, got.res.headers.get('location'), 'SendGrid', base);
        if (pollMoved) return pollMoved;
        // The job vanished: upserting again is safe.
        if (got.res.status === 404) return { kind: 'retry', reason: `SendGrid lost job ${jobId}: ${errorText(404, got.text)}` };
        if (!got.res.ok)
          return {
            kind: 'fail',
            reason: errorText(got.res.status, got.text),
            failure: httpFailure(got.res.status, messages(got.text), `${base}/v3/marketing/contacts/imports`),
          };
        let job: { status?: string; results?: { errored_count?: number; errors_url?: string } };
        try {
          job = JSON.parse(got.text) as typeof job;
        } catch {
          lastProblem = 'job status was not JSON';
          continue;
        }
        if (job.status === 'pending') continue;
        if (job.status === 'completed')
          return { kind: 'done', results: contacts.map((c) => ({ contactId: c.contactId, status: 'accepted' })) };
        if (job.status !== 'errored' && job.status !== 'failed') {
          lastProblem = `unknown job status ${String(job.status)}`;
          continue;
        }
        const refused = await erroredContacts(f, base, job.results?.errors_url, auth, ctx.signal, timeoutMs);
        const named = contacts.filter((c) => refused.has(c.address.toLowerCase())).length;
        if (job.status === 'failed' && named === 0)
          return {
            kind: 'fail',
            reason: `SendGrid could not import this batch (job ${jobId} failed${job.results?.errored_count ? ` with ${job.results.errored_count} errors` : ''}).`,
          };
        const unexplained =
          (job.results?.errored_count ?? 0) > named
            ? `SendGrid reported ${job.results?.errored_count} errors in job ${jobId} but named only ${named}`
            : undefined;
        return {
          kind: 'done',
          results: contacts.map((c): ContactResult => {
            const why = refused.get(c.address.toLowerCase());
            if (why) return { contactId: c.contactId, status: 'rejected', reason: why.slice(0, 500) };
            if (job.status === 'failed') return { contactId: c.contactId, status: 'rejected', reason: `job ${jobId} failed` };
            return { contactId: c.contactId, status: 'accepted', ...(unexplained ? { reason: unexplained } : {}) };
          }),
        };
      }
      return {
        kind: 'retry',
        reason: `SendGrid job ${jobId} not finished after ${maxPolls} polls (${lastProblem}); upserting again is safe`,
      };
    },
    /** `GET /v3/scopes`: reads what the API key may do; adds, changes and sends nothing. */
    async check(signal): Promise<CheckOutcome> {
      const url = `${base}/v3/scopes`;
      const request = `GET ${url}`;
      const got = await call(f, url, { headers: auth }, signal, timeoutMs);
      if ('error' in got) return { status: null, request, failure: got.failure };
      const moved = redirectFailure(got.res.status, got.res.headers.get('location'), 'SendGrid', url);
      if (moved?.kind === 'fail') return { status: got.res.status, request, failure: moved.failure ?? null };
      return { status: got.res.status, request, failure: got.res.ok ? null : httpFailure(got.res.status, messages(got.text), url) };
    },
  };
  return connector;
}

/** Reads the job's errors file. The API key goes only to SendGrid's own origin, never to a download host. */
async function erroredContacts(
  f: typeof fetch,
  base: string,
  url: string | undefined,
  auth: Record<string, string>,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<Map<string, string>> {
  if (!url) return new Map();
  let sameOrigin: boolean;
  try {
    const u = new URL(url);
    // The errors file names people: fetched over https only (plain http only from a local test service).
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname))) return new Map();
    sameOrigin = u.origin === new URL(base).origin;
  } catch {
    return new Map();
  }
  const got = await call(f, url, sameOrigin ? { headers: auth } : {}, signal, timeoutMs);
  if ('error' in got || !got.res.ok) return new Map();
  return parseErrorsCsv(got.text);
}
