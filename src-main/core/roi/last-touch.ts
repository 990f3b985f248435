import { Params, planFiltered, REDEMPTIONS_WITH_FACTS, type Scope } from './scope';

/**
 * The last-touch option (DOMAIN.md: an option on top of the default attribution, never replacing
 * it). A redemption whose coupon matches no entry, but whose export carried the redeemer's email or
 * phone (a custom column such as "Email" or "Loyalty Phone"), is credited to that person's latest
 * entry in the `days` before it. Gives CTE `lt(redemption_key, redeemed_at, order_amount, media_buy_id, channel, entrant)`;
 * it needs the CTE `mb` of scopeCtes.
 */
export function lastTouchCtes(p: Params, days: number, s: Scope): string {
  const range: string[] = [];
  if (s.from) range.push(`r.redeemed_at >= ${p.add(s.from)}::DATE`);
  if (s.to) range.push(`r.redeemed_at < ${p.add(s.to)}::DATE + INTERVAL 1 DAY`);
  const digits = `regexp_replace(v, '[^0-9]', '', 'g')`;
  const phone = `CASE WHEN length(${digits}) = 10 THEN '+1' || ${digits}
                      WHEN length(${digits}) = 11 AND starts_with(${digits}, '1') THEN '+' || ${digits}
                      WHEN starts_with(trim(v), '+') AND length(${digits}) BETWEEN 8 AND 15 THEN '+' || ${digits} END`;
  const ch = s.filters.channel;
  const filters = [
    planFiltered(s) ? `media_buy_id IN (SELECT media_buy_id FROM mb)` : null,
    ch === undefined ? null : ch.length ? `coalesce(channel, '(not set)') IN (${p.list(ch)})` : 'false',
  ].filter(Boolean);
  return `lt_src AS (
      SELECT ace_row_key(r.import_id, r.line) AS redemption_key, r.redeemed_at, coalesce(r.order_amount, 0) AS order_amount,
             k.k AS k, r.attrs ->> k.k AS v
      FROM ${REDEMPTIONS_WITH_FACTS},
           unnest(json_keys(r.attrs)) AS k(k)
      WHERE rf.entry_key IS NULL AND r.attrs IS NOT NULL AND ${range.length ? range.join(' AND ') : 'true'}),
    lt_addr AS (
      SELECT redemption_key, redeemed_at, order_amount,
             CASE WHEN regexp_matches(lower(k), 'e-?mail') AND contains(v, '@') THEN hash('e:' || lower(trim(v)))
                  WHEN regexp_matches(lower(k), 'phone|mobile|cell|msisdn') AND ${phone} IS NOT NULL THEN hash('p:' || ${phone}) END AS node
      FROM lt_src),
    lt_who AS (
      SELECT DISTINCT a.redemption_key, a.redeemed_at, a.order_amount, coalesce(l.label, a.node) AS entrant
      FROM lt_addr a LEFT JOIN identity_labels l ON l.node = a.node WHERE a.node IS NOT NULL),
    lt_all AS (
      SELECT w.redemption_key, any_value(w.redeemed_at) AS redeemed_at, any_value(w.order_amount) AS order_amount,
             arg_max(f.media_buy_id, e.entered_at) AS media_buy_id, arg_max(e.channel, e.entered_at) AS channel, arg_max(f.entrant, e.entered_at) AS entrant
      FROM lt_who w JOIN entry_facts_t f ON f.entrant = w.entrant
      JOIN entries e ON ace_row_key(e.import_id, e.line) = f.entry_key
      WHERE e.entered_at <= w.redeemed_at AND e.entered_at >= w.redeemed_at - to_days(${p.add(days)}::INTEGER)
      GROUP BY w.redemption_key),
    lt AS (SELECT * FROM lt_all ${filters.length ? `WHERE ${filters.join(' AND ')}` : ''})`;
}
