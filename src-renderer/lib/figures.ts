import { formatFigure, formatMetric, METRICS, type MetricFormat, type MetricId } from '../../src-main/contract/metrics';

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
): { id: string; label: string; value: string; compact?: string } {
  const m = METRICS[id];
  const value = formatFigure(m.format, v);
  const compact = compactFigure(m.format, v, value);
  return { id: opts.kpiId ?? id, label: opts.short ? m.short : m.label, value, ...(compact ? { compact } : {}) };
}

/** Longer than this, a card's figure is shown compact ($3.06M, 12.4M) with the exact one beside it for hover and screen readers. */
const CARD_CHARS = 10;

/** "$3.06M" for $3,061,234.56, "12.4M" for 12,400,000: three significant digits; undefined when the exact text fits. */
export function compactFigure(format: MetricFormat, v: number | null | undefined, exact: string): string | undefined {
  if (v === null || v === undefined || !Number.isFinite(v) || exact.length <= CARD_CHARS) return undefined;
  if (format !== 'money' && format !== 'count') return undefined;
  return new Intl.NumberFormat('en-US', {
    notation: 'compact',
    maximumSignificantDigits: 3,
    ...(format === 'money' ? { style: 'currency', currency: 'USD' } : {}),
  }).format(v);
}
