import type { RoiGrouping, RoiResult, RoiRow } from '../../contract/roi';
import type { DbClient } from '../db/client';
import { num } from '../lib/cells';
import { ensurePivotTable } from '../derived/pivot-table';
import { getRules } from '../rules/store';
import { ensureValidity } from '../rules/validity-table';
import { lastTouchCtes } from './last-touch';
import { groupKeySql, Params, planFiltered, planKeysSql, redemptionsByEntry, scopeCtes, splitsSpend, type Scope } from './scope';

export interface RoiOptions {
  marginPct?: number;
  lastTouchDays?: number;
}

export const UNATTRIBUTED = '(unattributed)';

/** Every DOMAIN.md metric from the base sums; a ratio with a zero denominator is null. */
export const RATIOS_SQL = `
  CASE WHEN entries > 0 THEN spend / entries END AS cost_per_entry,
  CASE WHEN redemptions > 0 THEN spend / redemptions END AS cost_per_redemption,
  CASE WHEN entries > 0 THEN redemptions / entries END AS redemption_rate,
  CASE WHEN spend > 0 THEN revenue / spend END AS roas,
  CASE WHEN spend > 0 THEN (revenue - spend) / spend END AS roi`;

/** With official rules saved: spend over the valid entries. */
const VALID_RATIO_SQL = `, CASE WHEN valid_entries > 0 THEN spend / valid_entries END AS cost_per_valid_entry`;

/** A group's label; `key` is its key as text (a week's Monday, written once per group: `groupKeySql`). */
function labelSql(by: RoiGrouping, key: string): string {
  switch (by) {
    case 'media_buy':
      return `(SELECT name FROM media_buys b WHERE b.media_buy_id = k.key)`;
    case 'keyword':
      // A buy without a keyword is grouped under its id; say so.
      return `coalesce((SELECT any_value(CASE WHEN b.keyword IS NULL THEN coalesce(b.name, b.media_buy_id) || ' (no keyword)' END) FROM media_buys b WHERE b.keyword IS NULL AND b.media_buy_id = k.key), k.key)`;
    default:
      return key;
  }
}

/** ROI per group for the scope: every media buy of the plan, one "(unattributed)" row, the total. */
export async function getRoi(db: DbClient, input: Scope & { by: RoiGrouping; options?: RoiOptions }): Promise<RoiResult> {
  await ensurePivotTable(db);
  const { by } = input;
  const options = input.options ?? {};
  // With official rules saved, valid entries and the cost per valid entry beside all (docs/rules.md).
  const rules = await getRules(db);
  const valid = rules.version > 0;
  if (valid) await ensureValidity(db, rules);
  const V = `len(v.reasons) = 0`;
  const p = new Params();
  const split = splitsSpend(input, by);
  let sql = scopeCtes(input, p, { splitSpend: split, flat: true });
  const lt = options.lastTouchDays ? lastTouchCtes(p, options.lastTouchDays, input) : null;
  if (lt) sql += `,\n${lt}`;
  const key = (dateCol: string) => groupKeySql(by, dateCol, { weekAsDate: true });
  const keyText = by === 'week' ? `strftime(k.key, '%Y-%m-%d')` : 'k.key';
  const plan = planKeysSql(by);
  // Without a date range, an entry's redemptions come with it from the flat table (redemptionsByEntry): one scan of
  // the entries instead of joining every redemption to its entry (ROI by media buy at 10M entries: 3.6-4.0 -> 2.7-3.0 s).
  const byEntry = redemptionsByEntry(input, by);
  const entryRedemptions = (x: string) =>
    byEntry
      ? `, sum(${x}rr_n) AS m_redemptions, sum(${x}rr_revenue) AS m_revenue, sum(${x}rr_discounts) AS m_discounts,
         count(DISTINCT ${x}entrant) FILTER (WHERE ${x}rr_n > 0) AS m_redeemers`
      : '';
  sql += `,
    g_sp AS (SELECT ${key('date')} AS key, sum(x.amount) AS spend FROM sp x LEFT JOIN mb m USING (media_buy_id) GROUP BY 1),
    g_en AS (SELECT ${key('entered_at')} AS key, count(*) AS entries, count(DISTINCT x.entrant) AS unique_entrants${entryRedemptions('x.')}
               ${valid ? `, count(*) FILTER (WHERE ${V}) AS valid_entries, count(DISTINCT x.entrant) FILTER (WHERE ${V}) AS valid_entrants` : ''}
             FROM en x LEFT JOIN mb m USING (media_buy_id) ${valid ? 'LEFT JOIN entry_validity v ON v.entry_key = x.entry_key' : ''} GROUP BY 1),
    g_rd AS (${
      byEntry
        ? // The redemptions of the entries of each group, and the ones no coupon matches (unattributed: key NULL).
          `SELECT key, sum(redemptions) AS redemptions, sum(revenue) AS revenue, sum(discounts) AS discounts, sum(redeemers) AS redeemers FROM (
             SELECT key, m_redemptions AS redemptions, m_revenue AS revenue, m_discounts AS discounts, m_redeemers AS redeemers FROM g_en
             WHERE m_redemptions > 0
             UNION ALL
             SELECT NULL, count(*), sum(order_amount), sum(discount_amount), 0 FROM rd_unmatched HAVING count(*) > 0)
           GROUP BY key`
        : `SELECT ${key('redeemed_at')} AS key, count(*) AS redemptions, sum(x.order_amount) AS revenue, sum(x.discount_amount) AS discounts,
             count(DISTINCT x.entrant) AS redeemers FROM rd x LEFT JOIN mb m USING (media_buy_id) GROUP BY 1`
    }),
    ${lt ? `g_lt AS (SELECT ${key('redeemed_at')} AS key, count(*) AS last_touch_redemptions, sum(x.order_amount) AS last_touch_revenue FROM lt x LEFT JOIN mb m USING (media_buy_id) GROUP BY 1),` : ''}
    k AS (${[plan, 'SELECT key FROM g_sp', 'SELECT key FROM g_en', 'SELECT key FROM g_rd', lt ? 'SELECT key FROM g_lt' : null].filter(Boolean).join(' UNION ')}),
    base AS (
      SELECT ${keyText} AS key, coalesce(${labelSql(by, keyText)}, ${keyText}, '${UNATTRIBUTED}') AS label,
             coalesce(g_sp.spend, 0)::DECIMAL(18,2) AS spend, coalesce(g_en.entries, 0) AS entries, coalesce(g_en.unique_entrants, 0) AS unique_entrants,
             coalesce(g_rd.redemptions, 0) AS redemptions, coalesce(g_rd.revenue, 0)::DECIMAL(18,2) AS revenue,
             coalesce(g_rd.discounts, 0)::DECIMAL(18,2) AS discounts, coalesce(g_rd.redeemers, 0) AS redeemers
             ${valid ? ', coalesce(g_en.valid_entries, 0) AS valid_entries, coalesce(g_en.valid_entrants, 0) AS valid_entrants' : ''}
             ${lt ? ', coalesce(g_lt.last_touch_redemptions, 0) AS last_touch_redemptions, coalesce(g_lt.last_touch_revenue, 0)::DECIMAL(18,2) AS last_touch_revenue' : ''}
      FROM k LEFT JOIN g_sp ON g_sp.key IS NOT DISTINCT FROM k.key LEFT JOIN g_en ON g_en.key IS NOT DISTINCT FROM k.key
      LEFT JOIN g_rd ON g_rd.key IS NOT DISTINCT FROM k.key ${lt ? 'LEFT JOIN g_lt ON g_lt.key IS NOT DISTINCT FROM k.key' : ''}
    )
    SELECT *, ${RATIOS_SQL}${valid ? VALID_RATIO_SQL : ''} FROM base ORDER BY key IS NULL, ${by === 'week' ? 'key' : 'spend DESC, entries DESC, key'}`;
  const rows = await db.rows<Record<string, unknown>>(sql, p.values);

  // The total is computed over the rows themselves, not by adding rounded figures; unique entrants
  // and redeemers are distinct over everything in scope.
  const tp = new Params();
  let tsql = scopeCtes(input, tp, { splitSpend: split, flat: true });
  if (lt) tsql += `,\n${lastTouchCtes(tp, options.lastTouchDays!, input)}`;
  // The entries' figures in one scan (with their redemptions when byEntry), the unmatched redemptions in another (t_un).
  const redemptionTotals = byEntry
    ? `coalesce(t_en.m_redemptions, 0) + t_un.n AS redemptions, (coalesce(t_en.m_revenue, 0) + t_un.revenue)::DECIMAL(18,2) AS revenue,
      (coalesce(t_en.m_discounts, 0) + t_un.discounts)::DECIMAL(18,2) AS discounts, t_en.m_redeemers AS redeemers, t_un.n AS unmatched_coupons`
    : `(SELECT count(*) FROM rd) AS redemptions,
      (SELECT coalesce(sum(order_amount), 0) FROM rd)::DECIMAL(18,2) AS revenue, (SELECT coalesce(sum(discount_amount), 0) FROM rd)::DECIMAL(18,2) AS discounts,
      (SELECT count(DISTINCT entrant) FROM rd) AS redeemers, (SELECT count(*) FROM rd WHERE entry_key IS NULL) AS unmatched_coupons`;
  tsql += `,
    t_en AS (SELECT count(*) AS entries, count(DISTINCT entrant) AS unique_entrants${entryRedemptions('')} FROM en),
    ${byEntry ? `t_un AS (SELECT count(*) AS n, coalesce(sum(order_amount), 0) AS revenue, coalesce(sum(discount_amount), 0) AS discounts FROM rd_unmatched),` : ''}
    base AS (SELECT NULL AS key, 'Total' AS label,
      (SELECT coalesce(sum(amount), 0) FROM sp)::DECIMAL(18,2) AS spend, t_en.entries, t_en.unique_entrants,
      ${redemptionTotals}
      ${
        valid
          ? `, (SELECT count(*) FROM en x JOIN entry_validity v ON v.entry_key = x.entry_key WHERE ${V}) AS valid_entries,
             (SELECT count(DISTINCT x.entrant) FROM en x JOIN entry_validity v ON v.entry_key = x.entry_key WHERE ${V}) AS valid_entrants`
          : ''
      }
      ${lt ? ', (SELECT count(*) FROM lt) AS last_touch_redemptions, (SELECT coalesce(sum(order_amount), 0) FROM lt)::DECIMAL(18,2) AS last_touch_revenue' : ''}
      FROM t_en${byEntry ? ', t_un' : ''})
    SELECT *, ${RATIOS_SQL}${valid ? VALID_RATIO_SQL : ''} FROM base`;
  const [total] = await db.rows<Record<string, unknown>>(tsql, tp.values);

  const notes: string[] = [];
  if (planFiltered(input)) notes.push('Filtered by the media plan: rows no media buy owns are left out.');
  if (split)
    notes.push(
      'Spend has no channel: each spend row is split across its media buy’s channels by their share of its entries (to the cent).',
    );
  const unmatched = Number(total!.unmatched_coupons ?? 0);
  if (unmatched > 0)
    notes.push(
      `${unmatched.toLocaleString('en-US')} ${unmatched === 1 ? 'redemption’s coupon matches' : 'redemptions’ coupons match'} no entry: counted here in the (unattributed) row and the total, but not in Explore, which counts the redemptions of entries.`,
    );
  if (by === 'week') notes.push('Weeks start on Monday; spend, entries and redemptions fall in the week of their own date.');
  if (input.from || input.to)
    notes.push(
      `Dates ${input.from ?? 'start'} to ${input.to ?? 'end'} (inclusive), by each row's own date: spend date, entry time, redemption time.`,
    );
  if (valid)
    notes.push(
      `Valid entries under the official rules (version ${rules.version}): an entry outside the period, over a limit, by someone under age, out of state, excluded or confirmed as fraud is invalid; cost per valid entry = spend ÷ valid entries.`,
    );
  if (options.marginPct !== undefined)
    notes.push(
      `Option: gross margin ${options.marginPct}% (gross_profit = revenue × margin; profit_roi = (gross_profit − spend) / spend).`,
    );
  if (lt)
    notes.push(
      `Option: last touch within ${options.lastTouchDays} days for redemptions with no matching coupon, shown apart (last_touch_*); the default figures do not include them.`,
    );
  return { by, rows: rows.map((r) => toRow(r, options)), total: toRow(total!, options), notes };
}

const ratio = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function toRow(r: Record<string, unknown>, options: RoiOptions = {}): RoiRow {
  const row: RoiRow = {
    key: r.key === null || r.key === undefined ? null : String(r.key),
    label: String(r.label),
    spend: num(r.spend),
    entries: num(r.entries),
    unique_entrants: num(r.unique_entrants),
    redemptions: num(r.redemptions),
    revenue: num(r.revenue),
    discounts: num(r.discounts),
    cost_per_entry: ratio(r.cost_per_entry),
    cost_per_redemption: ratio(r.cost_per_redemption),
    redemption_rate: ratio(r.redemption_rate),
    roas: ratio(r.roas),
    roi: ratio(r.roi),
    redeemers: num(r.redeemers),
  };
  if (options.marginPct !== undefined) {
    // In cents, so the profit is exact to the cent (half-cents round away from zero).
    const cents = Math.round(Math.round(row.revenue * 100) * options.marginPct) / 100;
    row.gross_profit = Math.round(cents) / 100;
    row.profit_roi = row.spend > 0 ? (row.gross_profit - row.spend) / row.spend : null;
  }
  if (r.valid_entries !== undefined) {
    row.valid_entries = num(r.valid_entries);
    row.valid_entrants = num(r.valid_entrants);
    row.cost_per_valid_entry = ratio(r.cost_per_valid_entry);
  }
  if (r.last_touch_redemptions !== undefined) {
    row.last_touch_redemptions = num(r.last_touch_redemptions);
    row.last_touch_revenue = num(r.last_touch_revenue);
  }
  return row;
}

/** A group's spend, entries and revenue over the whole campaign, as `getRoi` computes them. */
export interface PlanTotals {
  key: string;
  spend: number;
  entries: number;
  revenue: number;
  costPerEntry: number | null;
  roas: number | null;
}

/**
 * Spend, entries and revenue per media buy or market over the whole campaign, equal to `getRoi`'s
 * for the same groups (the geo tests compare them) without its distinct counts: entries and revenue
 * (in whole cents) come from the rolled-up cube, spend from the plan's CTEs. The Map allocates spend to entries
 * by media buy, and places markets' figures, with it: seconds at 10M become milliseconds.
 */
export async function planTotals(db: DbClient, by: 'media_buy' | 'market'): Promise<PlanTotals[]> {
  await ensurePivotTable(db);
  const p = new Params();
  const cubeKey = by === 'media_buy' ? 'x.media_buy_id' : `coalesce(x.market, '(not set)')`;
  const sql = `${scopeCtes({ filters: {} }, p, { splitSpend: false, flat: true })},
    g_sp AS (SELECT ${groupKeySql(by, 'date')} AS key, sum(x.amount) AS spend FROM sp x LEFT JOIN mb m USING (media_buy_id)
             WHERE x.media_buy_id IS NOT NULL GROUP BY 1),
    g_en AS (SELECT ${cubeKey} AS key, sum(x.n) AS entries, sum(x.rr_revenue_cents) AS revenue_cents FROM pivot_rollup x
             WHERE x.media_buy_id IS NOT NULL GROUP BY 1)
    SELECT key, coalesce(g_sp.spend, 0)::DECIMAL(18,2)::DOUBLE AS spend, coalesce(g_en.entries, 0) AS entries,
           coalesce(g_en.revenue_cents, 0) AS revenue_cents
    FROM g_sp FULL JOIN g_en USING (key) ORDER BY key`;
  const rows = await db.rows<{ key: string; spend: number; entries: string | number; revenue_cents: string | number }>(sql, p.values);
  return rows.map((r) => {
    const spend = Number(r.spend);
    const entries = Number(r.entries);
    const revenue = Number(r.revenue_cents) / 100;
    return {
      key: r.key,
      spend,
      entries,
      revenue,
      costPerEntry: entries > 0 ? spend / entries : null,
      roas: spend > 0 ? revenue / spend : null,
    };
  });
}
