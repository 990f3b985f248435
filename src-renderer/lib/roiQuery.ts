import type { RoiGrouping, RoiScope } from '../../src-main/contract/roi';

export const FILTER_FIELDS = ['media_type', 'market', 'channel'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];
export const FILTER_LABELS: Record<FilterField, string> = { media_type: 'Media type', market: 'Market', channel: 'Channel' };

/** What the toolbar holds, as typed (inputs stay strings until they are valid). */
export interface RoiQuery {
  by: RoiGrouping;
  from: string;
  to: string;
  filters: Record<FilterField, string[]>;
  marginPct: string;
  lastTouchDays: string;
}

export const INITIAL_QUERY: RoiQuery = {
  by: 'media_buy',
  from: '',
  to: '',
  filters: { media_type: [], market: [], channel: [] },
  marginPct: '',
  lastTouchDays: '',
};

export type ScopeResult = { scope: RoiScope; problems: Partial<Record<'from' | 'to' | 'marginPct' | 'lastTouchDays', string>> };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The core's scope for a toolbar state; a field that is not valid yet is left out and named in `problems`. */
export function toScope(q: RoiQuery): ScopeResult {
  const problems: ScopeResult['problems'] = {};
  const scope: RoiScope = { filters: {}, options: {} };
  if (q.from) {
    if (DAY.test(q.from)) scope.from = q.from;
    else problems.from = 'A date as YYYY-MM-DD';
  }
  if (q.to) {
    if (DAY.test(q.to)) scope.to = q.to;
    else problems.to = 'A date as YYYY-MM-DD';
  }
  if (scope.from && scope.to && scope.from > scope.to) {
    problems.to = 'On or after the start date';
    delete scope.to;
  }
  for (const f of FILTER_FIELDS) if (q.filters[f].length) scope.filters![f] = [...q.filters[f]].sort();
  if (q.marginPct.trim()) {
    const m = Number(q.marginPct);
    if (Number.isFinite(m) && m >= 0 && m <= 100) scope.options!.marginPct = m;
    else problems.marginPct = 'A percentage from 0 to 100';
  }
  if (q.lastTouchDays.trim()) {
    const d = Number(q.lastTouchDays);
    if (Number.isInteger(d) && d >= 1 && d <= 365) scope.options!.lastTouchDays = d;
    else problems.lastTouchDays = 'Whole days from 1 to 365';
  }
  return { scope, problems };
}
