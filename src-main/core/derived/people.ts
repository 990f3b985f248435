import type { DbClient, Writer } from '../db/client';
import { stateOfZip3Sql } from '../geo/states';
import { derivedState, ensureDerived, presentSql } from './state';
import { loadZipcodes, once } from '../lib/lazy';
import { codeRows } from '../lib/code-rows';
import { sqlTextList } from '../lib/sql-literal';

const PEOPLE_TABLES = ['segment_people'];

/**
 * Segments work on people: `segment_people` has one row per entrant with what they answered (their
 * latest non-empty answer), how they responded (lists of channels, keywords, media buys, types), what
 * they redeemed, where they live (their zip's centre) and whether they may be messaged on each
 * channel (DOMAIN.md "Consent"). Built on first use; an import refreshes the rows of the people it changed (derived/refresh.ts).
 */
const VERSION = '2';

/** The US zip centres of the zipcodes package as the rows the insert reads: made once per process. */
const zipCentroidRows = once(async () => {
  const zipcodes = await loadZipcodes();
  const codes = Object.values(
    (zipcodes as unknown as { codes: Record<string, { zip: string; latitude: number; longitude: number; country: string }> }).codes,
  ).filter((c) => c.country === 'US' && /^\d{5}$/.test(c.zip) && Number.isFinite(c.latitude) && Number.isFinite(c.longitude));
  // The package keys its codes by zip, so each zip comes once.
  return codeRows(
    { zip: 'VARCHAR', lat: 'DOUBLE', lon: 'DOUBLE' },
    codes.map((c) => ({ zip: c.zip, lat: c.latitude, lon: c.longitude })),
  );
});

/** US zip centres (zipcodes package), once per workspace. */
async function ensureZipCentroids(w: Writer): Promise<void> {
  const [t] = await w.run<{ n: unknown }>(`SELECT ${presentSql(['zip_centroids'])} AS n`);
  if (Number(t!.n) > 0) return;
  await w.run(`CREATE TABLE zip_centroids (zip VARCHAR PRIMARY KEY, lat DOUBLE, lon DOUBLE)`);
  const rows = await zipCentroidRows();
  await w.run(`INSERT INTO zip_centroids ${rows.sql}`, rows.params);
}

const latest = (col: string) => `arg_max(${col}, entered_at) FILTER (WHERE ${col} IS NOT NULL)`;
/** A person's node in the identity graph: their email's, else their phone's (see facts.ts). */
export const addressNode = (email: string, phone: string) =>
  `CASE WHEN ${email} IS NOT NULL THEN hash('e:' || ${email}) WHEN ${phone} IS NOT NULL THEN hash('p:' || ${phone}) END`;
const ZIP3 = `CASE WHEN regexp_full_match(p.zip, '[0-9]{5}') THEN left(p.zip, 3) END`;

/**
 * Each person's row; `only` (SQL giving `entrant`) limits it to those people, for the incremental
 * refresh after an import, and `slice` [i, k] to the i-th of k parts of everyone (by their id, a hash),
 * for a build done in parts. Everything a row depends on is keyed by the person, so a subset is exact. With `sets`
 * (the build's, `valueSets`) the lists of those columns are grouped as bitmasks: the same rows.
 */
export function peopleSelect(only?: string, slice?: [number, number], sets: ValueSets = {}): string {
  // The people's facts are picked first, then joined to their entries and redemptions: with the filter after
  // the join, DuckDB joined all 10M entries to their facts inside an import's transaction (8.3 s of a
  // 100,000-entry append, against 1.3 s).
  const mine = (col: string) => (only ? ` AND ${col} IN (${only})` : slice ? ` AND ${col} % ${slice[1]} = ${slice[0]}` : '');
  return `WITH ent AS (
  SELECT f.entrant, e.entered_at, e.channel, e.keyword, f.media_buy_id, mb.media_type, mb.market, e.email, e.phone, e.first_name, e.last_name,
         e.zip, e.age, e.product_affinity, e.purchase_timeframe, e.email_opt_in, e.sms_opt_in, e.attrs
  FROM entries e JOIN (SELECT * FROM entry_facts_t WHERE true${mine('entrant')}) f ON f.entry_key = ace_row_key(e.import_id, e.line)
  LEFT JOIN media_buys mb ON mb.media_buy_id = f.media_buy_id),
-- Contact rows belong to the entrant who shares their address (contacts of nobody who entered are not entrants).
con AS (
  SELECT coalesce(l.label, ${addressNode('c.email', 'c.phone')}) AS entrant, c.email, c.phone, c.email_opt_in, c.sms_opt_in, c.opted_in_at, c.attrs, c.import_id, c.line
  FROM contacts c LEFT JOIN identity_labels l ON l.node = ${addressNode('c.email', 'c.phone')}
  WHERE coalesce(l.label, ${addressNode('c.email', 'c.phone')}) IN (SELECT entrant FROM entry_facts_t)${mine(`coalesce(l.label, ${addressNode('c.email', 'c.phone')})`)}),
addr AS (
  SELECT entrant, email AS address FROM ent WHERE email IS NOT NULL UNION SELECT entrant, phone FROM ent WHERE phone IS NOT NULL
  UNION SELECT entrant, email FROM con WHERE email IS NOT NULL UNION SELECT entrant, phone FROM con WHERE phone IS NOT NULL),
-- Opt-ins: entries with consent (dated), contact rows with consent (dated when the export says when).
optin AS (
  SELECT entrant, 'email' AS ch, entered_at AS opted_at, email AS address FROM ent WHERE email_opt_in AND email IS NOT NULL
  UNION ALL SELECT entrant, 'sms', entered_at, phone FROM ent WHERE sms_opt_in AND phone IS NOT NULL
  UNION ALL SELECT entrant, 'email', opted_in_at, email FROM con WHERE email_opt_in AND email IS NOT NULL
  UNION ALL SELECT entrant, 'sms', opted_in_at, phone FROM con WHERE sms_opt_in AND phone IS NOT NULL),
-- Custom attributes from every contact list a person is on, merged in import order (later lists win a clash).
con_attrs AS (
  SELECT entrant, list_reduce(list(attrs ORDER BY import_id, line), lambda a, b: json_merge_patch(a, b)) AS attrs
  FROM con WHERE attrs IS NOT NULL GROUP BY entrant),
latest_in AS (
  SELECT entrant, ch, max(opted_at) AS last_at, list(DISTINCT address ORDER BY address) AS addresses FROM optin GROUP BY entrant, ch),
-- An opt-out on any of their addresses, for the channel or for all, at or after their latest opt-in
-- (undated on either side counts as after) wins.
blocked AS (
  SELECT DISTINCT li.entrant, li.ch FROM latest_in li JOIN addr a ON a.entrant = li.entrant
  JOIN consent_optouts o ON o.address = a.address AND (o.channel = li.ch OR o.channel = 'all')
  WHERE o.opted_out_at IS NULL OR li.last_at IS NULL OR o.opted_out_at >= li.last_at),
consent AS (
  SELECT li.entrant, li.ch, li.addresses FROM latest_in li WHERE NOT EXISTS (SELECT 1 FROM blocked b WHERE b.entrant = li.entrant AND b.ch = li.ch)),
red AS (
  SELECT ef.entrant, count(*) AS n, sum(r.order_amount) AS amount, list(DISTINCT r.store_id ORDER BY r.store_id) FILTER (WHERE r.store_id IS NOT NULL) AS stores, min(r.redeemed_at) AS first_redeemed
  FROM redemption_facts_t rf JOIN redemptions r ON ace_row_key(r.import_id, r.line) = rf.redemption_key
  JOIN (SELECT entry_key, entrant FROM entry_facts_t WHERE true${mine('entrant')}) ef ON ef.entry_key = rf.entry_key
  GROUP BY ef.entrant),
p AS (
  SELECT entrant, count(*) AS entries, min(entered_at) AS first_entry, max(entered_at) AS last_entry,
         ${latest('age')} AS age, ${latest('zip')} AS zip, ${latest('product_affinity')} AS product_affinity,
         ${latest('purchase_timeframe')} AS purchase_timeframe, ${latest('market')} AS market, ${latest('first_name')} AS first_name,
         ${latest('last_name')} AS last_name, ${latest('email')} AS email, ${latest('phone')} AS phone, ${latest('attrs')} AS attrs,
         ${SET_LISTS.map((l) => `${setAggregate(l, sets[l.column])} AS ${l.name}`).join(',\n         ')}
  FROM ent GROUP BY entrant)
SELECT p.* EXCLUDE (attrs${setsAsLists(sets)}), CASE WHEN ca.attrs IS NULL THEN p.attrs WHEN p.attrs IS NULL THEN ca.attrs ELSE json_merge_patch(ca.attrs, p.attrs) END AS attrs, ${ZIP3} AS zip3, ${stateOfZip3Sql(ZIP3)} AS state, z.lat, z.lon,
       coalesce(red.n, 0) AS redemptions, coalesce(red.amount, 0)::DECIMAL(18,2) AS redemption_amount, coalesce(red.stores, []) AS stores, red.first_redeemed,
       ce.entrant IS NOT NULL AS reachable_email, ce.addresses AS email_addresses, cs.entrant IS NOT NULL AS reachable_sms, cs.addresses AS sms_addresses
FROM p LEFT JOIN red USING (entrant) LEFT JOIN con_attrs ca USING (entrant) LEFT JOIN zip_centroids z ON z.zip = p.zip
LEFT JOIN consent ce ON ce.entrant = p.entrant AND ce.ch = 'email' LEFT JOIN consent cs ON cs.entrant = p.entrant AND cs.ch = 'sms'`;
}

/** The sorted, distinct lists of a person's responses: each `column`'s values across their entries, as `name`. */
const SET_LISTS = [
  { column: 'channel', name: 'channels', from: `SELECT DISTINCT channel AS v FROM entries` },
  { column: 'keyword', name: 'keywords', from: `SELECT DISTINCT keyword AS v FROM entries` },
  { column: 'media_buy_id', name: 'media_buys', from: `SELECT DISTINCT media_buy_id AS v FROM entry_facts_t` },
  { column: 'media_type', name: 'media_types', from: `SELECT DISTINCT media_type AS v FROM media_buys` },
] as const;
type SetColumn = (typeof SET_LISTS)[number]['column'];
/** Every value each list's column holds, sorted as the lists are: its people's lists are then bitmasks (below). */
export type ValueSets = Partial<Record<SetColumn, string[]>>;

/** Bits in a person's mask (UBIGINT): a column with more values keeps its list. */
const MASK_BITS = 64;
/** Whether a column with these values (known: the build's) is grouped as a mask; `setAggregate` and `setsAsLists` agree by it. */
const masked = (values: string[] | undefined): values is string[] => values !== undefined && values.length <= MASK_BITS;
const textList = (values: string[]) => `${sqlTextList(values)}::VARCHAR[]`;

/**
 * A person's set of a column's values. As a list, each group's state holds every value until it is sorted and
 * made distinct, and DuckDB cannot spill such states; with the column's values known (`values`, in the lists'
 * order) it is a bitmask of their positions instead, a fixed 8 bytes that spills like a count, read back as the
 * same list in `setsAsLists`. A part of the 10M build 17.4 -> 13.1 s, and parts can be larger.
 */
function setAggregate(l: (typeof SET_LISTS)[number], values: string[] | undefined): string {
  const filter = `FILTER (WHERE ${l.column} IS NOT NULL)`;
  if (!masked(values)) return `list(DISTINCT ${l.column} ORDER BY ${l.column}) ${filter}`;
  return `bit_or(1::UBIGINT << (list_position(${textList(values)}, ${l.column}) - 1)::UBIGINT) ${filter}`;
}

/** The bitmask columns of `p` as their lists again (the values whose bits are set, in order; NULL stays NULL). */
function setsAsLists(sets: ValueSets): string {
  const masks = SET_LISTS.flatMap((l) => {
    const values = sets[l.column];
    if (!masked(values)) return [];
    return `CASE WHEN p.${l.name} IS NOT NULL THEN list_filter(${textList(values)}, lambda v, i: (p.${l.name} >> (i - 1)::UBIGINT) & 1::UBIGINT = 1) END AS ${l.name}`;
  });
  return masks.length ? `) REPLACE (${masks.join(', ')}` : '';
}

/** Every value of each list's column now, sorted as the lists sort them (the build's value sets). */
export async function valueSets(w: Writer): Promise<ValueSets> {
  const sets: ValueSets = {};
  for (const l of SET_LISTS) {
    const rows = await w.run<{ v: string }>(`SELECT v FROM (${l.from}) WHERE v IS NOT NULL ORDER BY v LIMIT ${MASK_BITS + 1}`);
    sets[l.column] = rows.map((r) => r.v);
  }
  return sets;
}

/**
 * Entries per part when the people table is built in parts: at 10M entries one statement held 14.8 GB,
 * more than the workspace's memory limit (db/memory.ts) lets it have. What cannot spill is the part's lists: with
 * every person's channels, keywords, media buys and types as lists, parts of 2M entries under 1.25 GB ran out of
 * memory in one fresh build of five, and seven parts of 1.4M took 117-130 s. With those four as bitmasks
 * (`setAggregate`), four parts of 2.5M: 78-82 s in each of five fresh builds, peak RSS 2.0-2.2 GB (2026-12-05).
 * A larger limit takes larger parts.
 */
const ENTRIES_PER_PART_PER_GB = 2_000_000;

/** How many parts the people table is built in: one up to a few million entries. */
export function peopleParts(entries: number, limitMb: number): number {
  return Math.max(1, Math.ceil(entries / ((ENTRIES_PER_PART_PER_GB * limitMb) / 1024)));
}

/** Builds segment_people whole, in `parts` statements over disjoint sets of people. */
export async function buildPeople(w: Writer, parts: number): Promise<void> {
  // Rows written as the threads finish them: with scan order kept, a 10M-entry build ran out of memory under 1.25 GB.
  // Nothing reads segment_people in its stored order (draws and exports order by entrant).
  const sets = await valueSets(w);
  await w.temporarily('unordered', async () => {
    await w.run(`CREATE TABLE segment_people AS ${peopleSelect(undefined, parts > 1 ? [0, parts] : undefined, sets)}`);
    for (let i = 1; i < parts; i++) await w.run(`INSERT INTO segment_people ${peopleSelect(undefined, [i, parts], sets)}`);
  });
}

/** Builds segment_people when an import (or a new workspace, or an older version) left it missing. */
export async function ensurePeople(db: DbClient): Promise<void> {
  await ensureDerived(db, {
    tables: PEOPLE_TABLES,
    metaKey: 'segment_people',
    version: VERSION,
    build: async (w) => {
      await ensureZipCentroids(w);
      const [n] = await w.run<{ n: string }>(`SELECT count(*) AS n FROM entry_facts_t`);
      await buildPeople(w, peopleParts(Number(n!.n), db.memoryLimitMb));
    },
  });
}

/**
 * After an import (inside its transaction, with `chg_people` filled, see changes.ts): the rows of the
 * people it changed are computed again. A table not built yet stays unbuilt; a change to most people
 * drops it, as a rebuild is then cheaper.
 */
export async function refreshPeople(w: Writer, changed: number): Promise<void> {
  const t = await derivedState((sql, p) => w.run(sql, p), PEOPLE_TABLES, 'segment_people');
  if (!t.built || changed === 0) return;
  if (t.version !== VERSION || changed > 0.3 * t.rows) {
    await w.run(`DROP TABLE IF EXISTS segment_people`);
    return;
  }
  const only = `SELECT entrant FROM chg_people`;
  await w.run(`DELETE FROM segment_people WHERE entrant IN (${only})`);
  await w.run(`INSERT INTO segment_people ${peopleSelect(only)}`);
}
