import type { EChartsCoreOption } from 'echarts/core';
import { categoryAxis, escapeHtml, frame, shorten, valueAxis } from './roiCommon';
import type { ChartTheme } from './theme';

/** Explore's charts: pure functions from one pivot (as chart data) to ECharts options. No query. */
export const PIVOT_CHART_TYPES = ['table', 'bar', 'stacked', 'line', 'heatmap'] as const;
export type PivotChartType = (typeof PIVOT_CHART_TYPES)[number];

export interface PivotChartSeries {
  name: string;
  /** The column value this series stands for (a legend click filters by it), or undefined for a measure. */
  colPath?: (string | null)[];
  values: (number | null)[];
}
export interface PivotChartData {
  /** One category per detail line of the pivot (row values joined), in the table's order. */
  categories: string[];
  /** The row values of each category (a bar click filters by them). */
  paths: (string | null)[][];
  series: PivotChartSeries[];
  /** Formats a value as the table does (money, %, count). */
  format: (v: number | null) => string;
  /** What the values are (the measure's label). */
  valueLabel: string;
}

const MAX_ROTATE = 8;

function axes(data: PivotChartData, theme: ChartTheme) {
  const many = data.categories.length > MAX_ROTATE;
  return {
    xAxis: categoryAxis(theme, data.categories, {
      axisLabel: {
        color: theme.muted,
        rotate: many ? 35 : 0,
        interval: 'auto',
        hideOverlap: true,
        formatter: (v: string) => shorten(v, 18),
      },
    }),
    yAxis: valueAxis(theme, { axisLabel: { color: theme.muted, hideOverlap: true, formatter: (v: number) => data.format(v) } }),
  };
}

function bars(data: PivotChartData, theme: ChartTheme, stacked: boolean, type: 'bar' | 'line'): EChartsCoreOption {
  const f = frame(
    theme,
    data.series.map((s) => s.name),
  );
  return {
    ...f,
    legend: { ...f.legend, type: 'scroll', left: 8 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    tooltip: {
      ...f.tooltip,
      trigger: 'axis',
      axisPointer: { type: type === 'bar' ? 'shadow' : 'line' },
      valueFormatter: (v: unknown) => data.format(typeof v === 'number' ? v : null),
    },
    ...axes(data, theme),
    dataZoom: data.categories.length > 40 ? [{ type: 'inside' }] : [],
    series: data.series.map((s) => ({
      name: s.name,
      type,
      ...(stacked ? { stack: 'total' } : {}),
      ...(type === 'bar' ? { barMaxWidth: 28 } : { showSymbol: data.categories.length <= 60, connectNulls: false }),
      // Hover highlights the one mark a click filters by (not the whole series).
      emphasis: { focus: 'self' },
      // A missing value is a gap, never a zero.
      data: s.values,
    })),
  };
}

/** A heatmap: categories down, series across, colour by value. */
function heatmap(data: PivotChartData, theme: ChartTheme): EChartsCoreOption {
  const cells: [number, number, number | null][] = [];
  let min = Infinity;
  let max = -Infinity;
  data.series.forEach((s, x) =>
    s.values.forEach((v, y) => {
      cells.push([x, y, v]);
      if (v !== null) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }),
  );
  if (min === Infinity) [min, max] = [0, 1];
  // Counts and money start at zero: colouring from the smallest value would make a 4.7 % spread look like
  // all or nothing. (A measure with negative values keeps its own minimum.)
  if (min > 0) min = 0;
  const f = frame(theme, []);
  return {
    ...f,
    legend: { show: false },
    grid: { left: 8, right: 16, top: 12, bottom: 84, containLabel: true },
    tooltip: {
      ...f.tooltip,
      trigger: 'item',
      // Row and column values are data (a custom attribute can hold anything): escaped, like every part.
      formatter: (p: { value: [number, number, number | null] }) =>
        `${escapeHtml(data.categories[p.value[1]])} · ${escapeHtml(data.series[p.value[0]]?.name)}<br/>${escapeHtml(data.valueLabel)}: <b>${escapeHtml(data.format(p.value[2]))}</b>`,
    },
    xAxis: categoryAxis(
      theme,
      data.series.map((s) => s.name),
      {
        splitArea: { show: false },
        axisLabel: { color: theme.muted, rotate: data.series.length > MAX_ROTATE ? 35 : 0, formatter: (v: string) => shorten(v, 16) },
      },
    ),
    yAxis: categoryAxis(theme, data.categories, {
      inverse: true,
      axisLabel: { color: theme.muted, formatter: (v: string) => shorten(v, 22) },
    }),
    visualMap: {
      min,
      max,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 160,
      textStyle: { color: theme.muted },
      formatter: (v: number) => data.format(v),
      inRange: { color: [theme.panel, theme.series[0]] },
    },
    series: [
      {
        type: 'heatmap',
        name: data.valueLabel,
        data: cells,
        label: {
          show: data.categories.length * data.series.length <= 120,
          color: theme.text,
          formatter: (p: { value: [number, number, number | null] }) => data.format(p.value[2]),
        },
        emphasis: { itemStyle: { borderColor: theme.text, borderWidth: 1 } },
      },
    ],
  };
}

export function pivotChartOption(type: Exclude<PivotChartType, 'table'>, data: PivotChartData, theme: ChartTheme): EChartsCoreOption {
  switch (type) {
    case 'bar':
      return bars(data, theme, false, 'bar');
    case 'stacked':
      return bars(data, theme, true, 'bar');
    case 'line':
      return bars(data, theme, false, 'line');
    case 'heatmap':
      return heatmap(data, theme);
  }
}

/** A height that gives each category room (the heatmap grows with its rows). */
export function pivotChartHeight(type: PivotChartType, data: PivotChartData): number {
  if (type === 'heatmap') return Math.max(260, Math.min(900, 110 + data.categories.length * 26));
  return 360;
}
