import type { DrawPoolPreview } from '../../contract/draw';
import { segmentRule, type SegmentRule } from '../../contract/segments';
import type { DbClient } from '../db/client';
import { Params } from '../lib/params';
import { where } from '../segments/run';
import { normaliseExclusion } from '../lib/exclusion';
import { getRules } from '../rules/store';
import { ensureValidity, VALIDITY_TABLE } from '../rules/validity-table';
import { confirmedFraudSql } from '../fraud/review-sql';

/** Lines of the exclusion list shown back as matching nobody (the count is always whole). */
const SHOWN_UNMATCHED = 50;

/**
 * Before a draw: how many people the rule allows, how many of them the exclusions and earlier wins take
 * out, the pool that remains, and the exclusion lines that match nobody (a typo there would let a
 * member of staff win).
 */
export async function previewPool(db: DbClient, input: { rule?: SegmentRule; exclude: string[] }): Promise<DrawPoolPreview> {
  const p = new Params();
  const w = await where(db, input.rule ? segmentRule.parse(input.rule) : { all: [] }, p);
  const lines = [...new Set(input.exclude.map((x) => x.trim()).filter(Boolean))];
  const values = [...new Set(lines.map(normaliseExclusion))];
  const list = values.length ? p.list(values) : null;
  const excludedSql = list
    ? `('P' || lpad(to_hex(pp.entrant), 16, '0') IN (${list})
        OR pp.entrant IN (SELECT f.entrant FROM entries e JOIN entry_facts_t f ON f.entry_key = ace_row_key(e.import_id, e.line) WHERE e.email IN (${list}) OR e.phone IN (${list})))`
    : 'false';
  // Under official rules only people with a valid entry can win (the same validity the draw computes).
  const rules = await getRules(db);
  if (rules.version) await ensureValidity(db, rules);
  const [f] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM (${confirmedFraudSql()})`);
  const fraud = Number(f!.n) > 0;
  // Confirmed fraud is out with or without rules (the draw leaves it out too).
  const validSql = rules.version
    ? `pp.entrant IN (SELECT entrant FROM ${VALIDITY_TABLE} WHERE len(reasons) = 0)`
    : fraud
      ? `pp.entrant NOT IN (${confirmedFraudSql()})`
      : 'true';
  const [c] = await db.rows<Record<string, unknown>>(
    // Each person's facts once (the exclusion test reads the entries), then counted.
    `SELECT count(*) AS eligible, count(*) FILTER (WHERE x) AS excluded, count(*) FILTER (WHERE NOT x AND NOT v) AS no_valid,
            count(*) FILTER (WHERE NOT x AND v AND won) AS won_before, count(*) FILTER (WHERE NOT x AND v AND NOT won) AS pool
     FROM (SELECT (${excludedSql}) AS x, ${validSql} AS v, pp.entrant IN (SELECT entrant FROM draw_winners) AS won
           FROM segment_people pp WHERE (${w}))`,
    p.values,
  );
  let unmatched: string[] = [];
  if (values.length) {
    const q = new Params();
    const vs = q.list(values);
    const found = await db.rows<{ v: string }>(
      `SELECT DISTINCT v FROM (
         SELECT email AS v FROM entries WHERE email IN (${vs})
         UNION ALL SELECT phone FROM entries WHERE phone IN (${vs})
         UNION ALL SELECT 'P' || lpad(to_hex(entrant), 16, '0') FROM segment_people WHERE 'P' || lpad(to_hex(entrant), 16, '0') IN (${vs}))`,
      q.values,
    );
    const hit = new Set(found.map((r) => r.v));
    unmatched = lines.filter((l) => !hit.has(normaliseExclusion(l)));
  }
  return {
    eligible: Number(c!.eligible),
    excluded: Number(c!.excluded),
    noValidEntry: rules.version || fraud ? Number(c!.no_valid) : null,
    wonBefore: Number(c!.won_before),
    poolSize: Number(c!.pool),
    exclusionLines: lines.length,
    unmatched: unmatched.slice(0, SHOWN_UNMATCHED),
    unmatchedCount: unmatched.length,
  };
}
