import { useCallback, useMemo } from 'react';
import type { ECharts } from 'echarts/core';
import { Loading } from './Loading';
import { enlargeText } from '../../../charts/enlarge';
import { entriesPerDayOption, fillDays, type DayCount } from '../../../charts/entriesPerDay';
import { armDayBrush, brushedDays, DAY_BRUSH } from '../../../charts/dayBrush';
import { CHART_THEMES } from '../../../charts/theme';
import { EChart, type EChartEvents } from '../../../components/EChart';
import { useTableQuery } from '../../../lib/query';
import { pivotFiltersOf } from '../scope';
import type { TileProps } from './types';

/**
 * Entries per day over the dashboard's scope (Explore's pivot by entry day), with the 7-day average.
 * On the dashboard (onFilters), dragging across it brushes a date range: the view tiles follow each
 * move (link), and letting go makes it the dashboard's.
 */
export function EntriesTile({ filters, theme, height, big, tile, onFilters, link }: TileProps) {
  const table = useTableQuery('pivot.run', {
    rows: ['entry_day'],
    measures: [{ fn: 'entries' }],
    filters: pivotFiltersOf(filters),
    totals: false,
  });
  const days = useMemo(() => {
    if (!table.data) return null;
    const out: DayCount[] = [];
    for (const r of table.data) {
      const row = r as unknown as { r0: string | null; m0: number };
      if (row.r0) out.push({ day: row.r0, entries: Number(row.m0) });
    }
    return out.sort((a, b) => a.day.localeCompare(b.day));
  }, [table.data]);
  // An answer clears the error (as before); an error with no answer since shows.
  const error = table.error;

  // Whether the chart brushes, not which handler: a new option would reset a brush in progress.
  const brushable = !!onFilters;
  const option = useMemo(() => {
    if (!days) return null;
    const o = entriesPerDayOption(days, CHART_THEMES[theme]);
    // Every move reported (fixRate with no delay): the linked tiles follow the pointer.
    const withBrush = brushable ? { ...o, brush: { ...DAY_BRUSH, throttleType: 'fixRate', throttleDelay: 0 } } : o;
    return big ? enlargeText(withBrush, 18) : withBrush;
  }, [days, theme, big, brushable]);

  // The chart's days as drawn (gaps filled), to turn a brushed span of the axis into dates.
  const axis = useMemo(() => (days ? fillDays(days).map((d) => d.day) : []), [days]);
  const brushTo = link?.source.moveTo;
  const events = useMemo<EChartEvents | undefined>(() => {
    if (!onFilters) return undefined;
    return {
      brush: (p) => {
        const r = brushedDays(p, axis);
        if (r) brushTo?.(r);
      },
      brushEnd: (p) => {
        const r = brushedDays(p, axis);
        brushTo?.(null);
        if (r) onFilters({ ...filters, ...r });
      },
    };
  }, [onFilters, axis, filters, brushTo]);
  const ready = useCallback((chart: ECharts) => brushable && armDayBrush(chart), [brushable]);
  if (error) return <p className="error-text">{error.message}</p>;
  if (!option || !days) return <Loading />;
  if (!days.length) return <p className="muted">No entries in this scope.</p>;
  return (
    <div onPointerEnter={link && axis.length ? () => link.source.approach({ from: axis[0]!, to: axis.at(-1)! }) : undefined}>
      <EChart
        option={option}
        height={height}
        label={`Entries per day: ${days.length} days${onFilters ? '; drag across it to filter the dashboard by those dates' : ''}`}
        exportName={tile.title}
        onEvents={events}
        onReady={ready}
      />
    </div>
  );
}
