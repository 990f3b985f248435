import type { EChartsCoreOption } from 'echarts/core';
import type { BestTimeResult } from '../../src-main/contract/outcomes';
import type { ChartTheme } from './theme';

export const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

/** Responses by weekday (rows, Monday first) and hour of local time (columns): the evidence for the best time. */
export function bestTimeOption(r: BestTimeResult, theme: ChartTheme): EChartsCoreOption {
  const max = Math.max(1, ...r.cells.map((c) => c.responses));
  return {
    animation: false,
    textStyle: { color: theme.text },
    grid: { left: 8, right: 16, top: 8, bottom: 56, containLabel: true },
    tooltip: {
      trigger: 'item',
      backgroundColor: theme.panel,
      borderColor: theme.border,
      textStyle: { color: theme.text },
      formatter: (p: { value: [number, number, number] }) =>
        `${DAY_NAMES[p.value[1]]} ${HOURS[p.value[0]]}:00–${HOURS[(p.value[0] + 1) % 24]}:00<br/><b>${p.value[2].toLocaleString('en-US')}</b> responses`,
    },
    xAxis: {
      type: 'category',
      data: HOURS,
      name: 'hour (local time)',
      nameLocation: 'middle',
      nameGap: 24,
      nameTextStyle: { color: theme.muted },
      axisLabel: { color: theme.muted },
      axisLine: { lineStyle: { color: theme.grid } },
    },
    yAxis: {
      type: 'category',
      data: DAY_NAMES.map((d) => d.slice(0, 3)),
      inverse: true,
      axisLabel: { color: theme.muted },
      axisLine: { lineStyle: { color: theme.grid } },
    },
    visualMap: {
      min: 0,
      max,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 140,
      calculable: false,
      textStyle: { color: theme.muted },
      inRange: { color: [theme.panel, theme.series[0]] },
    },
    series: [
      {
        type: 'heatmap',
        name: 'Responses',
        data: r.cells.map((c) => [c.hour, c.dow - 1, c.responses]),
        itemStyle: { borderColor: theme.grid, borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: theme.text, borderWidth: 1 } },
      },
    ],
  };
}
