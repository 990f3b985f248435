import { VALIDITY_REASONS, type ValidityCounts, type ValidityReason, type ValiditySummary } from '../../contract/rules';
import type { DbClient } from '../db/client';
import { num, str } from '../lib/cells';
import { KEYWORD_BUYS_SQL } from '../derived/keyword-buys';
import { normaliseExclusion } from '../lib/exclusion';
import { Params } from '../lib/params';
import { getRules } from './store';
import { ensureValidity, VALIDITY_TABLE } from './validity-table';

type Row = Record<string, unknown>;

const COUNTS = `count(*) AS entries, count(*) FILTER (WHERE len(reasons) = 0) AS valid_entries,
  count(DISTINCT entrant) AS entrants, count(DISTINCT entrant) FILTER (WHERE len(reasons) = 0) AS valid_entrants`;
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
  const excl = [...new Set(r.excluded.map(normaliseExclusion))];
  const p = new Params();
  const [[t], byBuy, [unknown], matched] = await Promise.all([
    db.rows<Row>(
      `SELECT ${COUNTS}, ${VALIDITY_REASONS.map((x) => `count(*) FILTER (WHERE list_contains(reasons, '${x}')) AS ${x}`).join(', ')}
       FROM ${VALIDITY_TABLE}`,
    ),
    db.rows<Row>(
      `WITH g AS (SELECT media_buy_id, ${COUNTS} FROM ${VALIDITY_TABLE} GROUP BY media_buy_id),
       sp AS (${SPEND_BY_BUY}),
       keys AS (SELECT media_buy_id FROM media_buys UNION SELECT media_buy_id FROM g UNION SELECT media_buy_id FROM sp)
       SELECT k.media_buy_id, m.name, g.* EXCLUDE (media_buy_id), coalesce(sp.spend, 0) AS spend
       FROM keys k LEFT JOIN g ON g.media_buy_id IS NOT DISTINCT FROM k.media_buy_id LEFT JOIN media_buys m ON m.media_buy_id = k.media_buy_id
       LEFT JOIN sp ON sp.media_buy_id IS NOT DISTINCT FROM k.media_buy_id
       ORDER BY k.media_buy_id IS NULL, k.media_buy_id`,
    ),
    db.rows<Row>(
      `SELECT count(*) FILTER (WHERE age IS NULL) AS age, count(*) FILTER (WHERE state IS NULL) AS state FROM segment_people
       WHERE entrant IN (SELECT entrant FROM ${VALIDITY_TABLE})`,
    ),
    excl.length
      ? db.rows<{ v: string }>(
          `SELECT DISTINCT v FROM (SELECT unnest([${p.list(excl)}]) AS v) x
           WHERE v IN (SELECT email FROM entries WHERE email IS NOT NULL) OR v IN (SELECT phone FROM entries WHERE phone IS NOT NULL)
              OR v IN (SELECT 'P' || lpad(to_hex(entrant), 16, '0') FROM segment_people)`,
          p.values,
        )
      : Promise.resolve([]),
  ]);
  const found = new Set(matched.map((m) => m.v));
  return {
    rulesVersion: info.version,
    ...counts(t),
    invalidBy: Object.fromEntries(VALIDITY_REASONS.map((x) => [x, num(t?.[x])])) as Record<ValidityReason, number>,
    unknownAge: r.minAge !== null ? num(unknown?.age) : null,
    unknownState: r.eligibleStates.length ? num(unknown?.state) : null,
    unmatchedExclusions: excl.filter((x) => !found.has(x)),
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
