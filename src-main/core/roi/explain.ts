import type { RoiExplanation, RoiGrouping, RoiMetric, RoiRow } from '../../contract/roi';
import type { DbClient } from '../db/client';
import { getRoi, type RoiOptions } from './metrics';
import { groupKeySql, Params, scopeCtes, splitsSpend, type Scope } from './scope';

const FORMULAS: Record<
  RoiMetric | 'redeemers',
  { formula: string; uses: (keyof RoiRow)[]; sources: ('spend' | 'entries' | 'redemptions')[] }
> = {
  spend: {
    formula: 'spend = sum of spend amounts attributed to the group (by media_buy_id, else keyword)',
    uses: ['spend'],
    sources: ['spend'],
  },
  entries: {
    formula: 'entries = entries attributed to the group (media_buy_id, else keyword, else source), duplicates skipped',
    uses: ['entries'],
    sources: ['entries'],
  },
  unique_entrants: {
    formula: 'unique_entrants = distinct people among those entries (same email or phone, transitively)',
    uses: ['unique_entrants', 'entries'],
    sources: ['entries'],
  },
  redemptions: {
    formula: 'redemptions = redemptions whose coupon was issued on an entry of the group',
    uses: ['redemptions'],
    sources: ['redemptions'],
  },
  revenue: { formula: 'revenue = sum of order_amount of those redemptions', uses: ['revenue', 'redemptions'], sources: ['redemptions'] },
  discounts: {
    formula: 'discounts = sum of discount_amount of those redemptions',
    uses: ['discounts', 'redemptions'],
    sources: ['redemptions'],
  },
  cost_per_entry: { formula: 'cost_per_entry = spend / entries', uses: ['spend', 'entries'], sources: ['spend', 'entries'] },
  cost_per_redemption: {
    formula: 'cost_per_redemption = spend / redemptions',
    uses: ['spend', 'redemptions'],
    sources: ['spend', 'redemptions'],
  },
  redemption_rate: {
    formula: 'redemption_rate = redemptions / entries',
    uses: ['redemptions', 'entries'],
    sources: ['redemptions', 'entries'],
  },
  roas: { formula: 'roas = revenue / spend', uses: ['revenue', 'spend'], sources: ['redemptions', 'spend'] },
  roi: { formula: 'roi = (revenue − spend) / spend', uses: ['revenue', 'spend'], sources: ['redemptions', 'spend'] },
  redeemers: {
    formula: 'redeemers = distinct people among those redemptions (the funnel: entries → unique entrants → redeemers)',
    uses: ['redeemers', 'unique_entrants', 'redemptions'],
    sources: ['redemptions'],
  },
};

const MEANING: Partial<Record<keyof RoiRow, string>> = {
  spend: 'dollars of spend attributed here',
  entries: 'entries attributed here',
  unique_entrants: 'distinct people among them',
  redemptions: 'redemptions of coupons issued on those entries',
  redeemers: 'people who redeemed at least once',
  revenue: 'order amounts of those redemptions, dollars',
  discounts: 'discount amounts of those redemptions, dollars',
};

const SOURCE_SQL = {
  spend: {
    table: 'sp',
    dateCol: 'date',
    columns: ['date', 'media_buy_id', 'amount'],
    select: `strftime(x.date, '%Y-%m-%d') AS date, x.media_buy_id, x.amount::DOUBLE AS amount`,
    order: 'x.date, x.sid',
  },
  entries: {
    table: 'en',
    dateCol: 'entered_at',
    columns: ['entry_id', 'entered_at', 'channel', 'keyword', 'media_buy_id', 'entrant_id'],
    select: `x.entry_id, strftime(x.entered_at, '%Y-%m-%d %H:%M:%S') AS entered_at, x.channel, x.keyword, x.media_buy_id, 'P' || lpad(to_hex(x.entrant), 16, '0') AS entrant_id`,
    order: 'x.entered_at, x.entry_id',
  },
  redemptions: {
    table: 'rd',
    dateCol: 'redeemed_at',
    columns: ['redemption_id', 'redeemed_at', 'order_amount', 'discount_amount', 'media_buy_id', 'entrant_id'],
    select: `x.redemption_id, strftime(x.redeemed_at, '%Y-%m-%d %H:%M:%S') AS redeemed_at, x.order_amount::DOUBLE AS order_amount, x.discount_amount::DOUBLE AS discount_amount, x.media_buy_id,
             CASE WHEN x.entrant IS NOT NULL THEN 'P' || lpad(to_hex(x.entrant), 16, '0') END AS entrant_id`,
    order: 'x.redeemed_at, x.redemption_id',
  },
} as const;

/** The formula, the figures it uses, and the rows behind one figure of the ROI table. */
export async function explainRoi(
  db: DbClient,
  input: Scope & { by: RoiGrouping; key?: string | null; metric: RoiMetric | 'redeemers'; options?: RoiOptions },
): Promise<RoiExplanation> {
  const roi = await getRoi(db, input);
  const isTotal = input.key === undefined;
  const row = isTotal ? roi.total : roi.rows.find((r) => r.key === input.key);
  if (!row)
    return {
      metric: input.metric,
      label: String(input.key),
      value: null,
      formula: FORMULAS[input.metric].formula,
      inputs: [],
      sources: [],
    };
  const f = FORMULAS[input.metric];
  const sources = [];
  for (const dataset of f.sources) {
    const s = SOURCE_SQL[dataset];
    const p = new Params();
    const ctes = scopeCtes(input, p, { splitSpend: splitsSpend(input, input.by) });
    const key = input.key ?? null;
    const where = isTotal
      ? 'true'
      : input.key === null
        ? `(${groupKeySql(input.by, s.dateCol)}) IS NULL`
        : `(${groupKeySql(input.by, s.dateCol)}) = ${p.add(key)}`;
    const from = `FROM ${s.table} x LEFT JOIN mb m USING (media_buy_id) WHERE ${where}`;
    const [count] = await db.rows<{ n: unknown }>(`${ctes} SELECT count(*) AS n ${from}`, p.values);
    const rows = await db.rows<Record<string, string | number | boolean | null>>(
      `${ctes} SELECT ${s.select} ${from} ORDER BY ${s.order} LIMIT 200`,
      p.values,
    );
    sources.push({ dataset, total: Number(count!.n), columns: [...s.columns], rows: rows.map((r) => s.columns.map((c) => r[c] ?? null)) });
  }
  return {
    metric: input.metric,
    label: row.label,
    value: row[input.metric],
    formula: f.formula,
    inputs: f.uses.map((u) => ({ name: u, value: Number(row[u] ?? 0), meaning: MEANING[u] ?? u })),
    sources,
  };
}
