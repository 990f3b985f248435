import * as echarts from 'echarts';
import type { RoiResult, RoiRow } from '../../contract/roi';
import { delimitedText } from './tabular';

/** The ROI table as exported: a row per group, the total last; money to the cent, ratios as numbers. */
const COLUMNS: { id: keyof RoiRow | 'group'; label: string; money?: boolean; ratio?: boolean }[] = [
  { id: 'group', label: 'Group' },
  { id: 'spend', label: 'Spend', money: true },
  { id: 'entries', label: 'Entries' },
  { id: 'unique_entrants', label: 'Unique entrants' },
  { id: 'redeemers', label: 'Redeemers' },
  { id: 'redemptions', label: 'Redemptions' },
  { id: 'revenue', label: 'Revenue', money: true },
  { id: 'discounts', label: 'Discounts', money: true },
  { id: 'cost_per_entry', label: 'Cost per entry', money: true },
  { id: 'cost_per_redemption', label: 'Cost per redemption', money: true },
  { id: 'redemption_rate', label: 'Redemption rate', ratio: true },
  { id: 'roas', label: 'ROAS', ratio: true },
  { id: 'roi', label: 'ROI', ratio: true },
];

const label = (r: RoiRow, total = false) => (total ? 'Total' : r.key === null ? '(unattributed)' : String(r.label ?? r.key));
const rowsOf = (r: RoiResult) => [...r.rows.map((row) => ({ row, total: false })), { row: r.total, total: true }];

export function roiCsv(r: RoiResult): string {
  // Figures as numbers, labels neutralised: the one tabular writer (./tabular).
  return delimitedText(
    COLUMNS.map((c) => c.label),
    rowsOf(r).map(({ row, total }) => COLUMNS.map((c) => (c.id === 'group' ? label(row, total) : row[c.id as keyof RoiRow]))),
  );
}

export async function roiXlsx(r: RoiResult): Promise<Uint8Array> {
  const { default: writeXlsxFile } = await import('write-excel-file/node');
  const header = COLUMNS.map((c) => ({ value: c.label, type: String, fontWeight: 'bold' as const }));
  const body = rowsOf(r).map(({ row, total }) =>
    COLUMNS.map((c) => {
      if (c.id === 'group') return { value: label(row, total), type: String, ...(total ? { fontWeight: 'bold' as const } : {}) };
      const v = row[c.id as keyof RoiRow];
      if (v === null || v === undefined) return null;
      return { value: Number(v), type: Number, format: c.money ? '#,##0.00' : c.ratio ? '0.00%' : '#,##0' };
    }),
  );
  const bytes = await writeXlsxFile([header, ...body] as never, {
    stickyRowsCount: 1,
    columns: COLUMNS.map((c) => ({ width: c.id === 'group' ? 28 : 16 })),
  }).toBuffer();
  return new Uint8Array(bytes);
}

/** Spend and revenue per group as an SVG chart (ECharts' server-side SVG renderer: no browser needed). */
export function roiChartSvg(r: RoiResult, title: string, width = 900, height = 520): string {
  const rows = r.rows.filter((x) => x.spend > 0 || x.revenue > 0);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    title: { text: title, left: 'center', textStyle: { fontSize: 16 } },
    legend: { top: 30, data: ['Spend', 'Revenue'] },
    grid: { left: 160, right: 30, top: 70, bottom: 40 },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => `$${v >= 1000 ? `${Math.round(v / 1000)}K` : v}` } },
    yAxis: { type: 'category', inverse: true, data: rows.map((x) => label(x)) },
    series: [
      { name: 'Spend', type: 'bar', data: rows.map((x) => x.spend), itemStyle: { color: '#2f6fed' } },
      { name: 'Revenue', type: 'bar', data: rows.map((x) => x.revenue), itemStyle: { color: '#12b886' } },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}
