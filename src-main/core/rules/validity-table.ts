import { VALIDITY_REASONS, type OfficialRules } from '../../contract/rules';
import type { DbClient, Writer } from '../db/client';
import { ensurePeople } from '../derived/people';
import { ensureDerived } from '../derived/state';
import { normaliseExclusion } from '../lib/exclusion';
import { Params } from '../lib/params';
import { confirmedFraudSql } from '../fraud/review-sql';
import { dropAll } from '../lib/drop';

/**
 * Every entry's validity under the official rules (DOMAIN.md, docs/rules.md), as the derived table
 * entry_validity (entry_key, entrant, media_buy_id, reasons): built on first use, dropped when the rules
 * are saved or entries, a plan or contacts are imported (their people's age and zip may change).
 *
 * - outside_period: entered before the period's start or after its end (campaign time);
 * - over_limit: beyond the person's allowance per day, per campaign or per keyword, counting their entries
 *   in the period from the earliest (ties by file order), so the earliest are the valid ones;
 * - under_age: their age (their latest entry that gives one) is below the minimum;
 * - ineligible_state: the state of their latest zip is not an eligible one;
 * - excluded: one of their addresses, or their entrant id, is on the excluded list;
 * - fraud: a reviewer confirmed the person's fraud flags (core/fraud).
 * A person whose age or state is not known is not invalid for it (checked at the prize claim) and is counted.
 */
export const VALIDITY_TABLE = 'entry_validity';

/**
 * A moment as a timestamp bound. A date alone starts at 00:00; as an end it runs to the end of that day. An end
 * is inclusive to what it names: "23:59" is the whole of that minute, "23:59:59" that second.
 */
function bound(m: string, end: boolean, p: Params): string {
  if (m.length === 10) return end ? `${p.add(m)}::DATE + INTERVAL 1 DAY` : `${p.add(m)}::DATE::TIMESTAMP`;
  if (!end) return `${p.add(m)}::TIMESTAMP`;
  return `${p.add(m)}::TIMESTAMP + ${m.length === 16 ? 'INTERVAL 1 MINUTE' : 'INTERVAL 1 SECOND'}`;
}

/** `fraudAsOf` (a timestamp): the fraud decisions as they stood then (a draw's re-run); now when left out. */
export function validitySql(r: OfficialRules, p: Params, fraudAsOf?: string | null): string {
  const inPeriod = r.entryPeriod
    ? `(e.entered_at >= ${bound(r.entryPeriod.start, false, p)} AND e.entered_at < ${bound(r.entryPeriod.end, true, p)})`
    : 'true';
  const excl = [...new Set(r.excluded.map(normaliseExclusion))];
  const list = excl.length ? p.list(excl) : null;
  const rank = (partition: string) =>
    `CASE WHEN in_period THEN row_number() OVER (PARTITION BY entrant, in_period${partition} ORDER BY entered_at, entry_key) END`;
  const { perDay, perCampaign, perKeyword } = r.limits;
  const over = [
    perCampaign ? `n_all > ${p.add(perCampaign)}` : null,
    perDay ? `n_day > ${p.add(perDay)}` : null,
    perKeyword ? `n_kw > ${p.add(perKeyword)}` : null,
  ].filter(Boolean);
  return `
WITH e AS (
  SELECT f.entry_key, f.entrant, f.media_buy_id, e.entered_at, e.keyword, ${inPeriod} AS in_period
  FROM entry_facts_t f JOIN entries e ON ace_row_key(e.import_id, e.line) = f.entry_key),
ranked AS (
  SELECT *, ${perCampaign ? rank('') : 'NULL'} AS n_all, ${perDay ? rank(', entered_at::DATE') : 'NULL'} AS n_day,
         ${perKeyword ? rank(', keyword') : 'NULL'} AS n_kw FROM e),
excluded AS (${
    list
      ? `SELECT DISTINCT f.entrant FROM entries e JOIN entry_facts_t f ON f.entry_key = ace_row_key(e.import_id, e.line)
         WHERE e.email IN (${list}) OR e.phone IN (${list})
         UNION SELECT entrant FROM segment_people WHERE 'P' || lpad(to_hex(entrant), 16, '0') IN (${list})`
      : 'SELECT NULL::UBIGINT AS entrant WHERE false'
  })
SELECT x.entry_key, x.entrant, x.media_buy_id, list_filter([
    CASE WHEN NOT x.in_period THEN 'outside_period' END,
    CASE WHEN ${over.length ? over.map((o) => `coalesce(${o}, false)`).join(' OR ') : 'false'} THEN 'over_limit' END,
    CASE WHEN ${r.minAge !== null ? `pp.age < ${p.add(r.minAge)}` : 'false'} THEN 'under_age' END,
    CASE WHEN ${r.eligibleStates.length ? `pp.state IS NOT NULL AND pp.state NOT IN (${p.list(r.eligibleStates)})` : 'false'} THEN 'ineligible_state' END,
    CASE WHEN x.entrant IN (SELECT entrant FROM excluded) THEN 'excluded' END,
    CASE WHEN x.entrant IN (${confirmedFraudSql(fraudAsOf ? `${p.add(fraudAsOf)}::TIMESTAMP` : undefined)}) THEN 'fraud' END], lambda v: v IS NOT NULL) AS reasons
FROM ranked x LEFT JOIN segment_people pp ON pp.entrant = x.entrant`;
}

const VERSION = 'v2';

/**
 * The counts the summary shows, made with the table: per media buy and in total (is_total), entries and
 * entrants, valid or not, invalid entries per reason, people whose age or state is unknown. Distinct people
 * over millions of entries took half a second per ask; now an ask reads a few rows.
 */
export const VALIDITY_COUNTS = 'entry_validity_counts';
/** The excluded list's lines that match nobody (a typo would let an employee win). */
export const VALIDITY_UNMATCHED = 'entry_validity_unmatched';

const V = 'len(x.reasons) = 0';
const countsSql = () => `
  SELECT x.media_buy_id, grouping(x.media_buy_id) = 1 AS is_total, count(*) AS entries, count(*) FILTER (WHERE ${V}) AS valid_entries,
    count(DISTINCT x.entrant) AS entrants, count(DISTINCT x.entrant) FILTER (WHERE ${V}) AS valid_entrants,
    ${VALIDITY_REASONS.map((r) => `count(*) FILTER (WHERE list_contains(x.reasons, '${r}')) AS ${r}`).join(', ')},
    count(DISTINCT x.entrant) FILTER (WHERE pp.age IS NULL) AS unknown_age, count(DISTINCT x.entrant) FILTER (WHERE pp.state IS NULL) AS unknown_state
  FROM ${VALIDITY_TABLE} x LEFT JOIN segment_people pp ON pp.entrant = x.entrant GROUP BY ROLLUP (x.media_buy_id)`;

function unmatchedSql(r: OfficialRules, p: Params): string {
  const excl = [...new Set(r.excluded.map(normaliseExclusion))];
  if (!excl.length) return 'SELECT NULL::VARCHAR AS v WHERE false';
  return `SELECT v FROM (SELECT unnest([${p.list(excl)}]) AS v) x
    WHERE v NOT IN (SELECT email FROM entries WHERE email IS NOT NULL) AND v NOT IN (SELECT phone FROM entries WHERE phone IS NOT NULL)
      AND v NOT IN (SELECT 'P' || lpad(to_hex(entrant), 16, '0') FROM segment_people)`;
}

/** Builds entry_validity and its counts for the latest rules when something they read changed since they were built. */
export async function ensureValidity(db: DbClient, rules: { rules: OfficialRules; version: number }): Promise<void> {
  // segment_people gives each person's age, state and entrant id.
  await ensurePeople(db);
  await ensureDerived(db, {
    tables: [VALIDITY_TABLE, VALIDITY_COUNTS, VALIDITY_UNMATCHED],
    metaKey: VALIDITY_TABLE,
    version: `${VERSION}:${rules.version}`,
    build: async (w) => {
      const p = new Params();
      await w.run(`CREATE TABLE ${VALIDITY_TABLE} AS ${validitySql(rules.rules, p)}`, p.values);
      await w.run(`CREATE TABLE ${VALIDITY_COUNTS} AS ${countsSql()}`);
      const u = new Params();
      await w.run(`CREATE TABLE ${VALIDITY_UNMATCHED} AS ${unmatchedSql(rules.rules, u)}`, u.values);
    },
  });
}

export async function dropValidity(w: Writer): Promise<void> {
  await dropAll(w, [VALIDITY_TABLE, VALIDITY_COUNTS, VALIDITY_UNMATCHED]);
}
