import { METRICS, type MetricFormat, type MetricId } from '../../../src-main/contract/metrics';
import type { RoiGrouping, RoiMetric, RoiRow } from '../../../src-main/contract/roi';

/** A figure column of the ROI table. `metric` is set when roi.explain can explain it. */
export interface RoiColumn {
  id: keyof RoiRow & string;
  label: string;
  kind: MetricFormat;
  metric?: RoiMetric | 'redeemers';
  /** Shown apart: an option's figures, never mixed with the default attribution. */
  option?: 'margin' | 'lastTouch' | 'rules';
  hint?: string;
}

/** A column of the catalogue's metric: its short label, format and (for options) description as hint. */
function col(id: MetricId & keyof RoiRow, extra: Partial<RoiColumn> = {}): RoiColumn {
  const m = METRICS[id];
  return { id, label: m.short, kind: m.format, ...extra };
}

const base: RoiColumn[] = [
  col('spend', { metric: 'spend' }),
  col('entries', { metric: 'entries' }),
  col('unique_entrants', { metric: 'unique_entrants' }),
  col('redeemers', { metric: 'redeemers', hint: METRICS.redeemers.description }),
  col('redemptions', { metric: 'redemptions' }),
  col('revenue', { metric: 'revenue' }),
  col('discounts', { metric: 'discounts' }),
  col('cost_per_entry', { metric: 'cost_per_entry' }),
  col('cost_per_redemption', { metric: 'cost_per_redemption' }),
  col('redemption_rate', { metric: 'redemption_rate' }),
  col('roas', { metric: 'roas' }),
  col('roi', { metric: 'roi' }),
];

/** With official rules saved: entries valid under them and what each cost. */
const valid: RoiColumn[] = [
  col('valid_entries', { option: 'rules', hint: METRICS.valid_entries.description }),
  col('valid_entrants', { option: 'rules', hint: METRICS.valid_entrants.description }),
  col('cost_per_valid_entry', { option: 'rules', hint: METRICS.cost_per_valid_entry.description }),
];

const margin: RoiColumn[] = [
  col('gross_profit', { option: 'margin', hint: METRICS.gross_profit.description }),
  col('profit_roi', { option: 'margin', hint: METRICS.profit_roi.description }),
];

const lastTouch: RoiColumn[] = [
  col('last_touch_redemptions', { option: 'lastTouch', hint: METRICS.last_touch_redemptions.description }),
  col('last_touch_revenue', { option: 'lastTouch', hint: METRICS.last_touch_revenue.description }),
];

/** The columns for a result: the DOMAIN.md metrics (with rules saved, each valid figure beside its own), then each option's figures when it is on. */
export function roiColumns(opts: { margin: boolean; lastTouch: boolean; rules?: boolean }): RoiColumn[] {
  // Each valid figure stands beside the figure it qualifies: valid entries after entries, and so on.
  const beside: Record<string, RoiColumn> = { entries: valid[0]!, unique_entrants: valid[1]!, cost_per_entry: valid[2]! };
  const figures = opts.rules ? base.flatMap((c) => (beside[c.id] ? [c, beside[c.id]!] : [c])) : base;
  return [...figures, ...(opts.margin ? margin : []), ...(opts.lastTouch ? lastTouch : [])];
}

export const GROUPINGS: { id: RoiGrouping; label: string; plural: string }[] = [
  { id: 'media_buy', label: 'Media buy', plural: 'media buys' },
  { id: 'keyword', label: 'Keyword', plural: 'keywords' },
  { id: 'media_type', label: 'Media type', plural: 'media types' },
  { id: 'market', label: 'Market', plural: 'markets' },
  { id: 'channel', label: 'Channel', plural: 'channels' },
  { id: 'week', label: 'Week', plural: 'weeks' },
];

export const groupingOf = (id: RoiGrouping) => GROUPINGS.find((g) => g.id === id)!;
