import { useCallback } from 'react';
import { ROI_GROUPINGS } from '../../../src-main/contract/roi';
import { FILTER_FIELDS, INITIAL_QUERY, type RoiQuery } from '../../lib/roiQuery';
import { textParam, useParam } from '../../lib/route';
import type { Sort } from './sort';

/**
 * ROI's working state in the URL: the toolbar (`q`: grouping, dates, filters, margin, last touch), the
 * table's sort (`o`) and the media buy opened (`d`). A toolbar change and opening a media buy are steps
 * back and forward walk through; a sort corrects the URL in place.
 */
const PAGE = 'roi';
const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= 200;

/** The toolbar from the URL, each part checked; a part that is not readable keeps its default. */
export function decodeQuery(raw: string): RoiQuery | null {
  let v: Partial<Record<keyof RoiQuery, unknown>>;
  try {
    v = JSON.parse(raw) as typeof v;
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const filters = { ...INITIAL_QUERY.filters };
  const given = (v.filters ?? {}) as Record<string, unknown>;
  for (const f of FILTER_FIELDS) {
    const list = given[f];
    if (Array.isArray(list) && list.every(isText)) filters[f] = list.slice(0, 500);
  }
  return {
    by: (ROI_GROUPINGS as readonly unknown[]).includes(v.by) ? (v.by as RoiQuery['by']) : INITIAL_QUERY.by,
    from: isText(v.from) ? v.from : '',
    to: isText(v.to) ? v.to : '',
    filters,
    marginPct: isText(v.marginPct) ? v.marginPct : '',
    lastTouchDays: isText(v.lastTouchDays) ? v.lastTouchDays : '',
  };
}

const encodeQuery = (q: RoiQuery) => JSON.stringify(q);
const isInitial = (q: RoiQuery) => encodeQuery(q) === encodeQuery(INITIAL_QUERY);

function decodeSort(raw: string): Sort | null {
  try {
    const s = JSON.parse(raw) as Sort;
    return s && isText(s.key) && (s.dir === 'asc' || s.dir === 'desc') ? { key: s.key, dir: s.dir } : null;
  } catch {
    return null;
  }
}

export function useRoiParams() {
  const [query, setQueryParam] = useParam(PAGE, 'q', decodeQuery);
  const [sort, setSortParam] = useParam(PAGE, 'o', decodeSort);
  const [drillKey, setDrillParam] = useParam(PAGE, 'd', textParam);
  // Grouping and filters are steps of the history; typing a date, margin or window corrects it in place
  // (no step per keystroke).
  const current = query ?? INITIAL_QUERY;
  const setQuery = useCallback(
    (q: RoiQuery) => {
      const step = q.by !== current.by || JSON.stringify(q.filters) !== JSON.stringify(current.filters);
      setQueryParam(isInitial(q) ? null : encodeQuery(q), step ? 'push' : 'replace');
    },
    [setQueryParam, current],
  );
  const setSort = useCallback((s: Sort | null) => setSortParam(s ? JSON.stringify(s) : null, 'replace'), [setSortParam]);
  const setDrillKey = useCallback((k: string | null) => setDrillParam(k), [setDrillParam]);
  return { query: query ?? INITIAL_QUERY, setQuery, sort, setSort, drillKey, setDrillKey };
}
