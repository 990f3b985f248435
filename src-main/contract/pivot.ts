import { z } from 'zod';
import type { MetricId } from './metrics';

/** Explore: pivots over entries (one row per entry, with its entrant, media buy and redemptions). */

/** Built-in fields; custom attributes of imported entries are `attr:<column name>`. */
export const PIVOT_DIMENSIONS = [
  'channel',
  'keyword',
  'media_buy',
  'media_type',
  'market',
  'zip',
  'zip3',
  'state',
  'age_band',
  'product_affinity',
  'purchase_timeframe',
  'email_opt_in',
  'sms_opt_in',
  'entry_day',
  'entry_week',
  'entry_month',
  'store',
  'redeemed',
  'push_group',
  'message_response',
  'validity',
  'invalid_reasons',
] as const;
export const PIVOT_NUMBERS = ['age', 'redemptions', 'revenue', 'discounts', 'days_to_redeem'] as const;
/** The catalogue's metrics a pivot can show, labelled and formatted by contract/metrics.ts. */
export const PIVOT_METRICS = [
  'entries',
  'unique_entrants',
  'redemptions',
  'revenue',
  'discounts',
  'redemption_rate',
] as const satisfies readonly MetricId[];
/**
 * Explore's estimates (on large workspaces, while the exact pivot runs) come from every entry of 1 in
 * this many entrants (core/derived/pivot-table.ts keeps that sample; core/pivot/estimate.ts reads it).
 */
export const ESTIMATE_SAMPLE_RATE = 128;
/** Measures that take a field (a number for sum/avg/min/max/median; any field for count and distinct). */
export const FIELD_MEASURES = ['count', 'sum', 'avg', 'min', 'max', 'median', 'distinct'] as const;
export const PIVOT_MEASURES = [...PIVOT_METRICS, ...FIELD_MEASURES] as const;

const attrField = z.string().regex(/^attr:.{1,128}$/s, 'a custom attribute as attr:<column name>');
export const pivotField = z.union([z.enum(PIVOT_DIMENSIONS), z.enum(PIVOT_NUMBERS), attrField]);
export type PivotField = z.infer<typeof pivotField>;

export const pivotMeasure = z
  .object({ fn: z.enum(PIVOT_MEASURES), field: pivotField.optional() })
  .strict()
  .refine((m) => (FIELD_MEASURES as readonly string[]).includes(m.fn) === (m.field !== undefined), {
    message: 'count, sum, avg, min, max, median and distinct take a field; the other measures take none',
  });
export type PivotMeasure = z.infer<typeof pivotMeasure>;

const value = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);
export const pivotFilter = z.discriminatedUnion('op', [
  /** One of these values (null: empty). */
  z.object({ field: pivotField, op: z.literal('in'), values: z.array(value).max(1000) }).strict(),
  z.object({ field: pivotField, op: z.literal('not_in'), values: z.array(value).max(1000) }).strict(),
  /** Inclusive range; numbers for numbers, YYYY-MM-DD for days, weeks and months. */
  z
    .object({
      field: pivotField,
      op: z.literal('between'),
      from: z.union([z.number(), z.string().max(40)]).nullable(),
      to: z.union([z.number(), z.string().max(40)]).nullable(),
    })
    .strict(),
  z.object({ field: pivotField, op: z.literal('empty') }).strict(),
  z.object({ field: pivotField, op: z.literal('not_empty') }).strict(),
]);
export type PivotFilter = z.infer<typeof pivotFilter>;

/** Most lines a pivot returns; more is not a table anyone reads. */
export const MAX_PIVOT_LINES = 100_000;

export const pivotSpec = z
  .object({
    rows: z.array(pivotField).max(4).default([]),
    cols: z.array(pivotField).max(2).default([]),
    measures: z
      .array(pivotMeasure)
      .min(1)
      .max(8)
      .default([{ fn: 'entries' }]),
    filters: z.array(pivotFilter).max(50).default([]),
    /** Keep the first row field's top N values by the first measure; the rest become "(other)". */
    topN: z.number().int().min(1).max(1000).optional(),
    /** Subtotals for every row level and column totals. */
    totals: z.boolean().default(true),
  })
  .strict();
export type PivotSpec = z.input<typeof pivotSpec>;
export type PivotSpecParsed = z.output<typeof pivotSpec>;

export const pivotRowsInput = z
  .object({
    filters: z.array(pivotFilter).max(60).default([]),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(5000).default(200),
  })
  .strict();

export const pivotValuesInput = z
  .object({
    field: pivotField,
    filters: z.array(pivotFilter).max(50).default([]),
    search: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict();

export interface PivotFieldInfo {
  id: string;
  label: string;
  /** dimension: can be a row or column; number: can be summed, averaged ... (and filtered by range). */
  kind: 'dimension' | 'number';
  group: 'Campaign' | 'Person' | 'Geography' | 'Time' | 'Redemption' | 'Messages' | 'Rules' | 'Custom';
}

/**
 * The pivot as Arrow: columns r0.., c0.. (text labels of the row and column fields), `level` (how many
 * row fields this line groups by: fewer than rows.length is a subtotal, 0 is the grand total),
 * `col_total` (true where the column fields are rolled up), then m0.. (the measures, DOUBLE).
 */
export interface PivotMeta {
  rows: string[];
  cols: string[];
  measures: string[];
  rowCount: number;
  /** True when topN folded values into "(other)". */
  folded: boolean;
  sql?: string;
}

export const savedViewInput = z
  .object({
    viewId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
    name: z.string().min(1).max(120),
    spec: pivotSpec,
    chart: z.enum(['table', 'bar', 'stacked', 'line', 'heatmap']).default('table'),
  })
  .strict();

export interface SavedView {
  viewId: string;
  name: string;
  spec: PivotSpecParsed;
  chart: string;
  updatedAt: string;
}
