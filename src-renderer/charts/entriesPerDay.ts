import type { EChartsCoreOption } from 'echarts/core';
import { METRICS } from '../../src-main/contract/metrics';
import type { ChartTheme } from './theme';

export interface DayCount {
  day: string;
  entries: number;
}

/**
 * Entries per day as a filled line with a 7-day average on top: the pulse of the campaign.
 * Days with no entries between the first and the last are filled with 0, so gaps show as gaps.
 */
export function entriesPerDayOption(rows: DayCount[], theme: ChartTheme): EChartsCoreOption {
  const filled = fillDays(rows);
  const days = filled.map((r) => r.day);
  const values = filled.map((r) => r.entries);
  const avg = values.map((_, i) => {
    const window = values.slice(Math.max(0, i - 6), i + 1);
    return Math.round(window.reduce((a, b) => a + b, 0) / window.length);
  });
  return {
    color: theme.series,
    animation: false,
    textStyle: { color: theme.text },
    grid: { left: 56, right: 20, top: 36, bottom: 56 },
    legend: { top: 0, right: 8, textStyle: { color: theme.muted }, data: [METRICS.entries.short, '7-day average'] },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      data: days,
      boundaryGap: false,
      axisLine: { lineStyle: { color: theme.grid } },
      axisLabel: { color: theme.muted, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      splitLine: { lineStyle: { color: theme.grid } },
      axisLabel: { color: theme.muted },
    },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8, borderColor: theme.grid, textStyle: { color: theme.muted } }],
    series: [
      {
        name: METRICS.entries.short,
        type: 'line',
        data: values,
        showSymbol: false,
        areaStyle: { opacity: 0.15 },
        lineStyle: { width: 1.5 },
      },
      { name: '7-day average', type: 'line', data: avg, showSymbol: false, lineStyle: { width: 2.5 } },
    ],
  };
}

export function fillDays(rows: DayCount[]): DayCount[] {
  if (rows.length === 0) return [];
  const byDay = new Map(rows.map((r) => [r.day, r.entries]));
  const sorted = [...byDay.keys()].sort();
  const out: DayCount[] = [];
  const end = Date.parse(sorted[sorted.length - 1]! + 'T00:00:00Z');
  for (let t = Date.parse(sorted[0]! + 'T00:00:00Z'); t <= end; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({ day, entries: byDay.get(day) ?? 0 });
  }
  return out;
}
