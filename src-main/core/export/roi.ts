import { writeFile } from 'node:fs/promises';
import { METRICS, xlsxNumberFormat, type MetricId } from '../../contract/metrics';
import type { RoiResult, RoiRow } from '../../contract/roi';
import { delimitedText } from './tabular';
import { loadEcharts } from '../lib/lazy';

/**
 * The ROI table as exported: a row per group, the total last; the columns, their headers (the
 * catalogue's short labels, as the ROI screen heads them) and their workbook formats come from the
 * metric catalogue. CSV keeps the values as numbers; XLSX gives each the catalogue's number format.
 */
const COLUMNS = [
  'spend',
  'entries',
  'unique_entrants',
  'redeemers',
  'redemptions',
  'revenue',
  'discounts',
  'cost_per_entry',
  'cost_per_redemption',
  'redemption_rate',
  'roas',
  'roi',
] as const satisfies readonly (MetricId & keyof RoiRow)[];
/** With official rules saved, after the others. */
const VALID_COLUMNS = ['valid_entries', 'valid_entrants', 'cost_per_valid_entry'] as const satisfies readonly (MetricId & keyof RoiRow)[];
const columnsOf = (r: RoiResult) => [...COLUMNS, ...(r.total.valid_entries !== undefined ? VALID_COLUMNS : [])];
const headerOf = (r: RoiResult) => ['Group', ...columnsOf(r).map((id) => METRICS[id].short)];

const label = (r: RoiRow, total = false) => (total ? 'Total' : r.key === null ? '(unattributed)' : String(r.label ?? r.key));
const rowsOf = (r: RoiResult) => [...r.rows.map((row) => ({ row, total: false })), { row: r.total, total: true }];

export function roiCsv(r: RoiResult): string {
  // Figures as numbers, labels neutralised: the one tabular writer (./tabular).
  const columns = columnsOf(r);
  return delimitedText(
    headerOf(r),
    rowsOf(r).map(({ row, total }) => [label(row, total), ...columns.map((id) => row[id] ?? null)]),
  );
}

export async function roiXlsx(r: RoiResult): Promise<Uint8Array> {
  const { default: writeXlsxFile } = await import('write-excel-file/node');
  const columns = columnsOf(r);
  const header = headerOf(r).map((value) => ({ value, type: String, fontWeight: 'bold' as const }));
  const body = rowsOf(r).map(({ row, total }) => [
    { value: label(row, total), type: String, ...(total ? { fontWeight: 'bold' as const } : {}) },
    ...columns.map((id) => {
      const v = row[id];
      return v === null || v === undefined ? null : { value: Number(v), type: Number, format: xlsxNumberFormat(id) };
    }),
  ]);
  const bytes = await writeXlsxFile([header, ...body] as never, {
    stickyRowsCount: 1,
    columns: header.map((_, i) => ({ width: i === 0 ? 28 : 16 })),
  }).toBuffer();
  return new Uint8Array(bytes);
}

/** Spend and revenue per group as an SVG chart (ECharts' server-side SVG renderer: no browser needed). */
export async function roiChartSvg(r: RoiResult, title: string, width = 900, height = 520): Promise<string> {
  const echarts = await loadEcharts();
  const rows = r.rows.filter((x) => x.spend > 0 || x.revenue > 0);
  const [spend, revenue] = [METRICS.spend.short, METRICS.revenue.short];
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    title: { text: title, left: 'center', textStyle: { fontSize: 16 } },
    legend: { top: 30, data: [spend, revenue] },
    grid: { left: 160, right: 30, top: 70, bottom: 40 },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => `$${v >= 1000 ? `${Math.round(v / 1000)}K` : v}` } },
    yAxis: { type: 'category', inverse: true, data: rows.map((x) => label(x)) },
    series: [
      { name: spend, type: 'bar', data: rows.map((x) => x.spend), itemStyle: { color: '#2f6fed' } },
      { name: revenue, type: 'bar', data: rows.map((x) => x.revenue), itemStyle: { color: '#12b886' } },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

export type RoiExportFormat = 'csv' | 'xlsx' | 'svg';

/** The ROI table (CSV, XLSX) or its chart (SVG) written to `file` (the `roi.export` job); rows: the groups and the total. */
export async function writeRoiExport(r: RoiResult, format: RoiExportFormat, title: string, file: string): Promise<{ rows: number }> {
  await writeFile(file, format === 'csv' ? roiCsv(r) : format === 'xlsx' ? await roiXlsx(r) : await roiChartSvg(r, title));
  return { rows: r.rows.length + 1 };
}
