import type { ECharts } from 'echarts/core';

/**
 * Brushing a range of days on a chart whose category axis is days (Explore's timeline, the
 * dashboard's entries tile): the option, arming the brush, and reading the brushed days back.
 */
export interface DayRange {
  from: string;
  to: string;
}

/** The ECharts brush option: one horizontal span at a time over the first x axis. */
export const DAY_BRUSH = { xAxisIndex: 0, brushType: 'lineX', brushMode: 'single', transformable: false } as const;

/** Dragging on the chart brushes at once (no toolbox button to press first): call after each setOption. */
export function armDayBrush(chart: ECharts): void {
  chart.dispatchAction({ type: 'takeGlobalCursor', key: 'brush', brushOption: { brushType: 'lineX', brushMode: 'single' } });
}

/** The days a brush event's span covers on an axis of `days` (indexes clamped to it), or null. */
export function brushedDays(event: unknown, days: readonly string[]): DayRange | null {
  const r = (event as { areas?: { coordRange?: [number, number] }[] }).areas?.[0]?.coordRange;
  if (!r || !days.length) return null;
  const lo = Math.max(0, Math.min(r[0], r[1]));
  const hi = Math.min(days.length - 1, Math.max(r[0], r[1]));
  return { from: days[lo]!, to: days[hi]! };
}
