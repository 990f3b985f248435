import type { RoiGrouping, RoiMetric, RoiRow } from '../../../src-main/contract/roi';
import type { FigureKind } from './roiFormat';

/** A figure column of the ROI table. `metric` is set when roi.explain can explain it. */
export interface RoiColumn {
  id: keyof RoiRow & string;
  label: string;
  kind: FigureKind;
  metric?: RoiMetric | 'redeemers';
  /** Shown apart: an option's figures, never mixed with the default attribution. */
  option?: 'margin' | 'lastTouch';
  hint?: string;
}

const base: RoiColumn[] = [
  { id: 'spend', label: 'Spend', kind: 'money', metric: 'spend' },
  { id: 'entries', label: 'Entries', kind: 'count', metric: 'entries' },
  { id: 'unique_entrants', label: 'Unique entrants', kind: 'count', metric: 'unique_entrants' },
  { id: 'redeemers', label: 'Redeemers', kind: 'count', metric: 'redeemers', hint: 'Distinct entrants with at least one attributed redemption' },
  { id: 'redemptions', label: 'Redemptions', kind: 'count', metric: 'redemptions' },
  { id: 'revenue', label: 'Revenue', kind: 'money', metric: 'revenue' },
  { id: 'discounts', label: 'Discounts', kind: 'money', metric: 'discounts' },
  { id: 'cost_per_entry', label: 'Cost / entry', kind: 'money', metric: 'cost_per_entry' },
  { id: 'cost_per_redemption', label: 'Cost / redemption', kind: 'money', metric: 'cost_per_redemption' },
  { id: 'redemption_rate', label: 'Redemption rate', kind: 'rate', metric: 'redemption_rate' },
  { id: 'roas', label: 'ROAS', kind: 'times', metric: 'roas' },
  { id: 'roi', label: 'ROI', kind: 'rate', metric: 'roi' },
];

const margin: RoiColumn[] = [
  { id: 'gross_profit', label: 'Gross profit', kind: 'money', option: 'margin', hint: 'Option: revenue × gross margin' },
  { id: 'profit_roi', label: 'Profit ROI', kind: 'rate', option: 'margin', hint: 'Option: (gross profit − spend) / spend' },
];

const lastTouch: RoiColumn[] = [
  { id: 'last_touch_redemptions', label: 'Last-touch redemptions', kind: 'count', option: 'lastTouch', hint: 'Option: redemptions gained from last touch, not in the default figures' },
  { id: 'last_touch_revenue', label: 'Last-touch revenue', kind: 'money', option: 'lastTouch', hint: 'Option: revenue of those redemptions, not in the default figures' },
];

/** The columns for a result: the DOMAIN.md metrics, then each option's figures when it is on. */
export function roiColumns(opts: { margin: boolean; lastTouch: boolean }): RoiColumn[] {
  return [...base, ...(opts.margin ? margin : []), ...(opts.lastTouch ? lastTouch : [])];
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
