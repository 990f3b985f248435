import { useEffect, useMemo, useState } from 'react';
import { Loading } from './Loading';
import { api } from '../../../api/client';
import { enlargeText } from '../../../charts/enlarge';
import { entriesPerDayOption, type DayCount } from '../../../charts/entriesPerDay';
import { CHART_THEMES } from '../../../charts/theme';
import { EChart } from '../../../components/EChart';
import { pivotFiltersOf } from '../scope';
import type { TileProps } from './types';

/** Entries per day over the dashboard's scope (Explore's pivot by entry day), with the 7-day average. */
export function EntriesTile({ filters, version, theme, height, big, tile }: TileProps) {
  const [days, setDays] = useState<DayCount[] | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const key = JSON.stringify(pivotFiltersOf(filters));

  useEffect(() => {
    let live = true;
    api
      .table('pivot.run', { rows: ['entry_day'], measures: [{ fn: 'entries' }], filters: JSON.parse(key) as ReturnType<typeof pivotFiltersOf>, totals: false })
      .then((t) => {
        if (!live) return;
        const out: DayCount[] = [];
        for (const r of t) {
          const row = r as unknown as { r0: string | null; m0: number };
          if (row.r0) out.push({ day: row.r0, entries: Number(row.m0) });
        }
        setDays(out.sort((a, b) => a.day.localeCompare(b.day)));
        setError(null);
      })
      .catch((e: Error) => live && setError(e));
    return () => {
      live = false;
    };
  }, [key, version]);

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
