import type { BatchOutcome, Connector, SyncBatchContext, SyncContact } from '../connector';
import { isTransientStatus, leavingAddresses, redirectFailure, retryAfterMs, upsertAsPush } from '../connector';
import { httpFailure, localFailure } from '../failure';
import { call, errorText, messages, rateLimitWait, type Got } from './sendgrid-http';

/**
 * An audience sync on SendGrid Marketing Contacts lists (docs/push-api.md, "SendGrid"):
 *
 * - add and update: the connector's upsert (`PUT /v3/marketing/contacts` with the lists), its job polled;
 * - someone who moved to a new address, and a removal: `POST /v3/marketing/contacts/search/emails` (at most 100
 *   a request) finds the contact ids of the addresses leaving, and `DELETE /v3/marketing/lists/{id}/contacts
 *   ?contact_ids=…` (at most 100) takes them off each list. They stay contacts in the account (the list is what
 *   the sync keeps); an address SendGrid does not know is not on the list, so there is nothing to take off.
 * Each step is idempotent (an upsert by email, a removal of who is not there), so a batch sent again is safe.
 */
export interface SendGridSyncOptions {
  base: string;
  f: typeof fetch;
  auth: Record<string, string>;
  timeoutMs: number;
  listIds: string[];
}

const PER_REQUEST = 100;

/** A failed call as the batch's outcome: retry (network, 5xx, 429) or fail (4xx, a redirect). */
function outcomeOf(got: Got, url: string, what: string): BatchOutcome | null {
  if ('error' in got) return { kind: 'retry', reason: got.error, failure: got.failure };
  const moved = redirectFailure(got.res.status, got.res.headers.get('location'), 'SendGrid', url);
  if (moved) return moved;
  if (got.res.ok) return null;
  const failure = httpFailure(got.res.status, messages(got.text), url);
  const reason = `${what}: ${errorText(got.res.status, got.text)}`;
  if (got.res.status === 429) return { kind: 'retry', reason, retryAfterMs: rateLimitWait(got.res), failure };
  if (isTransientStatus(got.res.status))
    return { kind: 'retry', reason, retryAfterMs: retryAfterMs(got.res.headers.get('retry-after')), failure };
  return { kind: 'fail', reason, failure };
}

/** Takes `emails` off the lists; null when done, else the outcome that stopped it. */
async function takeOff(o: SendGridSyncOptions, emails: string[], signal: AbortSignal): Promise<BatchOutcome | null> {
  const ids: string[] = [];
  const searchUrl = `${o.base}/v3/marketing/contacts/search/emails`;
  for (let i = 0; i < emails.length; i += PER_REQUEST) {
    const got = await call(
      o.f,
      searchUrl,
      {
        method: 'POST',
        headers: { ...o.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ emails: emails.slice(i, i + PER_REQUEST) }),
      },
      signal,
      o.timeoutMs,
    );
    // None of them is a contact: none is on a list.
    if (!('error' in got) && got.res.status === 404) continue;
    const stop = outcomeOf(got, searchUrl, 'finding the contacts to take off the list');
    if (stop) return stop;
    const result = (JSON.parse((got as { text: string }).text) as { result?: Record<string, { contact?: { id?: string } }> }).result ?? {};
    for (const r of Object.values(result)) if (r.contact?.id) ids.push(r.contact.id);
  }
  for (const listId of o.listIds)
    for (let i = 0; i < ids.length; i += PER_REQUEST) {
      const url = `${o.base}/v3/marketing/lists/${encodeURIComponent(listId)}/contacts`;
      const got = await call(
        o.f,
        `${url}?contact_ids=${ids
          .slice(i, i + PER_REQUEST)
          .map(encodeURIComponent)
          .join(',')}`,
        { method: 'DELETE', headers: o.auth },
        signal,
        o.timeoutMs,
      );
      const stop = outcomeOf(got, url, `taking contacts off list ${listId}`);
      if (stop) return stop;
    }
  return null;
}

export async function sendGridSyncBatch(
  o: SendGridSyncOptions,
  connector: Connector,
  contacts: SyncContact[],
  ctx: SyncBatchContext,
): Promise<BatchOutcome> {
  if (!o.listIds.length) {
    const reason = 'A SendGrid sync keeps a list: add the list id to the connector (Deliver > Sending services > Edit).';
    return { kind: 'fail', reason, failure: localFailure('misconfigured', reason) };
  }
  if (ctx.channel !== 'email')
    return { kind: 'fail', reason: `SendGrid Marketing Contacts takes email contacts only, not ${ctx.channel}.` };
  const leaving = leavingAddresses(contacts, ctx.op);
  if (leaving.length) {
    const stop = await takeOff(o, leaving, ctx.signal);
    if (stop) return stop;
  }
  if (ctx.op === 'remove') return { kind: 'done', results: contacts.map((c) => ({ contactId: c.contactId, status: 'accepted' })) };
  return upsertAsPush(connector, contacts, ctx);
}
