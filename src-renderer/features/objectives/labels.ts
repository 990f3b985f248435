import type { ObjectiveMetric, ObjectiveProgress } from '../../../src-main/contract/objectives';
import { DASH, fmtCount, fmtMoney } from '../../format';

export const METRIC_LABELS: Record<ObjectiveMetric, string> = {
  entries: 'Entries',
  unique_entrants: 'Unique entrants',
  opt_in_rate: 'Opt-in rate',
  cost_per_entry: 'Cost per entry',
  redemptions: 'Redemptions',
  redemption_rate: 'Redemption rate',
  revenue: 'Revenue',
  roas: 'ROAS',
};

export const STATUS_LABELS: Record<ObjectiveProgress['status'], string> = {
  met: 'Met',
  on_track: 'On track',
  behind: 'Behind',
  missed: 'Missed',
  no_data: 'No data yet',
};

/** A metric's value as the ROI screen shows it. */
export function fmtMetric(m: ObjectiveMetric, v: number | null): string {
  if (v === null || !Number.isFinite(v)) return DASH;
  switch (m) {
    case 'cost_per_entry':
    case 'revenue':
      return fmtMoney(v);
    case 'opt_in_rate':
    case 'redemption_rate':
      return `${(v * 100).toFixed(1)}%`;
    case 'roas':
      return `${v.toFixed(2)}x`;
    default:
      return fmtCount(v);
  }
}
