import type { ObjectiveMetric, ObjectiveProgress } from '../../../src-main/contract/objectives';
import { METRICS } from '../../../src-main/contract/metrics';
import { fmtMetric as fmtCatalogued } from '../../lib/figures';

/** Each objective metric's label: the catalogue's. */
export const METRIC_LABELS: Record<ObjectiveMetric, string> = Object.fromEntries(
  (Object.keys(METRICS) as (keyof typeof METRICS)[]).map((id) => [id, METRICS[id].label]),
) as Record<ObjectiveMetric, string>;

/** A target is a ceiling for a metric where lower is better (cost per entry), else a floor. */
export const targetSign = (m: ObjectiveMetric): '≤' | '≥' => (METRICS[m].higherIsBetter === false ? '≤' : '≥');

export const STATUS_LABELS: Record<ObjectiveProgress['status'], string> = {
  met: 'Met',
  on_track: 'On track',
  behind: 'Behind',
  missed: 'Missed',
  no_data: 'No data yet',
};

/** A metric's value as the ROI screen shows it (the catalogue's format). */
export function fmtMetric(m: ObjectiveMetric, v: number | null): string {
  return fmtCatalogued(m, v);
}
