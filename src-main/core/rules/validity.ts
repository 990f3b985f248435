import { VALIDITY_REASONS, type ValidityCounts, type ValidityReason, type ValiditySummary } from '../../contract/rules';
import type { DbClient } from '../db/client';
import { num, str } from '../lib/cells';
import { KEYWORD_BUYS_SQL } from '../derived/keyword-buys';
import { normaliseExclusion } from '../lib/exclusion';
import { getRules } from './store';
import { ensureValidity, VALIDITY_COUNTS, VALIDITY_UNMATCHED } from './validity-table';

type Row = Record<string, unknown>;

const counts = (r: Row | undefined): ValidityCounts => ({
  entries: num(r?.entries),
  validEntries: num(r?.valid_entries),
  entrants: num(r?.entrants),
  validEntrants: num(r?.valid_entrants),
});

/**
 * Spend per media buy as DOMAIN.md attributes it: its media_buy_id when the plan has it, else its keyword's
 * media buy, else unattributed (NULL).
 */
const SPEND_BY_BUY = `
  SELECT coalesce(b.media_buy_id, k.media_buy_id) AS media_buy_id, sum(s.amount) AS spend FROM spend s
  LEFT JOIN media_buys b ON b.media_buy_id = s.media_buy_id
  LEFT JOIN (${KEYWORD_BUYS_SQL}) k
    ON b.media_buy_id IS NULL AND k.keyword = s.keyword
  GROUP BY 1`;

/** Valid entries and entrants beside all of them, why the others are invalid, and per media buy the cost per valid entry. */
export async function validitySummary(db: DbClient): Promise<ValiditySummary> {
  const info = await getRules(db);
  await ensureValidity(db, info);
  const r = info.rules;
  const [[t], byBuy, unmatched] = await Promise.all([
    db.rows<Row>(`SELECT * FROM ${VALIDITY_COUNTS} WHERE is_total`),
    db.rows<Row>(
      `WITH g AS (SELECT * FROM ${VALIDITY_COUNTS} WHERE NOT is_total),
       sp AS (${SPEND_BY_BUY}),
       keys AS (SELECT media_buy_id FROM media_buys UNION SELECT media_buy_id FROM g UNION SELECT media_buy_id FROM sp)
       SELECT k.media_buy_id, m.name, g.entries, g.valid_entries, g.entrants, g.valid_entrants, coalesce(sp.spend, 0) AS spend
       FROM keys k LEFT JOIN g ON g.media_buy_id IS NOT DISTINCT FROM k.media_buy_id LEFT JOIN media_buys m ON m.media_buy_id = k.media_buy_id
       LEFT JOIN sp ON sp.media_buy_id IS NOT DISTINCT FROM k.media_buy_id
       ORDER BY k.media_buy_id IS NULL, k.media_buy_id`,
    ),
    db.rows<{ v: string }>(`SELECT v FROM ${VALIDITY_UNMATCHED}`),
  ]);
  const missing = new Set(unmatched.map((m) => m.v));
  return {
    rulesVersion: info.version,
    ...counts(t),
    invalidBy: Object.fromEntries(VALIDITY_REASONS.map((x) => [x, num(t?.[x])])) as Record<ValidityReason, number>,
    unknownAge: r.minAge !== null ? num(t?.unknown_age) : null,
    unknownState: r.eligibleStates.length ? num(t?.unknown_state) : null,
    unmatchedExclusions: [...new Set(r.excluded.map(normaliseExclusion))].filter((x) => missing.has(x)),
    byMediaBuy: byBuy.map((b) => {
      const c = counts(b);
      const spend = num(b.spend);
      return {
        mediaBuyId: str(b.media_buy_id),
        name: str(b.name),
        ...c,
        spend,
        costPerValidEntry: c.validEntries > 0 ? spend / c.validEntries : null,
      };
    }),
  };
}
