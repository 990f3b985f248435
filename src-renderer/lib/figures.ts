import { METRICS, type MetricFormat, type MetricId } from '../../src-main/contract/metrics';
import { DASH, fmtCount, fmtMoney } from '../format';

/** Figures as shown everywhere: money to the cent, ratios as % (one decimal), multiples as 2.34x; a missing value is a dash. */
const pct = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const times = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const missing = (v: number | null | undefined): v is null | undefined => v === null || v === undefined || !Number.isFinite(v);

export function fmtRate(v: number | null | undefined): string {
  return missing(v) ? DASH : pct.format(v);
}

export function fmtTimes(v: number | null | undefined): string {
  return missing(v) ? DASH : `${times.format(v)}x`;
}

/** A value in one of the catalogue's formats. */
export function fmtFigure(format: MetricFormat, v: number | null | undefined): string {
  switch (format) {
    case 'money':
      return fmtMoney(v);
    case 'count':
      return fmtCount(v);
    case 'percent':
      return fmtRate(v);
    case 'times':
      return fmtTimes(v);
  }
}

/** A metric's value as the catalogue says to write it. */
export function fmtMetric(id: MetricId, v: number | null | undefined): string {
  return fmtFigure(METRICS[id].format, v);
}

/** A KPI tile's item for a metric: its label (or short label) and its value written as the catalogue says. */
export function metricKpi(
  id: MetricId,
  v: number | null | undefined,
  opts: { kpiId?: string; short?: boolean } = {},
): { id: string; label: string; value: string } {
  const m = METRICS[id];
  return { id: opts.kpiId ?? id, label: opts.short ? m.short : m.label, value: fmtFigure(m.format, v) };
}
