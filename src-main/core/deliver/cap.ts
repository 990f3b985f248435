import type { FrequencyCap, MessageCosts } from '../../contract/deliver';
import type { DbClient } from '../db/client';
import type { Params } from '../lib/params';
import { metaMergeSql } from '../lib/merge';

/**
 * Workspace rules about messages: the frequency cap and what a message costs.
 *
 * The frequency cap: at most `max` messages per person per `days` days on each channel,
 * across all pushes. A message is a contact a service accepted in a batch sent within the last `days`
 * days (dry runs and held-out people are not messages); a person is counted by their addresses, so a
 * person whose entries were linked since (one more address) keeps the messages sent to either.
 *
 * It is applied when a push is planned (left out as `frequency_cap`) and again before each batch (a push
 * sent meanwhile may have used the allowance: suppressed, with the reason).
 */
const KEY = 'frequency_cap';

export async function getCap(db: DbClient): Promise<FrequencyCap | null> {
  const [r] = await db.rows<{ value: string }>(`SELECT value FROM ace_meta WHERE key = '${KEY}'`);
  return r ? (JSON.parse(r.value) as FrequencyCap) : null;
}

export async function setCap(db: DbClient, cap: FrequencyCap | null): Promise<FrequencyCap | null> {
  await db.write((w) =>
    cap ? w.run(metaMergeSql([['?', '?']]), [KEY, JSON.stringify(cap)]) : w.run(`DELETE FROM ace_meta WHERE key = '${KEY}'`),
  );
  return cap;
}

/**
 * SQL: (push_id, address) of every message on the channel within the cap's window, one row per push and
 * address; `notPush` leaves one push out (the one being sent, whose own earlier batches went to others).
 */
export function recentSendsSql(cap: FrequencyCap, channel: string, p: Params, notPush?: string): string {
  return `SELECT DISTINCT pc.push_id, pc.address FROM push_contacts pc JOIN push_batches b USING (push_id, batch) JOIN pushes ps USING (push_id)
    WHERE pc.status = 'accepted' AND ps.channel = ${p.add(channel)} AND NOT coalesce(ps.dry_run, false)
      AND b.sent_at >= current_timestamp::TIMESTAMP - to_days(${p.add(cap.days)}::INTEGER)${notPush ? ` AND pc.push_id <> ${p.add(notPush)}` : ''}`;
}

/** SQL: the entrants of `addresses` (entrant, address) who already had `max` messages in the window. */
export function cappedSql(cap: FrequencyCap, channel: string, addresses: string, p: Params, notPush?: string): string {
  return `SELECT a.entrant FROM (${addresses}) a JOIN (${recentSendsSql(cap, channel, p, notPush)}) s ON s.address = a.address
    GROUP BY a.entrant HAVING count(DISTINCT s.push_id) >= ${p.add(cap.max)}`;
}

/** The sentence a suppressed contact carries. */
export const capReason = (cap: FrequencyCap) =>
  `frequency cap: already ${cap.max} message${cap.max === 1 ? '' : 's'} in the last ${cap.days} day${cap.days === 1 ? '' : 's'}`;

/** What a message costs per channel (workspace setting, ace_meta `message_costs`): a push's cost is sent x this. */
export async function getCosts(db: DbClient): Promise<MessageCosts> {
  const [r] = await db.rows<{ value: string }>(`SELECT value FROM ace_meta WHERE key = 'message_costs'`);
  return r ? (JSON.parse(r.value) as MessageCosts) : { email: null, sms: null };
}

export async function setCosts(db: DbClient, costs: MessageCosts): Promise<MessageCosts> {
  await db.write((w) => w.run(metaMergeSql([[`'message_costs'`, '?']]), [JSON.stringify(costs)]));
  return costs;
}
