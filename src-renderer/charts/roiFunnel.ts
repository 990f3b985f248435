import type { EChartsCoreOption } from 'echarts/core';
import { METRICS } from '../../src-main/contract/metrics';
import type { RoiRow, RoiTiming } from '../../src-main/contract/roi';
import { asCount, categoryAxis, escapeHtml, frame, plainLabel, shorten, valueAxis } from './roiCommon';
import type { ChartTheme } from './theme';

/** The funnel per group: entries, then the people behind them, then the people who redeemed. */
export function funnelOption(rows: RoiRow[], theme: ChartTheme): EChartsCoreOption {
  const shown = [...rows].reverse();
  const steps: { name: string; value: (r: RoiRow) => number }[] = [
    { name: METRICS.entries.label, value: (r) => r.entries },
    { name: METRICS.unique_entrants.label, value: (r) => r.unique_entrants },
    { name: METRICS.redeemers.label, value: (r) => r.redeemers },
  ];
  return {
    ...frame(
      theme,
      steps.map((s) => s.name),
    ),
    grid: { left: 8, right: 24, top: 30, bottom: 8, containLabel: true },
    tooltip: { ...frame(theme, []).tooltip, trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: asCount },
    xAxis: valueAxis(theme),
    yAxis: categoryAxis(
      theme,
      shown.map((r) => r.label),
      { axisLabel: { color: theme.muted, formatter: (v: string) => shorten(v) } },
    ),
    series: steps.map((s) => ({ name: s.name, type: 'bar', barMaxWidth: 10, barGap: '10%', data: shown.map(s.value) })),
  };
}

/** The bucket a number of days falls in: the last whose first day is at or below it. */
export function bucketOf(buckets: RoiTiming['buckets'], days: number | null): string | null {
  if (days === null) return null;
  let found: string | null = null;
  for (const b of buckets) if (b.fromDays <= days) found = b.label;
  return found;
}

/**
 * Redemptions by days from entry to redemption, with the buckets of the median and the 90th percentile
 * marked. Buckets span different numbers of days (single days, then weeks, then more), so each bar is
 * redemptions per day of its bucket: a week-wide bucket is not drawn seven times too tall. The tooltip
 * gives the bucket's count too.
 */
export function timingOption(timing: RoiTiming, theme: ChartTheme): EChartsCoreOption {
  const perDay = (b: RoiTiming['buckets'][number]) => Math.round((b.redemptions / Math.max(1, b.days ?? 1)) * 10) / 10;
  const marks = [
    { label: `median ${timing.medianDays ?? ''} d`, at: bucketOf(timing.buckets, timing.medianDays) },
    { label: `p90 ${timing.p90Days ?? ''} d`, at: bucketOf(timing.buckets, timing.p90Days) },
  ].filter((m) => m.at !== null);
  return {
    ...frame(theme, []),
    legend: { show: false },
    grid: { left: 8, right: 16, top: 30, bottom: 8, containLabel: true },
    tooltip: {
      ...frame(theme, []).tooltip,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: { dataIndex: number }[]) => {
        const b = timing.buckets[ps[0]?.dataIndex ?? 0];
        if (!b) return '';
        const days = b.days ?? 1;
        return `${escapeHtml(b.label)}<br/>${asCount(b.redemptions)} redemptions${days > 1 ? ` over ${days} days: ${perDay(b).toLocaleString('en-US')} per day` : ''}`;
      },
    },
    xAxis: categoryAxis(
      theme,
      timing.buckets.map((b) => b.label),
      { axisLabel: { color: theme.muted, interval: 0, rotate: 40, fontSize: 11 } },
    ),
    yAxis: { ...valueAxis(theme), name: 'per day', nameTextStyle: { color: theme.muted, fontSize: 11 } },
    series: [
      {
        name: `${METRICS.redemptions.short} per day`,
        type: 'bar',
        barMaxWidth: 26,
        data: timing.buckets.map(perDay),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: theme.series[3], type: 'dashed' },
          label: { color: theme.text, position: 'end', formatter: (p: { name: string }) => plainLabel(p.name) },
          data: marks.map((m) => ({ name: m.label, xAxis: m.at })),
        },
      },
    ],
  };
}
