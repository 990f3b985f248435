import { useCallback, useEffect, useRef } from 'react';
import { pivotSpec } from '../../../src-main/contract/pivot';
import { PIVOT_CHART_TYPES, type PivotChartType } from '../../charts/pivotCharts';
import type { PivotSort } from '../../lib/pivotModel';
import { textParam, useParam } from '../../lib/route';
import { fromPivotSpec, INITIAL_SPEC, specKey, type ExploreSpec } from './spec';

/**
 * Explore's working state in the URL: the pivot (`s`), the chart (`c`), the table's sort (`o`) and the saved
 * view it came from (`v`). A change to the pivot is a step of the browser's history (back undoes it, as
 * Ctrl+Z does); the chart and the sort correct the URL in place.
 */
const PAGE = 'explore';

/** The spec as the URL holds it: the pivot's own fields, no defaults the core adds. */
export function encodeSpec(s: ExploreSpec): string {
  return JSON.stringify({ rows: s.rows, cols: s.cols, measures: s.measures, filters: s.filters, ...(s.topN ? { topN: s.topN } : {}) });
}

/** A spec from the URL, checked as the core checks one; null when it is not one (a mangled or old link). */
export function decodeSpec(raw: string): ExploreSpec | null {
  try {
    const parsed = pivotSpec.safeParse(JSON.parse(raw));
    return parsed.success ? fromPivotSpec(parsed.data) : null;
  } catch {
    return null;
  }
}

const decodeChart = (raw: string): PivotChartType | null =>
  (PIVOT_CHART_TYPES as readonly string[]).includes(raw) ? (raw as PivotChartType) : null;

export function decodeSort(raw: string): PivotSort | null {
  try {
    const s = JSON.parse(raw) as PivotSort;
    const dirOk = s?.dir === 'asc' || s?.dir === 'desc';
    if (dirOk && s.by === 'row' && Number.isInteger(s.index)) return { by: 'row', index: s.index, dir: s.dir };
    if (dirOk && s.by === 'cell' && typeof s.col === 'string' && Number.isInteger(s.measure))
      return { by: 'cell', col: s.col, measure: s.measure, dir: s.dir };
    return null;
  } catch {
    return null;
  }
}

/** The URL's spec at mount (the undo history starts from it). */
export function useUrlSpec(): ExploreSpec {
  const [spec] = useParam(PAGE, 's', decodeSpec);
  return spec ?? INITIAL_SPEC;
}

/**
 * Keeps the spec and the URL equal both ways: a change made here becomes a history step; back, forward or
 * an edited address sets the spec (as one undo step).
 */
export function useSpecInUrl(spec: ExploreSpec, setSpec: (s: ExploreSpec) => void): void {
  const [fromUrl, setUrl] = useParam(PAGE, 's', decodeSpec);
  const specRef = useRef(spec);
  specRef.current = spec;
  const urlRef = useRef(fromUrl);
  urlRef.current = fromUrl;
  useEffect(() => {
    const next = fromUrl ?? INITIAL_SPEC;
    if (specKey(next) !== specKey(specRef.current)) setSpec(next);
  }, [fromUrl, setSpec]);
  useEffect(() => {
    if (specKey(urlRef.current ?? INITIAL_SPEC) === specKey(spec)) return;
    setUrl(specKey(spec) === specKey(INITIAL_SPEC) ? null : encodeSpec(spec));
  }, [spec, setUrl]);
}

/** The chart type, sort and open saved view, held only in the URL. */
export function useExploreParams() {
  const [chart, setChartParam] = useParam(PAGE, 'c', decodeChart);
  const [sort, setSortParam] = useParam(PAGE, 'o', decodeSort);
  const [viewId, setViewParam] = useParam(PAGE, 'v', textParam);
  const setChart = useCallback((c: PivotChartType) => setChartParam(c === 'table' ? null : c, 'replace'), [setChartParam]);
  const setSort = useCallback((s: PivotSort | null) => setSortParam(s ? JSON.stringify(s) : null, 'replace'), [setSortParam]);
  const setViewId = useCallback((id: string | null) => setViewParam(id, 'replace'), [setViewParam]);
  return { chart: chart ?? 'table', setChart, sort, setSort, viewId, setViewId };
}
