import { METRICS, type MetricFormat } from '../../src-main/contract/metrics';
import { PIVOT_METRICS, type PivotFieldInfo, type PivotMeasure } from '../../src-main/contract/pivot';
import { DASH, fmtCount, fmtMoney } from '../format';

/** The catalogue's metrics a pivot can show (the contract's list), and the functions of a field. */
export const PIVOT_METRIC_LIST: { fn: PivotMeasure['fn']; label: string }[] = PIVOT_METRICS.map((fn) => ({ fn, label: METRICS[fn].label }));
const isPivotMetric = (fn: string): fn is (typeof PIVOT_METRICS)[number] => (PIVOT_METRICS as readonly string[]).includes(fn);
/** A catalogue format as the pivot's kinds name it. */
const KIND_OF: Record<MetricFormat, MeasureKind> = { money: 'money', count: 'count', percent: 'rate', times: 'number' };
export const FIELD_FNS: { fn: PivotMeasure['fn']; label: string; numbersOnly: boolean }[] = [
  { fn: 'sum', label: 'Sum', numbersOnly: true },
  { fn: 'avg', label: 'Average', numbersOnly: true },
  { fn: 'median', label: 'Median', numbersOnly: true },
  { fn: 'min', label: 'Min', numbersOnly: true },
  { fn: 'max', label: 'Max', numbersOnly: true },
  { fn: 'count', label: 'Count (not empty)', numbersOnly: false },
  { fn: 'distinct', label: 'Distinct count', numbersOnly: false },
];

export type MeasureKind = 'money' | 'rate' | 'count' | 'number';

const MONEY_FIELDS = new Set(['revenue', 'discounts']);
const COUNT_FIELDS = new Set(['redemptions']);

/** How a measure is shown: money to the cent, rates as %, counts whole, other numbers to 2 decimals. */
export function measureKind(m: PivotMeasure): MeasureKind {
  if (isPivotMetric(m.fn)) return KIND_OF[METRICS[m.fn].format];
  switch (m.fn) {
    case 'count':
    case 'distinct':
      return 'count';
    case 'sum':
    case 'min':
    case 'max':
      return MONEY_FIELDS.has(m.field ?? '') ? 'money' : COUNT_FIELDS.has(m.field ?? '') ? 'count' : 'number';
    default:
      return MONEY_FIELDS.has(m.field ?? '') ? 'money' : 'number';
  }
}

const pct = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const num = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function fmtMeasure(kind: MeasureKind, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  switch (kind) {
    case 'money':
      return fmtMoney(v);
    case 'rate':
      return pct.format(v);
    case 'count':
      return fmtCount(v);
    case 'number':
      return num.format(v);
  }
}

/** Excel number formats of the same kinds. */
export const XLSX_FORMATS: Record<MeasureKind, string> = { money: '"$"#,##0.00', rate: '0.0%', count: '#,##0', number: '#,##0.##' };

/**
 * The Excel format of one figure, drawn as the table draws it. A plain number shows up to 2 decimals
 * without trailing zeros; Excel's "#,##0.##" would do that but leaves a dangling point on whole
 * numbers ("34."), so such a figure gets as many decimals as it shows in the table (0, 1 or 2).
 */
export function xlsxFormat(kind: MeasureKind, v: number): string {
  if (kind !== 'number' || !Number.isFinite(v)) return XLSX_FORMATS[kind];
  const shown = num.formatToParts(v).find((p) => p.type === 'fraction')?.value.length ?? 0;
  return shown === 0 ? '#,##0' : `#,##0.${'0'.repeat(shown)}`;
}

export function measureLabel(m: PivotMeasure, fields: Map<string, PivotFieldInfo>): string {
  if (isPivotMetric(m.fn)) return METRICS[m.fn].label;
  const fn = FIELD_FNS.find((x) => x.fn === m.fn)?.label ?? m.fn;
  const field = fields.get(m.field ?? '')?.label ?? m.field?.replace(/^attr:/, '') ?? '';
  return `${fn} of ${field.charAt(0).toLowerCase()}${field.slice(1)}`;
}

export const fieldLabel = (id: string, fields: Map<string, PivotFieldInfo>) => fields.get(id)?.label ?? id.replace(/^attr:/, '');
