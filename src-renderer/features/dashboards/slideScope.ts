import type { DashboardFilters, DashboardTile } from '../../../src-main/contract/dashboards';
import type { PivotFieldInfo, PivotFilter, SavedView } from '../../../src-main/contract/pivot';
import { fmtDate } from '../../format';
import { FILTER_FIELDS, FILTER_LABELS } from '../../lib/roiQuery';
import { filterText } from '../explore/Shelves';
import { UNFILTERED } from './scope';

/** Explore's fields that are dates: a range on one of them is a date range, said as such. */
const DATE_FIELDS: Record<string, string> = { entry_day: 'entry day', entry_week: 'entry week', entry_month: 'entry month' };

const MAX_VALUES = 6;

const day = (v: string | number | null) => (typeof v === 'string' && /^\d{4}-\d\d-\d\d$/.test(v) ? fmtDate(v) : String(v));

function range(from: string | number | null | undefined, to: string | number | null | undefined): string {
  if (from != null && to != null) return `${day(from)} – ${day(to)}`;
  if (from != null) return `from ${day(from)}`;
  return `until ${day(to ?? null)}`;
}

export interface TileScope {
  /** "Mar 1, 2026 – Apr 10, 2026", or all dates with the campaign's span. */
  dates: string;
  /** Every filter in words, or "none". */
  filters: string;
}

/**
 * What a tile's figures cover, in plain words, for its slide and its PDF page: the date range (the
 * dashboard's and a saved view's own) and every filter (the dashboard's and the view's own). A tile the
 * dashboard's filters do not narrow (objectives, segments) says so instead.
 */
export function tileScope(
  tile: Pick<DashboardTile, 'kind'>,
  filters: DashboardFilters,
  opts: { view?: SavedView | null; fields?: Map<string, PivotFieldInfo>; campaign?: { from: string; to: string } | null },
): TileScope {
  const everything = opts.campaign ? `all dates (the campaign runs ${range(opts.campaign.from, opts.campaign.to)})` : 'all dates';
  if (UNFILTERED[tile.kind]) return { dates: everything, filters: 'none: the dashboard’s filters do not apply to these figures' };
  const dates: string[] = [];
  const words: string[] = [];
  if (filters.from || filters.to) dates.push(range(filters.from, filters.to));
  // A long list names its first few and says how many more, so the line stays whole on a slide.
  const list = (vs: string[]) => vs.slice(0, MAX_VALUES).join(', ') + (vs.length > MAX_VALUES ? ` +${vs.length - MAX_VALUES} more` : '');
  for (const id of FILTER_FIELDS) if (filters[id].length) words.push(`${FILTER_LABELS[id]}: ${list(filters[id])}`);
  const own: PivotFilter[] = tile.kind === 'view' && opts.view ? opts.view.spec.filters : [];
  for (const f of own) {
    if (f.op === 'between' && DATE_FIELDS[f.field]) dates.push(`${DATE_FIELDS[f.field]} ${range(f.from, f.to)}`);
    else words.push(filterText(f, opts.fields ?? new Map()));
  }
  return { dates: dates.length ? dates.join(' and ') : everything, filters: words.length ? words.join('; ') : 'none' };
}

export const scopeLine = (s: TileScope) => `Dates: ${s.dates} · Filters: ${s.filters}`;
