import { memo, useMemo } from 'react';
import { EChart, type EChartEvents } from '../../components/EChart';
import { armDayBrush, brushedDays, DAY_BRUSH, type DayRange } from '../../charts/dayBrush';
import { CHART_THEMES } from '../../charts/theme';
import { fillDays } from '../../charts/entriesPerDay';
import { useTableQuery } from '../../lib/query';
import { toPivotSpec, type ExploreSpec } from './spec';

/**
 * Entries per day under the pivot's other filters, with a brush: dragging across it selects a range
 * of days; while dragging, the table and chart follow (onMove); letting go keeps the range as a filter
 * (onEnd). The range it leaves shows as the filter's chip ("Entry day: from – to"); `range` (that
 * filter's days) is named under the chart.
 */
export const Timeline = memo(function Timeline({
  spec,
  range,
  theme,
  onMove,
  onEnd,
  onPrepare,
}: {
  /** The pivot without its day range. */
  spec: ExploreSpec;
  range: DayRange | null;
  theme: 'light' | 'dark';
  onMove: (r: DayRange) => void;
  onEnd: (r: DayRange | null) => void;
  /** The pointer came over the timeline: a brush may follow (its whole range of days). */
  onPrepare?: (r: DayRange) => void;
}) {
  const input = useMemo(
    () => ({ ...toPivotSpec(spec), rows: ['entry_day'], cols: [], measures: [{ fn: 'entries' }], totals: false, topN: undefined }),
    [spec],
  );
  const q = useTableQuery('pivot.run', input as Parameters<typeof useTableQuery<'pivot.run'>>[1]);
  const days = useMemo(() => {
    const t = q.data;
    if (!t) return [];
    const rows: { day: string; entries: number }[] = [];
    const d = t.getChild('r0');
    const m = t.getChild('m0');
    for (let i = 0; i < t.numRows; i++) if (d?.get(i)) rows.push({ day: String(d.get(i)), entries: Number(m?.get(i) ?? 0) });
    return fillDays(rows);
  }, [q.data]);

  const option = useMemo(() => {
    const c = CHART_THEMES[theme];
    return {
      animation: false,
      color: c.series,
      grid: { left: 48, right: 12, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        data: days.map((r) => r.day),
        axisLabel: { color: c.muted, hideOverlap: true },
        axisLine: { lineStyle: { color: c.grid } },
      },
      yAxis: { type: 'value', splitNumber: 2, splitLine: { lineStyle: { color: c.grid } }, axisLabel: { color: c.muted } },
      // Every move reported (fixRate with no delay): the table follows the pointer.
      brush: { ...DAY_BRUSH, throttleType: 'fixRate', throttleDelay: 0 },
      series: [{ name: 'Entries', type: 'bar', data: days.map((r) => r.entries), barCategoryGap: '10%' }],
    };
  }, [days, theme]);

  const events = useMemo<EChartEvents>(() => {
    const axis = days.map((d) => d.day);
    const toRange = (p: unknown) => brushedDays(p, axis);
    return {
      brush: (p) => {
        const r = toRange(p);
        if (r) onMove(r);
      },
      brushEnd: (p) => onEnd(toRange(p)),
    };
  }, [days, onMove, onEnd]);

  if (!days.length) return null;
  return (
    <div className="ex-timeline" data-testid="timeline" onPointerEnter={() => onPrepare?.({ from: days[0]!.day, to: days.at(-1)!.day })}>
      <EChart
        option={option}
        height={96}
        label="Entries per day: drag across it to brush a date range"
        onEvents={events}
        onReady={armDayBrush}
        exports={false}
      />
      <p className="muted small ex-timeline-note">
        {range
          ? `Entries from ${range.from} to ${range.to}: drag again to move the range, or remove its filter.`
          : 'Drag across the days to look at a date range: the table and chart follow as you drag.'}
      </p>
    </div>
  );
});
