import { METRICS } from '../../src-main/contract/metrics';
import type { EChartsCoreOption } from 'echarts/core';
import type { RoiRow } from '../../src-main/contract/roi';
import { asMoney, asMoneyAxis, categoryAxis, frame, shorten, valueAxis } from './roiCommon';
import type { ChartTheme } from './theme';

/** Horizontal bars, one row per group, first group on top (the order of the table). */
function groupBars(
  rows: RoiRow[],
  theme: ChartTheme,
  series: { name: string; value: (r: RoiRow) => number | null }[],
  format: (v: unknown) => string,
): EChartsCoreOption {
  const shown = [...rows].reverse();
  return {
    ...frame(
      theme,
      series.map((s) => s.name),
    ),
    grid: { left: 8, right: 24, top: 30, bottom: 8, containLabel: true },
    tooltip: { ...frame(theme, []).tooltip, trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: format },
    xAxis: valueAxis(theme, { axisLabel: { color: theme.muted, hideOverlap: true, formatter: asMoneyAxis } }),
    yAxis: categoryAxis(
      theme,
      shown.map((r) => r.label),
      { axisLabel: { color: theme.muted, formatter: (v: string) => shorten(v) } },
    ),
    series: series.map((s) => ({
      name: s.name,
      type: 'bar',
      barMaxWidth: 12,
      barGap: '10%',
      // A missing figure (a dash in the table) is a gap here, never a zero bar.
      data: shown.map((r) => s.value(r)),
    })),
  };
}

/** Spend against revenue per group: which buys earned back what they cost. */
export function spendRevenueOption(rows: RoiRow[], theme: ChartTheme): EChartsCoreOption {
  return groupBars(
    rows,
    theme,
    [
      { name: METRICS.spend.short, value: (r) => r.spend },
      { name: METRICS.revenue.short, value: (r) => r.revenue },
    ],
    asMoney,
  );
}

/**
 * Cost per entry and per redemption per group. Groups with no spend (the unattributed row) are left
 * out: a cost of $0 there says nothing about the media.
 */
export function costsOption(rows: RoiRow[], theme: ChartTheme): EChartsCoreOption {
  return groupBars(
    rows.filter((r) => r.key !== null && r.spend > 0),
    theme,
    [
      { name: METRICS.cost_per_entry.label, value: (r) => r.cost_per_entry },
      { name: METRICS.cost_per_redemption.label, value: (r) => r.cost_per_redemption },
    ],
    asMoney,
  );
}
