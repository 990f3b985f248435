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

/**
 * A target as typed, in the metric's own terms: "40%" or "0.4" for a rate, "$1,200.50" for money,
 * "12,000" for a count, "3x" or "3" for ROAS. An error says what to type instead; nothing is guessed
 * (a rate typed as "40" could be 40 % or 4,000 %, so it is asked for as "40%" or "0.4").
 */
export function parseTarget(m: ObjectiveMetric, text: string): { value: number } | { error: string } {
  const format = METRICS[m].format;
  let t = text.trim().replace(/[\s,]/g, '');
  if (!t) return { error: 'Enter the target.' };
  let scale = 1;
  if (format === 'percent' && t.endsWith('%')) {
    t = t.slice(0, -1);
    scale = 0.01;
  } else if (format === 'money' && t.startsWith('$')) t = t.slice(1);
  else if (format === 'times' && /x$/i.test(t)) t = t.slice(0, -1);
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(t)) return { error: `Enter the target as a number${examples[format]}.` };
  const value = Number(t) * scale;
  if (format === 'percent' && value > 1) return { error: `A rate is a share: type ${t}% or ${Number(t) / 100}.` };
  return { value };
}

const examples: Record<(typeof METRICS)[keyof typeof METRICS]['format'], string> = {
  percent: ' (a rate: 40% or 0.4)',
  money: ' (e.g. $1,200.50)',
  count: ' (e.g. 12,000)',
  times: ' (e.g. 3x)',
};
