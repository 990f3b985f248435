import { cappedSql } from './cap';
import { bestHourAudienceSql } from '../outcomes/best-time';
import type { FrequencyCap, PushChannel, PushField } from '../../contract/deliver';
import type { Params } from '../lib/params';
import { addressNode as node } from '../derived/people';

/**
 * Who of a segment may be messaged on a channel, and why not (DOMAIN.md "Consent"), computed from
 * the imported rows themselves at plan time, in the core: no screen can bypass it.
 *
 * A person may be messaged on a channel if they opted in on it (an entry with consent, dated; a
 * contact row with consent, undated) and no opt-out for the channel or `all`, on any of their
 * addresses, is dated at or after their latest opt-in (undated on either side counts as after).
 * One message per person: to the address they opted in with most recently (ties: the smaller
 * address). Reasons, in order: no_address (none on this channel), no_consent (never opted in on it),
 * opted_out, invalid_address (opted in only with an address that is not valid), duplicate_address
 * (another member gets that address), already_sent (a recurring schedule sent to them before).
 */

const VALID_EMAIL = `'^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'`;
const VALID_PHONE = `'^\\+[1-9][0-9]{7,14}$'`;

const FIELD_SQL: Record<PushField, string> = {
  first_name: 'm.first_name',
  last_name: 'm.last_name',
  zip: 'm.zip',
  state: 'm.state',
  market: 'm.market',
  age: 'm.age::VARCHAR',
  product_affinity: 'm.product_affinity',
  purchase_timeframe: 'm.purchase_timeframe',
  coupon_code: 'cp.coupon_code',
  entries: 'm.entries::VARCHAR',
  redemptions: 'm.redemptions::VARCHAR',
  last_entry: `strftime(m.last_entry, '%Y-%m-%d %H:%M:%S')`,
};

/**
 * Who a push is limited to, or who it leaves out, as data: compiled here with bound parameters, so no
 * SQL text travels between modules.
 */
export type PushAudience =
  /** Only the failed or rejected contacts of that push that no retry of it has since delivered. */
  | { kind: 'retry_of'; pushId: string }
  /** Only the members whose best hour it is now in their local time (`at`: this machine's wall clock). */
  | { kind: 'best_hour'; at: string };
export type PushExclusion =
  /** People a schedule's earlier runs delivered to (a recurring schedule): left out as already_sent. */
  { kind: 'sent_by_schedule'; scheduleId: string };

/** The entrants of an audience, as a subquery over bound parameters (`members`: the segment's rule over pp). */
export function audienceSql(a: PushAudience, p: Params, members: string): string {
  switch (a.kind) {
    case 'best_hour':
      return bestHourAudienceSql(members, a.at, p);
    case 'retry_of': {
      const id = p.add(a.pushId);
      return `SELECT entrant FROM push_contacts WHERE push_id = ${id} AND status IN ('failed', 'rejected')
        AND entrant NOT IN (SELECT c.entrant FROM push_contacts c JOIN pushes r USING (push_id) WHERE r.retry_of = ${id} AND c.status = 'accepted')`;
    }
  }
}

/** The entrants an exclusion leaves out, as a subquery over bound parameters. */
export function exclusionSql(x: PushExclusion, p: Params): string {
  switch (x.kind) {
    case 'sent_by_schedule':
      return `SELECT pc.entrant FROM push_contacts pc JOIN pushes ps USING (push_id) WHERE ps.schedule_id = ${p.add(x.scheduleId)} AND pc.status = 'accepted'`;
  }
}

export interface CandidateOptions {
  /** The segment rule compiled over `segment_people pp` (parameters in `p`). */
  where: string;
  channel: PushChannel;
  fields: readonly PushField[];
  /** People a recurring schedule already sent to: excluded as already_sent. */
  exclude?: PushExclusion;
  /** The workspace's frequency cap: people who had their allowance are left out as frequency_cap. */
  cap?: FrequencyCap | null;
}

/**
 * One row per member: entrant, contact_id, address (the one to message), consent_at, reason (NULL
 * when they get the message) and fields (JSON text of the chosen personalization fields).
 */
export function candidatesSql(o: CandidateOptions, p: Params): string {
  const ch = p.add(o.channel);
  const already = o.exclude ? exclusionSql(o.exclude, p) : null;
  const col = o.channel === 'email' ? 'email' : 'phone';
  const raw = `${col}_raw`;
  const valid = o.channel === 'email' ? VALID_EMAIL : VALID_PHONE;
  const fields = o.fields.length ? `json_object(${o.fields.map((f) => `'${f}', ${FIELD_SQL[f]}`).join(', ')})::VARCHAR` : `'{}'`;
  return `WITH m AS (SELECT pp.* FROM segment_people pp WHERE ${o.where}),
ent AS (
  SELECT f.entrant, e.entered_at, e.email, e.phone, e.email_raw, e.phone_raw, e.email_opt_in, e.sms_opt_in, e.coupon_code
  FROM entries e JOIN entry_facts_t f ON f.entry_key = ace_row_key(e.import_id, e.line) WHERE f.entrant IN (SELECT entrant FROM m)),
con AS (
  SELECT * FROM (SELECT coalesce(l.label, ${node('c.email', 'c.phone')}) AS entrant, c.email, c.phone, c.email_raw, c.phone_raw, c.email_opt_in, c.sms_opt_in
                 FROM contacts c LEFT JOIN identity_labels l ON l.node = ${node('c.email', 'c.phone')})
  WHERE entrant IN (SELECT entrant FROM m)),
addr AS (
  SELECT entrant, email AS address FROM ent WHERE email IS NOT NULL UNION SELECT entrant, phone FROM ent WHERE phone IS NOT NULL
  UNION SELECT entrant, email FROM con WHERE email IS NOT NULL UNION SELECT entrant, phone FROM con WHERE phone IS NOT NULL),
has_addr AS (
  SELECT DISTINCT entrant FROM (SELECT entrant FROM ent WHERE ${col} IS NOT NULL OR ${raw} IS NOT NULL UNION ALL SELECT entrant FROM con WHERE ${col} IS NOT NULL OR ${raw} IS NOT NULL)),
optin AS (
  SELECT entrant, entered_at AS opted_at, ${col} AS address FROM ent WHERE ${o.channel}_opt_in AND (${col} IS NOT NULL OR ${raw} IS NOT NULL)
  UNION ALL SELECT entrant, NULL, ${col} FROM con WHERE ${o.channel}_opt_in AND (${col} IS NOT NULL OR ${raw} IS NOT NULL)),
good AS (SELECT * FROM optin WHERE regexp_full_match(address, ${valid})),
latest AS (SELECT entrant, max(opted_at) AS last_at FROM good GROUP BY entrant),
blocked AS (
  SELECT DISTINCT la.entrant FROM latest la JOIN addr a ON a.entrant = la.entrant
  JOIN consent_optouts o ON o.address = a.address AND (o.channel = ${ch} OR o.channel = 'all')
  WHERE o.opted_out_at IS NULL OR la.last_at IS NULL OR o.opted_out_at >= la.last_at),
pick AS (SELECT entrant, address FROM good QUALIFY row_number() OVER (PARTITION BY entrant ORDER BY opted_at DESC NULLS LAST, address) = 1),
cp AS (SELECT entrant, arg_max(coupon_code, entered_at) FILTER (WHERE coupon_code IS NOT NULL) AS coupon_code FROM ent GROUP BY entrant),
c AS (
  SELECT m.entrant, 'P' || lpad(to_hex(m.entrant), 16, '0') AS contact_id, pk.address, la.last_at AS consent_at, ${fields} AS fields,
    CASE WHEN m.entrant NOT IN (SELECT entrant FROM has_addr) THEN 'no_address'
         WHEN m.entrant NOT IN (SELECT entrant FROM optin) THEN 'no_consent'
         WHEN m.entrant IN (SELECT entrant FROM blocked) THEN 'opted_out'
         WHEN pk.address IS NULL THEN 'invalid_address'
         ${already ? `WHEN m.entrant IN (${already}) THEN 'already_sent'` : ''}
         ${o.cap ? `WHEN m.entrant IN (${cappedSql(o.cap, o.channel, 'SELECT entrant, address FROM addr', p)}) THEN 'frequency_cap'` : ''}
    END AS reason0
  FROM m LEFT JOIN pick pk ON pk.entrant = m.entrant LEFT JOIN latest la ON la.entrant = m.entrant LEFT JOIN cp ON cp.entrant = m.entrant)
SELECT entrant, contact_id, address, consent_at, fields,
  CASE WHEN reason0 IS NULL AND row_number() OVER (PARTITION BY CASE WHEN reason0 IS NULL THEN address END ORDER BY entrant) > 1 THEN 'duplicate_address' ELSE reason0 END AS reason
FROM c`;
}

/** Every address of the members (any channel): a later opt-out on any of them stops the send. */
export function memberAddressesSql(where: string): string {
  return `WITH m AS (SELECT pp.entrant FROM segment_people pp WHERE ${where})
SELECT f.entrant, e.email AS address FROM entries e JOIN entry_facts_t f ON f.entry_key = ace_row_key(e.import_id, e.line) WHERE e.email IS NOT NULL AND f.entrant IN (SELECT entrant FROM m)
UNION SELECT f.entrant, e.phone FROM entries e JOIN entry_facts_t f ON f.entry_key = ace_row_key(e.import_id, e.line) WHERE e.phone IS NOT NULL AND f.entrant IN (SELECT entrant FROM m)
UNION SELECT entrant, address FROM (
  SELECT coalesce(l.label, ${node('c.email', 'c.phone')}) AS entrant, unnest([c.email, c.phone]) AS address
  FROM contacts c LEFT JOIN identity_labels l ON l.node = ${node('c.email', 'c.phone')})
WHERE address IS NOT NULL AND entrant IN (SELECT entrant FROM m)`;
}
