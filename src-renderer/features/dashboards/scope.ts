import type { DashboardFilters, TileKind } from '../../../src-main/contract/dashboards';
import type { PivotFilter } from '../../../src-main/contract/pivot';
import type { RoiScope } from '../../../src-main/contract/roi';
import { fmtDate } from '../../format';
import { FILTER_FIELDS, FILTER_LABELS, type FilterField } from '../../lib/roiQuery';

export const NO_FILTERS: DashboardFilters = { channel: [], market: [], media_type: [] };

/** The dashboard's filters as ROI's scope: each row by its own date, the campaign fields as lists. */
export function roiScopeOf(f: DashboardFilters): RoiScope {
  const filters: NonNullable<RoiScope['filters']> = {};
  for (const id of FILTER_FIELDS) if (f[id].length) filters[id] = f[id];
  return { ...(f.from ? { from: f.from } : {}), ...(f.to ? { to: f.to } : {}), filters };
}

/** The same filters over Explore's entries (entry day for the dates), for the map, charts and views. */
export function pivotFiltersOf(f: DashboardFilters): PivotFilter[] {
  const out: PivotFilter[] = [];
  if (f.from || f.to) out.push({ field: 'entry_day', op: 'between', from: f.from ?? null, to: f.to ?? null });
  for (const id of FILTER_FIELDS) if (f[id].length) out.push({ field: id, op: 'in', values: f[id] });
  return out;
}

/** The filters without their dates: what a brushed range replaces while it is dragged. */
export function withoutDates(f: DashboardFilters): DashboardFilters {
  return { channel: f.channel, market: f.market, media_type: f.media_type };
}

/** A value clicked in a tile: added to the dashboard's filter of its field, or taken out again. */
export function toggleFilter(f: DashboardFilters, field: FilterField, value: string): DashboardFilters {
  const now = f[field];
  return { ...f, [field]: now.includes(value) ? now.filter((v) => v !== value) : [...now, value] };
}

export const hasFilters = (f: DashboardFilters) => Boolean(f.from || f.to || FILTER_FIELDS.some((id) => f[id].length));

/** "Channel: SMS, Web · from Mar 1, 2026" — what the figures on the dashboard cover. */
export function scopeText(f: DashboardFilters): string {
  const parts: string[] = [];
  if (f.from && f.to) parts.push(`${fmtDate(f.from)} to ${fmtDate(f.to)}`);
  else if (f.from) parts.push(`from ${fmtDate(f.from)}`);
  else if (f.to) parts.push(`until ${fmtDate(f.to)}`);
  for (const id of FILTER_FIELDS) if (f[id].length) parts.push(`${FILTER_LABELS[id]}: ${f[id].join(', ')}`);
  return parts.length ? parts.join(' · ') : 'The whole campaign';
}

/** Tiles about people or targets rather than entries: the dashboard's filters do not narrow them. */
export const UNFILTERED: Partial<Record<TileKind, string>> = {
  objectives: 'Objectives are measured on the whole campaign (or their media buy); the dashboard filters do not apply.',
  top_segments: 'Segments count people by their own rules; the dashboard filters do not apply.',
  push_results: 'Each push is measured from its own send; the dashboard filters do not apply.',
};

export const KIND_LABELS: Record<TileKind, string> = {
  kpis: 'Key figures',
  roi: 'ROI by media buy (table)',
  roi_chart: 'Spend and revenue by media buy (chart)',
  entries_over_time: 'Entries over time',
  map: 'Responders map',
  objectives: 'Objectives',
  top_segments: 'Top segments',
  push_results: 'Push results',
  view: 'A saved Explore view',
};
