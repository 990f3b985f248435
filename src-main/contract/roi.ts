import { z } from 'zod';
import { isoDay } from './day';
import type { MetricId } from './metrics';

/**
 * ROI per group (DOMAIN.md "Metrics"): input schemas and result shapes. The figures are the metric
 * catalogue's (contract/metrics.ts names, labels and formats them); their ids are tied to it by type.
 */

export const ROI_GROUPINGS = ['media_buy', 'keyword', 'media_type', 'market', 'channel', 'week'] as const;
export type RoiGrouping = (typeof ROI_GROUPINGS)[number];

export const ROI_METRICS = [
  'spend',
  'entries',
  'unique_entrants',
  'redemptions',
  'revenue',
  'discounts',
  'cost_per_entry',
  'cost_per_redemption',
  'redemption_rate',
  'roas',
  'roi',
] as const satisfies readonly MetricId[];
export type RoiMetric = (typeof ROI_METRICS)[number];

const day = isoDay;
const values = z.array(z.string().max(200)).max(500);

/** What every ROI question shares: the date range and the filters (each a list of allowed values). */
export const roiScope = z
  .object({
    /** Inclusive, by each row's own date: spend date, entered_at, redeemed_at. */
    from: day.optional(),
    to: day.optional(),
    filters: z
      .object({
        media_buy: values.optional(),
        media_type: values.optional(),
        market: values.optional(),
        channel: values.optional(),
      })
      .strict()
      .default({}),
    /** Options on top of the default attribution, each labelled in the result; never replacing it. */
    options: z
      .object({
        /** Gross margin in percent (0-100): adds gross_profit and profit_roi. */
        marginPct: z.number().min(0).max(100).optional(),
        /**
         * Last touch: a redemption whose coupon matches no entry, but whose custom attributes carry the
         * redeemer's email or phone, goes to that entrant's latest entry in the N days before it.
         */
        lastTouchDays: z.number().int().min(1).max(365).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();
export type RoiScope = z.input<typeof roiScope>;

export const roiInput = roiScope.extend({ by: z.enum(ROI_GROUPINGS).default('media_buy') }).strict();
export type RoiInput = z.input<typeof roiInput>;

export const roiExplainInput = roiScope
  .extend({
    by: z.enum(ROI_GROUPINGS).default('media_buy'),
    /** The group's key; null is the "(unattributed)" row; omitted is the total row. */
    key: z.string().max(200).nullable().optional(),
    /** A DOMAIN.md metric, or redeemers (the funnel's last step). */
    metric: z.enum([...ROI_METRICS, 'redeemers']),
  })
  .strict();
export type RoiExplainInput = z.input<typeof roiExplainInput>;

export const roiDrillInput = roiScope.extend({ mediaBuyId: z.string().max(200).nullable() }).strict();
export type RoiDrillInput = z.input<typeof roiDrillInput>;

/** One row of the ROI table. Money in dollars to the cent; ratios null when the denominator is 0. */
export interface RoiRow {
  /** The group's id (media_buy_id, keyword, ... week start YYYY-MM-DD); null for "(unattributed)". */
  key: string | null;
  label: string;
  spend: number;
  entries: number;
  unique_entrants: number;
  redemptions: number;
  revenue: number;
  discounts: number;
  cost_per_entry: number | null;
  cost_per_redemption: number | null;
  redemption_rate: number | null;
  roas: number | null;
  roi: number | null;
  /** Funnel: distinct entrants with at least one attributed redemption. */
  redeemers: number;
  /** With options.marginPct: revenue x margin, and (gross_profit - spend) / spend. */
  gross_profit?: number;
  profit_roi?: number | null;
  /** With official rules saved (docs/rules.md): entries valid under them, their people, spend ÷ valid entries. */
  valid_entries?: number;
  valid_entrants?: number;
  cost_per_valid_entry?: number | null;
  /** With options.lastTouchDays: redemptions (and their revenue) this row gained from last touch. */
  last_touch_redemptions?: number;
  last_touch_revenue?: number;
}

/** A figure of a ROI row; each is a catalogued metric (a field outside the catalogue is a compile error here). */
export type RoiFigureId = Catalogued<Exclude<keyof RoiRow, 'key' | 'label'>>;
type Catalogued<T extends MetricId> = T;

export interface RoiResult {
  by: RoiGrouping;
  rows: RoiRow[];
  total: RoiRow;
  /** What the figures mean here: options applied, how spend was split, what was left out. */
  notes: string[];
}

export interface RoiExplanation {
  metric: RoiMetric | 'redeemers';
  label: string;
  value: number | null;
  /** E.g. "cost_per_entry = spend / entries". */
  formula: string;
  /** The figures the formula uses, with what each counts. */
  inputs: { name: string; value: number; meaning: string }[];
  /** The rows behind the figure: the first 200 of each dataset involved, and how many in all. */
  sources: {
    dataset: 'spend' | 'entries' | 'redemptions';
    total: number;
    columns: string[];
    rows: (string | number | boolean | null)[][];
  }[];
}

export interface RoiDrill {
  mediaBuyId: string | null;
  label: string;
  keywords: { keyword: string | null; entries: number; unique_entrants: number; redemptions: number; revenue: number }[];
  days: { day: string; spend: number; entries: number; redemptions: number; revenue: number }[];
  /** The first 200 entrants by entries, then revenue; their name and zip as their latest entry gives them. */
  entrants: {
    entrant_id: string;
    name: string | null;
    zip: string | null;
    entries: number;
    first_entry: string;
    redemptions: number;
    revenue: number;
  }[];
  entrantsTotal: number;
}

/** Days from an entry to the redemption of its coupon, per media buy and overall. */
export interface RoiTiming {
  /**
   * Buckets: 0 (same day), 1, 2, ... 13, then 14-20, 21-27, 28-41, 42-59, 60+ (label says which); `days` is
   * how many days a bucket spans (60+: up to the longest delay seen), so buckets compare per day.
   */
  buckets: { label: string; fromDays: number; days: number; redemptions: number }[];
  medianDays: number | null;
  p90Days: number | null;
  redemptions: number;
}

/**
 * The choices of the ROI screen's and the dashboards' filters: the keys ROI's rows have when grouped by each field
 * (the placeholder groups "(not set)", "(no entries)" and the unattributed left out), sorted.
 */
export interface RoiFilterValues {
  media_type: string[];
  market: string[];
  channel: string[];
}
