import type { EChartsCoreOption } from 'echarts/core';
import { METRICS } from '../../src-main/contract/metrics';
import type { RoiRow } from '../../src-main/contract/roi';
import { asCount, asMoney, asMoneyAxis, asTimes, escapeHtml, frame, shorten, valueAxis } from './roiCommon';
import type { ChartTheme } from './theme';

export interface ScatterPoint {
  name: string;
  value: [spend: number, roas: number, entries: number];
  symbolSize: number;
  /** Named on the chart: the notable ones (most spend, best and worst ROAS); the rest on hover. */
  label: { show: boolean };
}

/** Bubble diameter from entries: area grows with entries, between 8 and 46 pixels. */
export function bubbleSize(entries: number, maxEntries: number): number {
  if (maxEntries <= 0 || entries <= 0) return 8;
  return Math.round(8 + 38 * Math.sqrt(entries / maxEntries));
}

/** The groups a ROAS scatter can place: those with a ROAS (spend above 0). */
export function scatterPoints(rows: RoiRow[]): ScatterPoint[] {
  const placed = rows.filter((r) => r.roas !== null);
  const max = Math.max(0, ...placed.map((r) => r.entries));
  const top = (f: (r: RoiRow) => number, n: number) => [...placed].sort((a, b) => f(b) - f(a)).slice(0, n);
  const notable = new Set([...top((r) => r.spend, 3), ...top((r) => r.roas!, 2), ...top((r) => -r.roas!, 1)]);
  return placed.map((r) => ({
    name: r.label,
    value: [r.spend, r.roas!, r.entries],
    symbolSize: bubbleSize(r.entries, max),
    label: { show: notable.has(r) },
  }));
}

/** ROAS against spend, bubble size = entries, with the break-even line at 1.00x. */
export function roasScatterOption(rows: RoiRow[], theme: ChartTheme): EChartsCoreOption {
  const points = scatterPoints(rows);
  return {
    ...frame(theme, []),
    legend: { show: false },
    grid: { left: 56, right: 56, top: 28, bottom: 8, containLabel: true },
    tooltip: {
      ...frame(theme, []).tooltip,
      trigger: 'item',
      formatter: (p: { name: string; value: [number, number, number] }) =>
        `<strong>${escapeHtml(p.name)}</strong><br/>Spend ${asMoney(p.value[0])}<br/>ROAS ${asTimes(p.value[1])}<br/>Entries ${asCount(p.value[2])}`,
    },
    // Axes read as spend ($) and ROAS (x) from their labels; names would collide with the bubbles' names.
    xAxis: valueAxis(theme, { axisLabel: { color: theme.muted, hideOverlap: true, formatter: asMoneyAxis } }),
    yAxis: valueAxis(theme, { axisLabel: { color: theme.muted, formatter: (v: number) => `${v}x` } }),
    series: [
      {
        name: METRICS.roas.label,
        type: 'scatter',
        data: points,
        itemStyle: { opacity: 0.7, borderColor: theme.panel, borderWidth: 1 },
        label: { position: 'top', color: theme.text, fontSize: 11, formatter: (p: { name: string }) => shorten(p.name, 22) },
        emphasis: { label: { show: true } },
        labelLayout: { hideOverlap: true },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: theme.muted, type: 'dashed' },
          label: { color: theme.muted, position: 'insideEndTop', formatter: 'break-even 1.00x' },
          data: [{ yAxis: 1 }],
        },
      },
    ],
  };
}
