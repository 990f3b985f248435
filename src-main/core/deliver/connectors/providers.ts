import type { BatchContext, BatchOutcome, Connector, ContactResult, PushContact } from '../connector';
import { isTransientStatus, retryAfterMs } from '../connector';

/**
 * Two major providers' documented audience APIs, behind the same connector interface:
 *
 * - SendGrid Marketing Contacts: `PUT /v3/marketing/contacts` upserts up to 30,000 contacts or 6 MB
 *   per request (Bearer API key) and answers 202 with a job id; the job is polled at
 *   `GET /v3/marketing/contacts/imports/{id}` until completed / errored / failed. Upserts are keyed
 *   by email, so a batch sent again changes nothing. Rate limits: 429 with X-RateLimit-Reset (epoch s).
 * - Mailchimp Marketing: `POST /3.0/lists/{list_id}` batch subscribe/update, up to 500 members per
 *   call (HTTP Basic with the API key, data centre from its `-usN` suffix), answered synchronously
 *   with new_members / updated_members / errors; errors are application/problem+json.
 */

type Fetch = typeof fetch;

const network = (e: unknown) => {
  const err = e as { message?: string; cause?: { code?: string } };
  return `could not reach the service (${err.cause?.code ?? err.message ?? 'network error'})`;
};

/** A provider's error body in one line (SendGrid's errors[], Mailchimp's problem+json). */
function errorText(status: number, body: string): string {
  try {
    const j = JSON.parse(body) as { errors?: { message?: string; field?: string | null }[]; title?: string; detail?: string };
    if (Array.isArray(j.errors) && j.errors.length) return `${status}: ${j.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ')}`;
    if (j.title || j.detail) return `${status} ${j.title ?? ''}: ${j.detail ?? ''}`.trim();
  } catch {
    // not JSON
  }
  return `${status}${body ? `: ${body.slice(0, 200)}` : ''}`;
}

async function request(fetchImpl: Fetch, url: string, init: RequestInit, signal: AbortSignal, timeoutMs = 30_000): Promise<{ res: Response; text: string } | { error: string }> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetchImpl(url, { ...init, signal: AbortSignal.any([signal, timeout]) });
    return { res, text: await res.text() };
  } catch (e) {
    if (signal.aborted) throw e;
    return { error: timeout.aborted ? `no answer within ${timeoutMs / 1000} s` : network(e) };
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });

export interface SendGridOptions {
  apiKey: string;
  listIds?: string[];
  baseUrl?: string;
  pollMs?: number;
  maxPolls?: number;
  fetchImpl?: Fetch;
}

export const SENDGRID_MAX_CONTACTS = 30_000;
export const SENDGRID_MAX_BYTES = 6 * 1024 * 1024;

export function sendGridBody(contacts: PushContact[], listIds: string[]): string {
  return JSON.stringify({
    ...(listIds.length ? { list_ids: listIds } : {}),
    contacts: contacts.map((c) => ({
      email: c.address,
      ...(c.fields.first_name ? { first_name: c.fields.first_name } : {}),
      ...(c.fields.last_name ? { last_name: c.fields.last_name } : {}),
      ...(c.fields.zip ? { postal_code: c.fields.zip } : {}),
      ...(c.fields.state ? { state_province_region: c.fields.state } : {}),
    })),
  });
}

export function createSendGridConnector(o: SendGridOptions): Connector {
  const base = (o.baseUrl ?? 'https://api.sendgrid.com').replace(/\/$/, '');
  const f = o.fetchImpl ?? fetch;
  const auth = { authorization: `Bearer ${o.apiKey}`, 'content-type': 'application/json' };
  return {
    kind: 'sendgrid',
    maxBatch: SENDGRID_MAX_CONTACTS,
    channels: ['email'],
    async sendBatch(contacts, ctx: BatchContext): Promise<BatchOutcome> {
      const body = sendGridBody(contacts, o.listIds ?? []);
      if (contacts.length > SENDGRID_MAX_CONTACTS || Buffer.byteLength(body) > SENDGRID_MAX_BYTES) {
        return { kind: 'fail', reason: `SendGrid takes at most ${SENDGRID_MAX_CONTACTS} contacts or 6 MB per request; this batch is bigger. Send smaller batches.` };
      }
      const put = await request(f, `${base}/v3/marketing/contacts`, { method: 'PUT', headers: auth, body }, ctx.signal);
      if ('error' in put) return { kind: 'retry', reason: put.error };
      if (put.res.status === 429) {
        const reset = Number(put.res.headers.get('x-ratelimit-reset'));
        return { kind: 'retry', reason: errorText(429, put.text), retryAfterMs: Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - Date.now()) : retryAfterMs(put.res.headers.get('retry-after')) };
      }
      if (put.res.status !== 202 && !put.res.ok) return isTransientStatus(put.res.status) ? { kind: 'retry', reason: errorText(put.res.status, put.text) } : { kind: 'fail', reason: errorText(put.res.status, put.text) };
      const jobId = (JSON.parse(put.text) as { job_id?: string }).job_id;
      if (!jobId) return { kind: 'retry', reason: 'SendGrid accepted the batch without a job id' };
      // The upsert is asynchronous: wait for the job's outcome.
      for (let i = 0; i < (o.maxPolls ?? 120); i++) {
        await sleep(i === 0 ? 0 : (o.pollMs ?? 2000), ctx.signal);
        const got = await request(f, `${base}/v3/marketing/contacts/imports/${encodeURIComponent(jobId)}`, { headers: auth }, ctx.signal);
        if ('error' in got || isTransientStatus(got.res.status)) continue;
        if (!got.res.ok) return { kind: 'fail', reason: errorText(got.res.status, got.text) };
        const job = JSON.parse(got.text) as { status: string; results?: { errored_count?: number; errors_url?: string } };
        if (job.status === 'pending') continue;
        if (job.status === 'completed') return { kind: 'done', results: contacts.map((c) => ({ contactId: c.contactId, status: 'accepted' })) };
        if (job.status === 'failed') return { kind: 'fail', reason: `SendGrid could not import the batch (job ${jobId} failed).` };
        // errored: some contacts were refused; the errors file names them.
        const refused = await erroredEmails(f, job.results?.errors_url, auth, ctx.signal);
        return { kind: 'done', results: contacts.map((c): ContactResult => (refused.has(c.address) ? { contactId: c.contactId, status: 'rejected', reason: refused.get(c.address)! } : { contactId: c.contactId, status: 'accepted' })) };
      }
      return { kind: 'retry', reason: `SendGrid job ${jobId} still pending` };
    },
  };
}

/** The errors file of an import job: CSV with the email and the error. */
async function erroredEmails(f: Fetch, url: string | undefined, headers: Record<string, string>, signal: AbortSignal): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!url) return out;
  const got = await request(f, url, { headers }, signal);
  if ('error' in got || !got.res.ok) return out;
  for (const line of got.text.split(/\r?\n/).slice(1)) {
    const [email, ...reason] = line.split(',');
    if (email) out.set(email.trim().toLowerCase(), reason.join(',').replace(/^"|"$/g, '').trim() || 'refused by SendGrid');
  }
  return out;
}

export interface MailchimpOptions {
  apiKey: string;
  listId: string;
  baseUrl?: string;
  fetchImpl?: Fetch;
}

export const MAILCHIMP_MAX_MEMBERS = 500;

export function mailchimpBody(contacts: PushContact[]): string {
  return JSON.stringify({
    update_existing: true,
    members: contacts.map((c) => ({
      email_address: c.address,
      // Only people who opted in are ever pushed: subscribed is their consent, not ours to invent.
      status_if_new: 'subscribed',
      merge_fields: { ...(c.fields.first_name ? { FNAME: c.fields.first_name } : {}), ...(c.fields.last_name ? { LNAME: c.fields.last_name } : {}) },
    })),
  });
}

export function createMailchimpConnector(o: MailchimpOptions): Connector {
  const dc = /-([a-z]+\d+)$/.exec(o.apiKey)?.[1];
  const base = (o.baseUrl ?? (dc ? `https://${dc}.api.mailchimp.com` : 'https://api.mailchimp.com')).replace(/\/$/, '');
  const f = o.fetchImpl ?? fetch;
  return {
    kind: 'mailchimp',
    maxBatch: MAILCHIMP_MAX_MEMBERS,
    channels: ['email'],
    async sendBatch(contacts, ctx): Promise<BatchOutcome> {
      if (contacts.length > MAILCHIMP_MAX_MEMBERS) return { kind: 'fail', reason: `Mailchimp takes at most ${MAILCHIMP_MAX_MEMBERS} members per call; this batch has ${contacts.length}.` };
      const got = await request(
        f,
        `${base}/3.0/lists/${encodeURIComponent(o.listId)}`,
        { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`ace:${o.apiKey}`).toString('base64')}`, 'content-type': 'application/json' }, body: mailchimpBody(contacts) },
        ctx.signal,
      );
      if ('error' in got) return { kind: 'retry', reason: got.error };
      if (!got.res.ok) {
        return isTransientStatus(got.res.status)
          ? { kind: 'retry', reason: errorText(got.res.status, got.text), retryAfterMs: retryAfterMs(got.res.headers.get('retry-after')) }
          : { kind: 'fail', reason: errorText(got.res.status, got.text) };
      }
      const body = JSON.parse(got.text) as { errors?: { email_address?: string; error?: string; error_code?: string }[] };
      const refused = new Map((body.errors ?? []).map((e) => [String(e.email_address ?? '').toLowerCase(), `${e.error ?? 'refused'}${e.error_code ? ` (${e.error_code})` : ''}`]));
      return { kind: 'done', results: contacts.map((c): ContactResult => (refused.has(c.address) ? { contactId: c.contactId, status: 'rejected', reason: refused.get(c.address)! } : { contactId: c.contactId, status: 'accepted' })) };
    },
  };
}
