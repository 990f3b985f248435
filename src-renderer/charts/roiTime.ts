import type { EChartsCoreOption } from 'echarts/core';
import { METRICS } from '../../src-main/contract/metrics';
import type { RoiDrill, RoiRow } from '../../src-main/contract/roi';
import { asCount, asMoney, asMoneyAxis, categoryAxis, escapeHtml, frame, valueAxis } from './roiCommon';
import type { ChartTheme } from './theme';

/** Counts as bars on the left axis, spend as a line on the right axis, over a category of dates. */
function countsAndSpend(
  theme: ChartTheme,
  dates: string[],
  counts: { name: string; data: number[] }[],
  spend: (number | null)[],
): EChartsCoreOption {
  const names = [...counts.map((c) => c.name), METRICS.spend.short];
  return {
    ...frame(theme, names),
    grid: { left: 8, right: 8, top: 36, bottom: dates.length > 31 ? 40 : 8, containLabel: true },
    tooltip: {
      ...frame(theme, []).tooltip,
      trigger: 'axis',
      valueFormatter: undefined,
      formatter: (ps: { seriesName: string; value: number; axisValue: string; marker: string }[]) =>
        // The marker is ECharts' own HTML; the day and the series names are escaped.
        [
          escapeHtml(ps[0]?.axisValue ?? ''),
          ...ps.map(
            (p) =>
              `${p.marker}${escapeHtml(p.seriesName)} ${escapeHtml(p.seriesName === METRICS.spend.short ? asMoney(p.value) : asCount(p.value))}`,
          ),
        ].join('<br/>'),
    },
    xAxis: categoryAxis(theme, dates),
    yAxis: [
      valueAxis(theme, { axisLabel: { color: theme.muted, formatter: (v: number) => asCount(v) } }),
      valueAxis(theme, { splitLine: { show: false }, axisLabel: { color: theme.muted, formatter: asMoneyAxis } }),
    ],
    dataZoom:
      dates.length > 31
        ? [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 6, borderColor: theme.grid, textStyle: { color: theme.muted } }]
        : [],
    series: [
      ...counts.map((c) => ({ name: c.name, type: 'bar', data: c.data, barMaxWidth: 18 })),
      {
        name: METRICS.spend.short,
        type: 'line',
        yAxisIndex: 1,
        data: spend,
        connectNulls: true,
        showSymbol: spend.filter((v) => v !== null).length <= 31,
        lineStyle: { width: 2 },
      },
    ],
  };
}

/** Entries and spend per week (rows of roi.get by week); the unattributed row has no week and is left out. */
export function weeklyOption(rows: RoiRow[], theme: ChartTheme): EChartsCoreOption {
  const weeks = rows.filter((r) => r.key !== null).sort((a, b) => a.key!.localeCompare(b.key!));
  return countsAndSpend(
    theme,
    weeks.map((w) => w.key!),
    [
      { name: METRICS.entries.short, data: weeks.map((w) => w.entries) },
      { name: METRICS.redemptions.short, data: weeks.map((w) => w.redemptions) },
    ],
    weeks.map((w) => w.spend),
  );
}

/**
 * One media buy day by day: entries and redemptions as bars, spend as a line through the days it was
 * booked (spend is booked weekly or so; a day without spend is a gap, not a drop to $0).
 */
export function drillDaysOption(days: RoiDrill['days'], theme: ChartTheme): EChartsCoreOption {
  const sorted = [...days].sort((a, b) => a.day.localeCompare(b.day));
  return countsAndSpend(
    theme,
    sorted.map((d) => d.day),
    [
      { name: METRICS.entries.short, data: sorted.map((d) => d.entries) },
      { name: METRICS.redemptions.short, data: sorted.map((d) => d.redemptions) },
    ],
    sorted.map((d) => (d.spend === 0 ? null : d.spend)),
  );
}
