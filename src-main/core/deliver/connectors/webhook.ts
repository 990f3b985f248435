import { randomBytes } from 'node:crypto';
import type {
  BatchContext,
  BatchOutcome,
  CheckOutcome,
  Connector,
  ContactResult,
  PushContact,
  SyncBatchContext,
  SyncContact,
} from '../connector';
import { isTransientStatus, redirectFailure, retryAfterMs, shownUrl } from '../connector';
import { httpFailure, networkFailure } from '../failure';
import { signWebhook } from '../signing';

export interface WebhookOptions {
  endpoint: string;
  /** Standard Webhooks signing secret (whsec_...). */
  secret: string;
  timeoutMs?: number;
  maxBatch?: number;
  userAgent?: string;
}

/** The request body for one batch (docs/push-api.md). */
export function webhookBody(contacts: PushContact[], ctx: Omit<BatchContext, 'signal'>): string {
  return JSON.stringify({
    type: 'ace.push.batch',
    version: 1,
    push_id: ctx.pushId,
    idempotency_key: ctx.idempotencyKey,
    segment: ctx.segment,
    channel: ctx.channel,
    batch: { number: ctx.batchNumber, count: ctx.batchCount },
    ...(ctx.template ? { template: ctx.template } : {}),
    contacts: contacts.map((c) => ({
      contact_id: c.contactId,
      address: c.address,
      fields: c.fields,
      ...(c.message ? { message: c.message } : {}),
    })),
  });
}

/** The request body for one batch of an audience sync (docs/push-api.md, "Audience sync"). */
export function syncBody(contacts: SyncContact[], ctx: Omit<SyncBatchContext, 'signal'>): string {
  return JSON.stringify({
    type: 'ace.sync.batch',
    version: 1,
    sync_id: ctx.syncId,
    run_id: ctx.runId,
    list: ctx.list,
    idempotency_key: ctx.idempotencyKey,
    operation: ctx.op,
    segment: ctx.segment,
    channel: ctx.channel,
    batch: { number: ctx.batchNumber, count: ctx.batchCount },
    contacts: contacts.map((c) => ({
      contact_id: c.contactId,
      address: c.address,
      ...(c.previousAddress ? { previous_address: c.previousAddress } : {}),
      fields: c.fields,
    })),
  });
}

/** Any sending service that takes the generic signed JSON batch (docs/push-api.md). */
export function createWebhookConnector(o: WebhookOptions): Connector {
  const maxBatch = o.maxBatch ?? 1000;
  return {
    kind: 'webhook',
    maxBatch,
    channels: ['email', 'sms'],
    async sendBatch(contacts, ctx): Promise<BatchOutcome> {
      if (contacts.length > maxBatch)
        return { kind: 'fail', reason: `A batch of ${contacts.length} is over this service's limit of ${maxBatch}.` };
      return answer(o, contacts, await post(o, webhookBody(contacts, ctx), ctx.idempotencyKey, ctx.signal));
    },
    async syncBatch(contacts, ctx): Promise<BatchOutcome> {
      if (contacts.length > maxBatch)
        return { kind: 'fail', reason: `A batch of ${contacts.length} is over this service's limit of ${maxBatch}.` };
      return answer(o, contacts, await post(o, syncBody(contacts, ctx), ctx.idempotencyKey, ctx.signal));
    },
    /** A signed `ace.push.ping` (docs/push-api.md): the receiver checks the signature and answers 2xx, sending nothing. */
    async check(signal): Promise<CheckOutcome> {
      const id = `ping_${randomBytes(8).toString('hex')}`;
      const request = `POST ${shownUrl(o.endpoint)} (ace.push.ping)`;
      const got = await post(o, JSON.stringify({ type: 'ace.push.ping', version: 1, ping_id: id }), id, signal);
      if ('error' in got) return { status: null, request, failure: got.error };
      const { res, text } = got;
      const moved = redirectFailure(res.status, res.headers.get('location'), 'The service', o.endpoint);
      if (moved?.kind === 'fail') return { status: res.status, request, failure: moved.failure ?? null };
      return {
        status: res.status,
        request,
        failure: res.ok ? null : httpFailure(res.status, serviceMessage(text) || res.statusText, o.endpoint),
      };
    },
  };
}

type Posted = { res: Response; text: string } | { error: ReturnType<typeof networkFailure>; reason: string };

/** A batch's answer classified: per-contact results, or retry (network, 5xx, 429) or fail (4xx, a redirect). */
function answer(o: WebhookOptions, contacts: { contactId: string }[], got: Posted): BatchOutcome {
  if ('error' in got) return { kind: 'retry', reason: got.reason, failure: got.error };
  const { res, text } = got;
  const moved = redirectFailure(res.status, res.headers.get('location'), 'The service', o.endpoint);
  if (moved) return moved;
  if (res.ok) return { kind: 'done', results: readResults(contacts, text) };
  const detail = `${res.status} ${res.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`;
  const failure = httpFailure(res.status, serviceMessage(text) || res.statusText, o.endpoint);
  if (isTransientStatus(res.status))
    return { kind: 'retry', reason: detail, retryAfterMs: retryAfterMs(res.headers.get('retry-after')), failure };
  return { kind: 'fail', reason: detail, failure };
}

/** One signed POST (Standard Webhooks headers); a network problem or a timeout comes back classified. */
async function post(o: WebhookOptions, body: string, id: string, signal: AbortSignal): Promise<Posted> {
  const ts = Math.floor(Date.now() / 1000);
  const timeoutMs = o.timeoutMs ?? 15_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(o.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': o.userAgent ?? 'ACE-Workstation',
        'webhook-id': id,
        'webhook-timestamp': String(ts),
        'webhook-signature': signWebhook(o.secret, id, ts, body),
        'idempotency-key': id,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.any([signal, timeout]),
    });
    return { res, text: await res.text() };
  } catch (e) {
    if (signal.aborted) throw e;
    const error = networkFailure(e, o.endpoint, timeout.aborted ? timeoutMs : undefined);
    return { error, reason: timeout.aborted ? error.detail : `could not reach the service (${error.detail})` };
  }
}

/** The receiver's `{"error": "..."}` (docs/push-api.md), else its text, short. */
function serviceMessage(text: string): string {
  try {
    const j = JSON.parse(text) as { error?: unknown; message?: unknown };
    if (typeof j.error === 'string') return j.error;
    if (typeof j.message === 'string') return j.message;
  } catch {
    // not JSON
  }
  return text.slice(0, 200);
}

/** The service's per-contact answers; anyone it did not name was accepted. */
function readResults(contacts: { contactId: string }[], text: string): ContactResult[] {
  const named = new Map<string, ContactResult>();
  try {
    const body = JSON.parse(text) as { results?: { contact_id?: unknown; status?: unknown; reason?: unknown }[] };
    for (const r of Array.isArray(body?.results) ? body.results : []) {
      if (typeof r.contact_id !== 'string') continue;
      const status = r.status === 'rejected' ? 'rejected' : 'accepted';
      named.set(r.contact_id, {
        contactId: r.contact_id,
        status,
        ...(typeof r.reason === 'string' ? { reason: r.reason.slice(0, 500) } : {}),
      });
    }
  } catch {
    // A 2xx without a JSON body: everyone accepted.
  }
  return contacts.map((c) => named.get(c.contactId) ?? { contactId: c.contactId, status: 'accepted' });
}
