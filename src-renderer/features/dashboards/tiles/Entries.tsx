import { useMemo } from 'react';
import { Loading } from './Loading';
import { enlargeText } from '../../../charts/enlarge';
import { entriesPerDayOption, type DayCount } from '../../../charts/entriesPerDay';
import { CHART_THEMES } from '../../../charts/theme';
import { EChart } from '../../../components/EChart';
import { useTableQuery } from '../../../lib/query';
import { pivotFiltersOf } from '../scope';
import type { TileProps } from './types';

/** Entries per day over the dashboard's scope (Explore's pivot by entry day), with the 7-day average. */
export function EntriesTile({ filters, theme, height, big, tile }: TileProps) {
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

  const option = useMemo(() => {
    if (!days) return null;
    const o = entriesPerDayOption(days, CHART_THEMES[theme]);
    return big ? enlargeText(o, 18) : o;
  }, [days, theme, big]);
  if (error) return <p className="error-text">{error.message}</p>;
  if (!option || !days) return <Loading />;
  if (!days.length) return <p className="muted">No entries in this scope.</p>;
  return <EChart option={option} height={height} label={`Entries per day: ${days.length} days`} exportName={tile.title} />;
}
