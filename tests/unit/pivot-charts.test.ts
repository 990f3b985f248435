import { describe, expect, it } from 'vitest';
import { pivotChartHeight, pivotChartOption, type PivotChartData } from '../../src-renderer/charts/pivotCharts';
import { CHART_THEMES } from '../../src-renderer/charts/theme';
import { chartData } from '../../src-renderer/features/explore/chartData';
import { buildModel, orderLines, type RawLine } from '../../src-renderer/lib/pivotModel';

const light = CHART_THEMES.light;
const line = (r: (string | null)[], c: (string | null)[], level: number, colTotal: boolean, m: (number | null)[]): RawLine => ({
  r,
  c,
  level,
  colTotal,
  m,
});

// media_type x channel, entries and revenue: as the core orders them (details, then totals).
const RAW = [
  line(['print'], ['sms'], 1, false, [30, 300.5]),
  line(['print'], ['web'], 1, false, [10, 99.5]),
  line(['print'], [null], 1, true, [40, 400]),
  line(['radio'], ['sms'], 1, false, [50, 500]),
  line(['radio'], [null], 1, true, [50, 500]),
  line([null], ['sms'], 0, false, [80, 800.5]),
  line([null], ['web'], 0, false, [10, 99.5]),
  line([null], [null], 0, true, [90, 900]),
];
const model = buildModel(RAW, 1, 1, 2);
const kinds = ['count', 'money'] as const;

type Bars = {
  xAxis: { data: string[] };
  series: { name: string; type: string; stack?: string; data: (number | null)[] }[];
  legend: { data: string[] };
};

describe('chart data of a pivot', () => {
  it('has one category per detail line and one series per column value, gaps where a cell is missing', () => {
    const d = chartData(model, orderLines(model, null), 0, ['Entries', 'Revenue'], [...kinds]);
    expect(d.categories).toEqual(['print', 'radio']);
    expect(d.paths).toEqual([['print'], ['radio']]);
    expect(d.series.map((s) => [s.name, s.colPath, s.values])).toEqual([
      ['sms', ['sms'], [30, 50]],
      ['web', ['web'], [10, null]],
    ]);
    expect(d.format(1234.5)).toBe('1,235');
    expect(chartData(model, orderLines(model, null), 1, ['Entries', 'Revenue'], [...kinds]).format(1234.5)).toBe('$1,234.50');
  });

  it('without column fields, the measures of the chosen kind are the series', () => {
    const m = buildModel(
      [line(['a'], [], 1, false, [1, 2, 0.5]), line(['b'], [], 1, false, [3, 4, 0.25]), line([null], [], 0, false, [4, 6, 0.4])],
      1,
      0,
      3,
    );
    const d = chartData(m, orderLines(m, null), 0, ['Entries', 'Redemptions', 'Rate'], ['count', 'count', 'rate']);
    expect(d.series.map((s) => [s.name, s.values])).toEqual([
      ['Entries', [1, 3]],
      ['Redemptions', [2, 4]],
    ]);
    expect(d.series.every((s) => s.colPath === undefined)).toBe(true);
  });

  it('follows the table order when sorted', () => {
    const sorted = orderLines(model, { by: 'cell', col: 'total', measure: 0, dir: 'desc' });
    expect(chartData(model, sorted, 0, ['Entries', 'Revenue'], [...kinds]).categories).toEqual(['radio', 'print']);
  });
});

describe('pivot chart options', () => {
  const data: PivotChartData = chartData(model, orderLines(model, null), 0, ['Entries', 'Revenue'], [...kinds]);

  it('bar: grouped bars per series, legend of the column values, theme colours', () => {
    const o = pivotChartOption('bar', data, light) as unknown as Bars & { color: string[] };
    expect(o.xAxis.data).toEqual(['print', 'radio']);
    expect(o.series.map((s) => [s.name, s.type, s.stack, s.data])).toEqual([
      ['sms', 'bar', undefined, [30, 50]],
      ['web', 'bar', undefined, [10, null]],
    ]);
    expect(o.legend.data).toEqual(['sms', 'web']);
    expect(o.color).toEqual(light.series);
  });

  it('stacked and line use the same data (switching needs no query)', () => {
    const s = pivotChartOption('stacked', data, light) as unknown as Bars;
    expect(s.series.every((x) => x.stack === 'total' && x.type === 'bar')).toBe(true);
    const l = pivotChartOption('line', data, CHART_THEMES.dark) as unknown as Bars;
    expect(l.series.map((x) => [x.type, x.data])).toEqual([
      ['line', [30, 50]],
      ['line', [10, null]],
    ]);
  });

  it('heatmap: a cell per (series, category) with its value, colour range from the values', () => {
    const o = pivotChartOption('heatmap', data, light) as unknown as {
      series: { type: string; data: [number, number, number | null][] }[];
      visualMap: { min: number; max: number; formatter: (v: number) => string };
      xAxis: { data: string[] };
      yAxis: { data: string[] };
    };
    expect(o.series[0]!.type).toBe('heatmap');
    expect(o.series[0]!.data).toEqual([
      [0, 0, 30],
      [0, 1, 50],
      [1, 0, 10],
      [1, 1, null],
    ]);
    // From zero, not from the smallest value: 10 and 50 look as far apart as they are.
    expect([o.visualMap.min, o.visualMap.max]).toEqual([0, 50]);
    expect(o.xAxis.data).toEqual(['sms', 'web']);
    expect(o.yAxis.data).toEqual(['print', 'radio']);
    expect(o.visualMap.formatter(1500)).toBe('1,500');
    expect(pivotChartHeight('heatmap', data)).toBeGreaterThanOrEqual(260);
  });
});
