import type { PIVOT_DIMENSIONS, PIVOT_NUMBERS, PivotFieldInfo } from '../../contract/pivot';
import { AceError } from '../errors';
import { stateOfZip3Sql } from '../geo/states';
import type { Params } from '../params';

/**
 * The allow-list of Explore: every field a pivot can use, as SQL over `p`, the flat table
 * pivot_entries (below). Keys are cheap columns (dates as DATE, opt-ins as BOOLEAN, derived columns
 * precomputed) grouped as they are and formatted as text only after aggregation.
 * Nothing a person types becomes SQL: field ids pick from this table, custom attribute names and
 * values are bound parameters.
 */
interface FieldDef {
  label: string;
  kind: 'dimension' | 'number';
  group: PivotFieldInfo['group'];
  sql: string;
  /** The grouped value as text (default: as it is). */
  fmt?: (x: string) => string;
  /** For ranges over time dimensions: the timestamp they come from. */
  time?: boolean;
}

const yesNo = (x: string) => `CASE WHEN ${x} THEN 'yes' WHEN NOT ${x} THEN 'no' END`;
const ymd = (x: string) => `strftime(${x}, '%Y-%m-%d')`;

/**
 * Tied to the contract's field lists by type: a field the contract accepts but the core cannot read
 * (or one the core reads that the contract never lets through), or a field of the wrong kind, does not
 * compile.
 */
type FieldTable = { [K in (typeof PIVOT_DIMENSIONS)[number]]: FieldDef & { kind: 'dimension' } } & {
  [K in (typeof PIVOT_NUMBERS)[number]]: FieldDef & { kind: 'number' };
};

export const FIELDS: FieldTable = {
  channel: { label: 'Channel', kind: 'dimension', group: 'Campaign', sql: 'p.channel' },
  keyword: { label: 'Keyword', kind: 'dimension', group: 'Campaign', sql: 'p.keyword' },
  media_buy: { label: 'Media buy', kind: 'dimension', group: 'Campaign', sql: 'p.media_buy_id' },
  media_type: { label: 'Media type', kind: 'dimension', group: 'Campaign', sql: 'p.media_type' },
  market: { label: 'Market', kind: 'dimension', group: 'Campaign', sql: 'p.market' },
  zip: { label: 'Zip', kind: 'dimension', group: 'Geography', sql: 'p.zip' },
  zip3: { label: 'Zip3', kind: 'dimension', group: 'Geography', sql: 'p.zip3' },
  state: { label: 'State', kind: 'dimension', group: 'Geography', sql: 'p.state' },
  age_band: { label: 'Age band', kind: 'dimension', group: 'Person', sql: 'p.age_band' },
  product_affinity: { label: 'Product affinity', kind: 'dimension', group: 'Person', sql: 'p.product_affinity' },
  purchase_timeframe: { label: 'Purchase timeframe', kind: 'dimension', group: 'Person', sql: 'p.purchase_timeframe' },
  email_opt_in: { label: 'Email opt-in', kind: 'dimension', group: 'Person', sql: 'p.email_opt_in', fmt: yesNo },
  sms_opt_in: { label: 'SMS opt-in', kind: 'dimension', group: 'Person', sql: 'p.sms_opt_in', fmt: yesNo },
  entry_day: { label: 'Entry day', kind: 'dimension', group: 'Time', sql: 'p.day', fmt: ymd, time: true },
  entry_week: { label: 'Entry week', kind: 'dimension', group: 'Time', sql: 'p.week', fmt: ymd, time: true },
  entry_month: {
    label: 'Entry month',
    kind: 'dimension',
    group: 'Time',
    sql: 'p.month',
    fmt: (x) => `strftime(${x}, '%Y-%m')`,
    time: true,
  },
  store: { label: 'Store (first redemption)', kind: 'dimension', group: 'Redemption', sql: 'p.rr_store' },
  redeemed: { label: 'Redeemed', kind: 'dimension', group: 'Redemption', sql: 'p.redeemed', fmt: yesNo },
  age: { label: 'Age', kind: 'number', group: 'Person', sql: 'p.age' },
  redemptions: { label: 'Redemptions of the entry', kind: 'number', group: 'Redemption', sql: 'p.rr_n' },
  revenue: { label: 'Revenue of the entry', kind: 'number', group: 'Redemption', sql: 'p.rr_revenue' },
  discounts: { label: 'Discounts of the entry', kind: 'number', group: 'Redemption', sql: 'p.rr_discounts' },
  days_to_redeem: {
    label: 'Days to first redemption',
    kind: 'number',
    group: 'Redemption',
    sql: `date_diff('day', p.day, p.rr_first_redeemed::DATE)`,
  },
};

export interface ResolvedField {
  id: string;
  label: string;
  kind: 'dimension' | 'number';
  /** SQL of the value to group by (numbers as DOUBLE for custom attributes). */
  sql: string;
  /** The value as shown and as filters compare it: text. */
  fmt: (x: string) => string;
  time: boolean;
}

/** A field id to its SQL; custom attributes read the entry's attrs JSON at a bound path. */
export function resolveField(id: string, p: Params, as: 'dimension' | 'number' = 'dimension'): ResolvedField {
  if (id.startsWith('attr:')) {
    const name = id.slice(5);
    const path = p.add(`$."${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
    const text = `nullif(trim(json_extract_string(p.attrs, ${path})), '')`;
    return { id, label: name, kind: as, sql: as === 'number' ? `TRY_CAST(${text} AS DOUBLE)` : text, fmt: (x) => x, time: false };
  }
  const f: FieldDef | undefined = Object.prototype.hasOwnProperty.call(FIELDS, id) ? FIELDS[id as keyof FieldTable] : undefined;
  if (!f) throw new AceError('BAD_INPUT', `Unknown field "${id}".`);
  return { id, label: f.label, kind: f.kind, sql: f.sql, fmt: f.fmt ?? ((x) => x), time: !!f.time };
}

const ZIP3 = `CASE WHEN regexp_full_match(e.zip, '[0-9]{5}') THEN left(e.zip, 3) END`;
const AGE_BAND = `CASE WHEN e.age IS NULL THEN NULL WHEN e.age < 18 THEN 'under 18' WHEN e.age < 25 THEN '18-24' WHEN e.age < 35 THEN '25-34'
  WHEN e.age < 45 THEN '35-44' WHEN e.age < 55 THEN '45-54' WHEN e.age < 65 THEN '55-64' ELSE '65+' END`;

/** Per entry: its redemptions (count, revenue, discounts, first date and store). */
export const ENTRY_REDEMPTIONS_CTE = `rr AS (
  SELECT rf.entry_key, count(*) AS n, sum(r.order_amount) AS revenue, sum(r.discount_amount) AS discounts,
         min(r.redeemed_at) AS first_redeemed, arg_min(r.store_id, r.redeemed_at) AS store
  FROM redemption_facts_t rf JOIN redemptions r ON ace_row_key(r.import_id, r.line) = rf.redemption_key
  WHERE rf.entry_key IS NOT NULL GROUP BY rf.entry_key)`;

/**
 * Explore reads one flat table, `pivot_entries`: each entry with its entrant, its media buy's type and
 * market, and its redemptions, so a pivot is a single scan with no joins (3-5x faster than joining
 * per query). Imports that change facts drop it inside their transaction; the next pivot rebuilds it.
 */
export const PIVOT_TABLE_SQL = `CREATE TABLE IF NOT EXISTS pivot_entries AS
  WITH ${ENTRY_REDEMPTIONS_CTE}
  SELECT f.entry_key, f.entrant, f.media_buy_id, mb.media_type, mb.market, e.channel, e.keyword, e.zip,
         ${ZIP3} AS zip3, ${stateOfZip3Sql(ZIP3)} AS state, e.age, ${AGE_BAND} AS age_band, e.product_affinity,
         e.purchase_timeframe, e.email_opt_in, e.sms_opt_in, e.entered_at, e.entered_at::DATE AS day,
         date_trunc('week', e.entered_at)::DATE AS week, date_trunc('month', e.entered_at)::DATE AS month, e.attrs,
         coalesce(rr.n, 0) AS rr_n, coalesce(rr.revenue, 0)::DECIMAL(18,2) AS rr_revenue, coalesce(rr.discounts, 0)::DECIMAL(18,2) AS rr_discounts,
         rr.first_redeemed AS rr_first_redeemed, rr.store AS rr_store, coalesce(rr.n, 0) > 0 AS redeemed
  FROM entries e JOIN entry_facts_t f ON f.entry_key = ace_row_key(e.import_id, e.line)
  LEFT JOIN media_buys mb ON mb.media_buy_id = f.media_buy_id
  LEFT JOIN rr ON rr.entry_key = f.entry_key
  ORDER BY e.entered_at`;

/** Entries counted per combination of the fields most pivots use, with sums that add up exactly. */
export const PIVOT_CUBE_SQL = `CREATE TABLE pivot_cube AS
  SELECT channel, media_buy_id, media_type, market, state, age_band, product_affinity, purchase_timeframe, email_opt_in, sms_opt_in,
         week, month, redeemed, count(*) AS n, sum(rr_n) AS rr_n,
         -- money in whole cents: integer sums are exact and several times faster than DECIMAL ones
         sum((rr_revenue * 100)::BIGINT) AS rr_revenue_cents, sum((rr_discounts * 100)::BIGINT) AS rr_discounts_cents,
         sum(age) AS age_sum, count(age) AS age_cnt, min(age) AS age_min, max(age) AS age_max
  FROM pivot_entries GROUP BY ALL`;

export function relationSql(): string {
  return 'pivot_entries p';
}

export function builtInFields(): PivotFieldInfo[] {
  return Object.entries(FIELDS).map(([id, f]) => ({ id, label: f.label, kind: f.kind, group: f.group }));
}
