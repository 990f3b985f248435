import { formatFigure, formatMetric, METRICS, type MetricId } from '../../src-main/contract/metrics';

/**
 * Figures as shown everywhere: money to the cent, ratios as % (one decimal), multiples as 2.34x; a
 * missing value is a dash. The catalogue (contract/metrics.ts) writes them, so the CLI and the exports agree.
 */
export const fmtFigure = formatFigure;

/** A metric's value as the catalogue says to write it. */
export const fmtMetric = formatMetric;

/** A KPI tile's item for a metric: its label (or short label) and its value written as the catalogue says. */
export function metricKpi(
  id: MetricId,
  v: number | null | undefined,
  opts: { kpiId?: string; short?: boolean } = {},
): { id: string; label: string; value: string } {
  const m = METRICS[id];
  return { id: opts.kpiId ?? id, label: opts.short ? m.short : m.label, value: formatFigure(m.format, v) };
}
