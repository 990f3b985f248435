import { CUBE_COLUMNS } from '../../contract/cube';
import { ESTIMATE_SAMPLE_RATE } from '../../contract/pivot';
import type { DbClient, Writer } from '../db/client';
import { stateOfZip3Sql } from '../geo/states';
import { derivedState, markReady, stillReady, type DerivedState } from './state';
import { metaMergeSql } from '../lib/merge';
import { dropAll } from '../lib/drop';

/** Explore's flat table, its cubes and its sample: built, refreshed and dropped together. */
const PIVOT_TABLES = ['pivot_entries', 'pivot_cube', 'pivot_rollup', 'pivot_sample'];

/**
 * The sample table holds every row of 1 in SAMPLE_RATE entrants (by a hash of the entrant: a person is
 * in with all their entries or not at all), for estimates while an exact pivot runs (pivot/estimate.ts).
 */
export const SAMPLE_RATE = ESTIMATE_SAMPLE_RATE;
export const SAMPLE_TABLE = 'pivot_sample';
const SAMPLED = `hash(entrant) % ${SAMPLE_RATE} = 0`;
const PIVOT_SAMPLE_SQL = `CREATE TABLE ${SAMPLE_TABLE} AS SELECT * FROM pivot_entries WHERE ${SAMPLED}`;

const ZIP3 = `CASE WHEN regexp_full_match(e.zip, '[0-9]{5}') THEN left(e.zip, 3) END`;
const AGE_BAND = `CASE WHEN e.age IS NULL THEN NULL WHEN e.age < 18 THEN 'under 18' WHEN e.age < 25 THEN '18-24' WHEN e.age < 35 THEN '25-34'
  WHEN e.age < 45 THEN '35-44' WHEN e.age < 55 THEN '45-54' WHEN e.age < 65 THEN '55-64' ELSE '65+' END`;

/** Per entry: its redemptions (count, revenue, discounts, first date and store); `only` limits the entries. */
const entryRedemptionsCte = (only?: string) => `rr AS (
  SELECT rf.entry_key, count(*) AS n, sum(r.order_amount) AS revenue, sum(r.discount_amount) AS discounts,
         min(r.redeemed_at) AS first_redeemed, arg_min(r.store_id, r.redeemed_at) AS store
  FROM redemption_facts_t rf JOIN redemptions r ON ace_row_key(r.import_id, r.line) = rf.redemption_key
  WHERE rf.entry_key IS NOT NULL${only ? ` AND rf.entry_key IN (${only})` : ''} GROUP BY rf.entry_key)`;

/**
 * Explore reads one flat table, `pivot_entries`: each entry with its entrant, its media buy's type and
 * market, and its redemptions, so a pivot is a single scan with no joins (3-5x faster than joining
 * per query). `only` (SQL giving `entry_key`) limits it to those entries: an import refreshes the rows
 * it changed (see refreshPivotTable) instead of the whole table being built again.
 */
function pivotSelect(only?: string, prune?: string): string {
  return `WITH ${entryRedemptionsCte(only)}
  SELECT f.entry_key, f.entrant, f.media_buy_id, mb.media_type, mb.market, e.channel, e.keyword, e.zip,
         ${ZIP3} AS zip3, ${stateOfZip3Sql(ZIP3)} AS state, e.age, ${AGE_BAND} AS age_band, e.product_affinity,
         e.purchase_timeframe, e.email_opt_in, e.sms_opt_in, e.entered_at, e.entered_at::DATE AS day,
         date_trunc('week', e.entered_at)::DATE AS week, date_trunc('month', e.entered_at)::DATE AS month, e.attrs,
         coalesce(rr.n, 0) AS rr_n, coalesce(rr.revenue, 0)::DECIMAL(18,2) AS rr_revenue, coalesce(rr.discounts, 0)::DECIMAL(18,2) AS rr_discounts,
         rr.first_redeemed AS rr_first_redeemed, rr.store AS rr_store, coalesce(rr.n, 0) > 0 AS redeemed
  FROM entries e JOIN entry_facts_t f ON f.entry_key = ace_row_key(e.import_id, e.line)
  LEFT JOIN media_buys mb ON mb.media_buy_id = f.media_buy_id
  LEFT JOIN rr ON rr.entry_key = f.entry_key
  ${only ? `WHERE f.entry_key IN (${only})${prune ? ` AND ${prune}` : ''}` : ''}
  ORDER BY e.entered_at`;
}

const PIVOT_TABLE_SQL = `CREATE TABLE IF NOT EXISTS pivot_entries AS ${pivotSelect()}`;

/** The fields the cube groups by (pivot/query.ts CUBE_FIELDS names them as pivot fields). */
const CUBE_KEYS = [
  'channel',
  'media_buy_id',
  'media_type',
  'market',
  'state',
  'age_band',
  'product_affinity',
  'purchase_timeframe',
  'email_opt_in',
  'sms_opt_in',
  'week',
  'month',
  'redeemed',
];
const K = CUBE_KEYS.join(', ');
/** A combination's id (DuckDB's hash of every key, NULLs included): refreshes find a combination's row by it. */
const CK = `hash(${K})`;
/** Per combination (of the cube, or of a brush index: pivot/brush.ts): entries, redemptions, money in whole cents (integer sums are exact and several times faster than DECIMAL ones), age. */
export const cubeAggregates = (sign = '') => `${sign}count(*) AS n, ${sign}sum(rr_n) AS rr_n,
         ${sign}sum((rr_revenue * 100)::BIGINT) AS rr_revenue_cents, ${sign}sum((rr_discounts * 100)::BIGINT) AS rr_discounts_cents,
         ${sign}sum(age) AS age_sum, ${sign}count(age) AS age_cnt, min(age) AS age_min, max(age) AS age_max`;
/** The cube table's columns: its keys, their hash and the sums (contract/cube.ts). */
const CUBE_TABLE_COLUMNS = `${K}, ck, ${CUBE_COLUMNS.join(', ')}`;

/** Entries counted per combination of the fields most pivots use, with sums that add up exactly. */
const PIVOT_CUBE_SQL = `CREATE TABLE pivot_cube AS SELECT ${K}, ${CK} AS ck, ${cubeAggregates()} FROM pivot_entries GROUP BY ALL`;

/**
 * The cube rolled up to the campaign and time fields (pivot/query.ts ROLLUP_FIELDS): thousands of rows
 * where the cube has a million at 10M entries, so pivots over those fields take milliseconds. Sums
 * add up and minima/maxima of minima/maxima are exact, so it is made from the cube, after each change.
 */
const ROLLUP_KEYS = 'channel, media_buy_id, media_type, market, week, month, redeemed';
const ROLLUP_SELECT = `SELECT ${ROLLUP_KEYS}, sum(n) AS n, sum(rr_n) AS rr_n, sum(rr_revenue_cents) AS rr_revenue_cents,
  sum(rr_discounts_cents) AS rr_discounts_cents, sum(age_sum) AS age_sum, sum(age_cnt) AS age_cnt, min(age_min) AS age_min, max(age_max) AS age_max
  FROM pivot_cube GROUP BY ALL`;

/** Bumped when the flat table's columns change: a table built by an older version is rebuilt. */
const PIVOT_TABLE_VERSION = '8';

/** Builds Explore's flat table when an import (or a new workspace, or an older version) left it missing. */
const ready = (s: DerivedState) => s.built && s.version === PIVOT_TABLE_VERSION;

/**
 * Whether the flat table is there and current, without building it (a build takes ~30 s at 10M): a
 * reader that can answer from `entries` too uses it only when it is (imports keep it current in their
 * own transaction, or drop it).
 */
export async function pivotTableReady(db: DbClient): Promise<boolean> {
  if (stillReady(db, 'pivot_table')) return true;
  const writes = db.writes;
  if (!ready(await derivedState((sql, p) => db.rows(sql, p), PIVOT_TABLES, 'pivot_table'))) return false;
  markReady(db, 'pivot_table', writes);
  return true;
}

export async function ensurePivotTable(db: DbClient): Promise<void> {
  if (db.snapshot !== null) return; // as it stood at the snapshot read (engine/snapshot.ts)
  if (stillReady(db, 'pivot_table')) return;
  const writes = db.writes;
  if (ready(await derivedState((sql, p) => db.rows(sql, p), PIVOT_TABLES, 'pivot_table'))) return markReady(db, 'pivot_table', writes);
  await db.transaction(async (w) => {
    if (ready(await derivedState((sql, p) => w.run(sql, p), PIVOT_TABLES, 'pivot_table'))) return;
    await dropPivotTable(w);
    await w.run(PIVOT_TABLE_SQL);
    await w.run(PIVOT_CUBE_SQL);
    await w.run(`CREATE TABLE pivot_rollup AS ${ROLLUP_SELECT}`);
    await w.run(PIVOT_SAMPLE_SQL);
    await w.run(metaMergeSql([[`'pivot_table'`, '?']]), [PIVOT_TABLE_VERSION]);
  });
}

/** About how many entries the flat table holds (DuckDB's estimate; 0 before it is built). */
export async function pivotTableEntries(db: DbClient): Promise<number> {
  return (await derivedState((sql, p) => db.rows(sql, p), PIVOT_TABLES, 'pivot_table')).rows;
}

const CHANGED = `SELECT entry_key FROM chg_entries`;
/** What an entry adds to the cube. */
const CUBE_INPUTS = `${K}, rr_n, rr_revenue, rr_discounts, age`;
const sameKeys = (a: string, b: string) => CUBE_KEYS.map((k) => `${a}.${k} IS NOT DISTINCT FROM ${b}.${k}`).join(' AND ');

/**
 * After an import (inside its transaction, with the changes noted, see changes.ts): people who merged
 * change person in place (the cube has no person), and the rows of the changed entries are computed
 * again. The cube follows by adding what the new rows add and taking away what the old ones added
 * (only rows that differ), on the combinations they touch. A minimum or maximum age cannot be taken
 * away: the few combinations that lost the row holding theirs compute it again from the flat table. A
 * table not built yet stays unbuilt (built on first use); a change to most of it drops it, as a
 * rebuild is then cheaper.
 */
export async function refreshPivotTable(w: Writer, changed: number, moved: number): Promise<void> {
  const t = await derivedState((sql, p) => w.run(sql, p), PIVOT_TABLES, 'pivot_table');
  if (!t.built || t.version !== PIVOT_TABLE_VERSION) {
    if (t.present > 0) await dropPivotTable(w);
    return;
  }
  if (changed > 0.3 * t.rows) return dropPivotTable(w);
  if (moved > 0) await w.run(`UPDATE pivot_entries SET entrant = m.new FROM chg_moved m WHERE pivot_entries.entrant = m.old`);
  if (changed > 0) await refreshRows(w);
  if (changed > 0 || moved > 0) await refreshSample(w, moved > 0);
}

/**
 * The sample follows the flat table: rows of changed entries, and every row of people who merged (a
 * merged person is sampled by their new id), are taken out and put back as the flat table has them.
 */
async function refreshSample(w: Writer, moved: boolean): Promise<void> {
  const people = moved ? ` OR entrant IN (SELECT old FROM chg_moved UNION ALL SELECT new FROM chg_moved)` : '';
  await w.run(`DELETE FROM ${SAMPLE_TABLE} WHERE entry_key IN (${CHANGED})${people}`);
  await w.run(
    `INSERT INTO ${SAMPLE_TABLE} SELECT * FROM pivot_entries WHERE (entry_key IN (${CHANGED})${moved ? ` OR entrant IN (SELECT new FROM chg_moved)` : ''}) AND ${SAMPLED}`,
  );
}

/** The changed entries' rows again, and the cube moved by what they add and take away. */
async function refreshRows(w: Writer): Promise<void> {
  // The changed entries are mostly the import's own: a range of import ids lets DuckDB skip the rest of the entries.
  const [range] = await w.run<{ lo: string; hi: string }>(`SELECT min(entry_key >> 32) AS lo, max(entry_key >> 32) AS hi FROM chg_entries`);
  const importRange = `e.import_id BETWEEN ${Number(range!.lo)} AND ${Number(range!.hi)}`;
  await w.run(`CREATE OR REPLACE TEMP TABLE chg_rows_old AS SELECT ${CUBE_INPUTS} FROM pivot_entries WHERE entry_key IN (${CHANGED})`);
  await w.run(`DELETE FROM pivot_entries WHERE entry_key IN (${CHANGED})`);
  await w.run(`INSERT INTO pivot_entries ${pivotSelect(CHANGED, importRange)}`);
  await w.run(`CREATE OR REPLACE TEMP TABLE chg_rows_new AS SELECT ${CUBE_INPUTS} FROM pivot_entries WHERE entry_key IN (${CHANGED})`);
  // Only rows that differ move the cube: taken away (old), added (new).
  await w.run(`CREATE OR REPLACE TEMP TABLE chg_cube AS
    SELECT ${K}, ${CK} AS ck, ${cubeAggregates('-')}, 'old' AS src FROM (SELECT * FROM chg_rows_old EXCEPT ALL SELECT * FROM chg_rows_new) GROUP BY ALL
    UNION ALL BY NAME
    SELECT ${K}, ${CK} AS ck, ${cubeAggregates()}, 'new' AS src FROM (SELECT * FROM chg_rows_new EXCEPT ALL SELECT * FROM chg_rows_old) GROUP BY ALL`);
  await w.run(`CREATE OR REPLACE TEMP TABLE cube_next AS
    SELECT ${K}, ck, sum(n) AS n, sum(rr_n) AS rr_n, sum(rr_revenue_cents) AS rr_revenue_cents, sum(rr_discounts_cents) AS rr_discounts_cents,
      sum(age_sum) AS age_sum, sum(age_cnt) AS age_cnt,
      min(age_min) FILTER (WHERE src <> 'old') AS age_min, max(age_max) FILTER (WHERE src <> 'old') AS age_max,
      coalesce(min(age_min) FILTER (WHERE src = 'old') <= min(age_min) FILTER (WHERE src = 'cube')
        OR max(age_max) FILTER (WHERE src = 'old') >= max(age_max) FILTER (WHERE src = 'cube'), false) AS stale
    FROM (SELECT *, 'cube' AS src FROM pivot_cube WHERE ck IN (SELECT ck FROM chg_cube) UNION ALL BY NAME SELECT * FROM chg_cube)
    GROUP BY ${K}, ck`);
  // Combinations that lost their youngest or oldest entry: their min and max again, from the rows.
  const [stale] = await w.run<{ n: string }>(`SELECT count(*) AS n FROM cube_next WHERE stale AND n > 0`);
  if (Number(stale!.n) > 0)
    await w.run(`UPDATE cube_next SET age_min = x.age_min, age_max = x.age_max
      FROM (SELECT ${CUBE_KEYS.map((k) => `p.${k}`).join(', ')}, min(p.age) AS age_min, max(p.age) AS age_max
            FROM pivot_entries p SEMI JOIN (SELECT * FROM cube_next WHERE stale AND n > 0) s ON ${sameKeys('s', 'p')} GROUP BY ALL) x
      WHERE cube_next.stale AND ${sameKeys('cube_next', 'x')}`);
  await w.run(`DELETE FROM pivot_cube WHERE ck IN (SELECT ck FROM cube_next)`);
  await w.run(`INSERT INTO pivot_cube (${CUBE_TABLE_COLUMNS}) SELECT ${CUBE_TABLE_COLUMNS} FROM cube_next WHERE n > 0`);
  await w.run(`DELETE FROM pivot_rollup`);
  await w.run(`INSERT INTO pivot_rollup ${ROLLUP_SELECT}`);
  for (const x of ['cube_next', 'chg_cube', 'chg_rows_old', 'chg_rows_new']) await w.run(`DROP TABLE ${x}`);
}

/** The flat table, cube and sample go; the next pivot builds them again. */
export async function dropPivotTable(w: Writer): Promise<void> {
  await dropAll(w, [SAMPLE_TABLE, 'pivot_rollup', 'pivot_cube', 'pivot_entries']);
}
