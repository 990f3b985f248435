import type { BatchContext, BatchOutcome, Connector, ContactResult, PushContact } from '../connector';
import { isTransientStatus, redirectFailure, retryAfterMs } from '../connector';
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
      const body = webhookBody(contacts, ctx);
      const ts = Math.floor(Date.now() / 1000);
      const timeout = AbortSignal.timeout(o.timeoutMs ?? 15_000);
      let res: Response;
      let text: string;
      try {
        res = await fetch(o.endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': o.userAgent ?? 'ACE-Workstation',
            'webhook-id': ctx.idempotencyKey,
            'webhook-timestamp': String(ts),
            'webhook-signature': signWebhook(o.secret, ctx.idempotencyKey, ts, body),
            'idempotency-key': ctx.idempotencyKey,
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.any([ctx.signal, timeout]),
        });
        text = await res.text();
      } catch (e) {
        if (ctx.signal.aborted) throw e;
        const why = timeout.aborted ? `no answer within ${Math.round((o.timeoutMs ?? 15_000) / 1000)} s` : networkReason(e);
        return { kind: 'retry', reason: why };
      }
      const moved = redirectFailure(res.status, res.headers.get('location'), 'The service');
      if (moved) return moved;
      if (res.ok) return { kind: 'done', results: readResults(contacts, text) };
      const detail = `${res.status} ${res.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`;
      if (isTransientStatus(res.status))
        return { kind: 'retry', reason: detail, retryAfterMs: retryAfterMs(res.headers.get('retry-after')) };
      return { kind: 'fail', reason: detail };
    },
  };
}

function networkReason(e: unknown): string {
  const err = e as { message?: string; cause?: { code?: string; message?: string } };
  return `could not reach the service (${err.cause?.code ?? err.cause?.message ?? err.message ?? 'network error'})`;
}

/** The service's per-contact answers; anyone it did not name was accepted. */
function readResults(contacts: PushContact[], text: string): ContactResult[] {
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
