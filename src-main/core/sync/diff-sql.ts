import type { PushChannel, PushField } from '../../contract/deliver';
import type { SyncMode } from '../../contract/sync';
import type { Params } from '../lib/params';
import { candidatesSql } from '../deliver/eligible';
import { addressNode } from '../derived/people';

export interface DiffOptions {
  syncId: string;
  /** The segment's rule compiled over `segment_people pp`. */
  where: string;
  channel: PushChannel;
  fields: readonly PushField[];
  mode: SyncMode;
}

/**
 * One row per person the run concerns: `op` add, update, remove, unchanged, or kept (upsert: on the list,
 * would be removed in mirror mode); entrant, contact_id, address, previous_address (an update that moves the
 * person to a new address), fields (JSON text), print (md5 of address and fields: what the list holds),
 * consent_at, reason.
 *
 * Who may be on the list is who a push could message now (deliver/eligible.ts: consent, opt-outs, a valid
 * address, one person per address). Compared with the last synced state (sync_state): new → add; on it with
 * another address or other fields → update; on it and no longer messageable (left the segment, opted out,
 * consent gone…) → remove in mirror mode, kept in upsert mode. An opted-out person is never added or updated.
 */
export function diffSql(o: DiffOptions, p: Params): string {
  const cand = candidatesSql({ where: o.where, channel: o.channel, fields: o.fields }, p);
  const sync = p.add(o.syncId);
  const ch = p.add(o.channel);
  const gone = o.mode === 'mirror' ? `'remove'` : `'kept'`;
  const node = o.channel === 'email' ? addressNode('s.address', 'NULL') : addressNode('NULL', 's.address');
  return `WITH cand AS (${cand}),
-- Who each listed address belongs to now: the identity graph may have joined people since (a new entry linking
-- two addresses), which changes a person's id; the list's key is the address. Two listed rows that are one
-- person now: the latest synced stays theirs, the other is left over (removed by mirror).
st_all AS (
  SELECT coalesce(l.label, ${node}) AS entrant, s.contact_id, s.address, s.print,
         row_number() OVER (PARTITION BY coalesce(l.label, ${node}) ORDER BY s.synced_at DESC, s.address) AS k
  FROM sync_state s LEFT JOIN identity_labels l ON l.node = ${node} WHERE s.sync_id = ${sync}),
st AS (SELECT entrant, contact_id, address, print FROM st_all WHERE k = 1),
want AS (SELECT entrant, contact_id, address, fields, consent_at, md5(address || '|' || fields) AS print FROM cand WHERE reason IS NULL)
SELECT 'add' AS op, w.entrant, w.contact_id, w.address, NULL::VARCHAR AS previous_address, w.fields, w.print, w.consent_at, 'joined' AS reason
FROM want w WHERE w.entrant NOT IN (SELECT entrant FROM st)
UNION ALL
SELECT CASE WHEN w.print = s.print THEN 'unchanged' ELSE 'update' END, w.entrant, w.contact_id, w.address,
       CASE WHEN w.address <> s.address THEN s.address END, w.fields, w.print, w.consent_at,
       CASE WHEN w.print = s.print THEN 'joined' WHEN w.address <> s.address THEN 'address_changed' ELSE 'details_changed' END
FROM want w JOIN st s USING (entrant)
UNION ALL
SELECT ${gone}, s.entrant, s.contact_id, s.address, NULL, NULL, NULL, NULL,
       coalesce(c.reason, CASE WHEN EXISTS (SELECT 1 FROM consent_optouts o WHERE o.address = s.address AND (o.channel = ${ch} OR o.channel = 'all'))
                               THEN 'opted_out' ELSE 'left_segment' END)
FROM st s LEFT JOIN cand c ON c.entrant = s.entrant WHERE s.entrant NOT IN (SELECT entrant FROM want)
UNION ALL
SELECT ${gone}, s.entrant, s.contact_id, s.address, NULL, NULL, NULL, NULL, 'duplicate_address' FROM st_all s WHERE s.k > 1`;
}
