import type { PushFailure } from '../../../contract/deliver';
import type { BatchOutcome, Connector, ContactResult, SyncBatchContext, SyncContact } from '../connector';
import { isTransientStatus, leavingAddresses, redirectFailure, retryAfterMs, upsertAsPush } from '../connector';
import { httpFailure, networkFailure } from '../failure';

/**
 * An audience sync on a Mailchimp audience, as a **tag** named after the sync (a static segment:
 * mailchimp.com/developer/marketing/api/list-segments):
 *
 * - the tag's id: `GET /3.0/lists/{id}/segments?type=static` finds it by name, else `POST …/segments
 *   {name, static_segment: []}` makes it (once per connector, then remembered);
 * - add and update: the connector's batch subscribe (an upsert by email; someone Mailchimp keeps unsubscribed
 *   is refused there, never re-subscribed), then `POST …/segments/{tag}` with `members_to_add` for who it took;
 * - a removal, and the old address of someone who moved: `members_to_remove` (they stay in the audience with
 *   their status; only the tag, which is the sync's list, comes off).
 * Every call is idempotent, so a batch sent again is safe.
 */
export interface MailchimpSyncOptions {
  listUrl: string;
  authorization: string;
  f: typeof fetch;
  timeoutMs: number;
  errorText: (status: number, text: string) => string;
  /** Tag ids by name, found or made once. */
  tags: Map<string, number>;
}

type Got = { res: Response; text: string } | { error: string; failure: PushFailure };

async function api(o: MailchimpSyncOptions, method: 'GET' | 'POST', url: string, body: unknown, signal: AbortSignal): Promise<Got> {
  const timeout = AbortSignal.timeout(o.timeoutMs);
  try {
    const res = await o.f(url, {
      method,
      headers: { authorization: o.authorization, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
      redirect: 'manual',
      signal: AbortSignal.any([signal, timeout]),
    });
    return { res, text: await res.text() };
  } catch (e) {
    if (signal.aborted) throw e;
    const failure = networkFailure(e, url, timeout.aborted ? o.timeoutMs : undefined);
    return { error: `could not reach Mailchimp (${failure.detail})`, failure };
  }
}

/** A failed call as the batch's outcome (retry: network, 5xx, 429; fail: 4xx, a redirect), or null when it went through. */
function outcomeOf(o: MailchimpSyncOptions, got: Got, url: string, what: string): BatchOutcome | null {
  if ('error' in got) return { kind: 'retry', reason: `${what}: ${got.error}`, failure: got.failure };
  const moved = redirectFailure(got.res.status, got.res.headers.get('location'), 'Mailchimp', url);
  if (moved) return moved;
  if (got.res.ok) return null;
  const reason = `${what}: ${o.errorText(got.res.status, got.text)}`;
  const failure = httpFailure(got.res.status, reason, url);
  return isTransientStatus(got.res.status)
    ? { kind: 'retry', reason, retryAfterMs: retryAfterMs(got.res.headers.get('retry-after')), failure }
    : { kind: 'fail', reason, failure };
}

async function tagId(o: MailchimpSyncOptions, name: string, signal: AbortSignal): Promise<number | BatchOutcome> {
  const known = o.tags.get(name);
  if (known !== undefined) return known;
  const listed = await api(o, 'GET', `${o.listUrl}/segments?type=static&count=1000`, undefined, signal);
  const stop = outcomeOf(o, listed, `${o.listUrl}/segments`, `finding the tag "${name}"`);
  if (stop) return stop;
  const found = ((JSON.parse((listed as { text: string }).text) as { segments?: { id: number; name: string }[] }).segments ?? []).find(
    (x) => x.name === name,
  );
  if (found) return (o.tags.set(name, found.id), found.id);
  const made = await api(o, 'POST', `${o.listUrl}/segments`, { name, static_segment: [] }, signal);
  const refused = outcomeOf(o, made, `${o.listUrl}/segments`, `making the tag "${name}"`);
  if (refused) return refused;
  const id = (JSON.parse((made as { text: string }).text) as { id: number }).id;
  o.tags.set(name, id);
  return id;
}

/** Adds or removes emails from the tag, 500 a call; the emails Mailchimp named as not list members, or a stop. */
async function changeTag(
  o: MailchimpSyncOptions,
  id: number,
  key: 'members_to_add' | 'members_to_remove',
  emails: string[],
  signal: AbortSignal,
): Promise<Set<string> | BatchOutcome> {
  const refused = new Set<string>();
  const url = `${o.listUrl}/segments/${id}`;
  for (let i = 0; i < emails.length; i += 500) {
    const got = await api(o, 'POST', url, { [key]: emails.slice(i, i + 500) }, signal);
    const stop = outcomeOf(o, got, url, key === 'members_to_add' ? 'tagging the members' : 'taking the tag off');
    if (stop) return stop;
    const body = JSON.parse((got as { text: string }).text) as { errors?: { email_addresses?: string[] }[] };
    for (const e of body.errors ?? []) for (const a of e.email_addresses ?? []) refused.add(a.toLowerCase());
  }
  return refused;
}

export async function mailchimpSyncBatch(
  o: MailchimpSyncOptions,
  connector: Connector,
  contacts: SyncContact[],
  ctx: SyncBatchContext,
): Promise<BatchOutcome> {
  if (ctx.channel !== 'email') return { kind: 'fail', reason: `Mailchimp audiences take email contacts only, not ${ctx.channel}.` };
  const tag = await tagId(o, ctx.list, ctx.signal);
  if (typeof tag !== 'number') return tag;
  const leaving = leavingAddresses(contacts, ctx.op);
  if (leaving.length) {
    // Someone not in the audience has no tag to lose: nothing to refuse.
    const off = await changeTag(o, tag, 'members_to_remove', leaving, ctx.signal);
    if (!(off instanceof Set)) return off;
  }
  if (ctx.op === 'remove') return { kind: 'done', results: contacts.map((c) => ({ contactId: c.contactId, status: 'accepted' })) };
  const up = await upsertAsPush(connector, contacts, ctx);
  if (up.kind !== 'done') return up;
  const taken = new Set(up.results.filter((r) => r.status === 'accepted').map((r) => r.contactId));
  const untagged = await changeTag(
    o,
    tag,
    'members_to_add',
    contacts.filter((c) => taken.has(c.contactId)).map((c) => c.address),
    ctx.signal,
  );
  if (!(untagged instanceof Set)) return untagged;
  return {
    kind: 'done',
    results: up.results.map((r): ContactResult => {
      const address = contacts.find((c) => c.contactId === r.contactId)?.address.toLowerCase();
      return r.status === 'accepted' && address && untagged.has(address)
        ? { contactId: r.contactId, status: 'rejected', reason: 'Mailchimp did not tag them (not a list member)' }
        : r;
    }),
  };
}
