import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { useInvalidation } from '../../lib/query';
import { modelFromTable, type PivotModel } from '../../lib/pivotModel';
import { specKey, toPivotSpec, type ExploreSpec } from './spec';

export interface PivotState {
  /** The last result, kept while a newer one is on its way. */
  model: PivotModel | null;
  /** The spec that model answers. */
  shown: ExploreSpec | null;
  loading: boolean;
  /** True once a query has run for more than SLOW_MS: the progress bar shows. */
  slow: boolean;
  error: Error | null;
  ms: number | null;
}

export const SLOW_MS = 150;
let seq = 0;
const nextId = () => `pivot-${Date.now().toString(36)}-${++seq}`;

/**
 * Runs the pivot whenever the spec changes. On a large workspace a pivot the cube cannot answer comes
 * first as an estimate (model.estimate, with bounds), then the exact figures replace it. A newer spec
 * cancels the query still running for an older one (pivot.cancel with its requestId); the cancelled
 * call's CANCELLED error is ignored.
 */
export function usePivot(spec: ExploreSpec): PivotState {
  // New data (an import, another workspace) runs the pivot again.
  const dataVersion = useInvalidation(['data']);
  const key = specKey(spec);
  const [state, setState] = useState<PivotState>({ model: null, shown: null, loading: true, slow: false, error: null, ms: null });
  const running = useRef<string | null>(null);

  useEffect(() => {
    const s = JSON.parse(key) as ReturnType<typeof toPivotSpec>;
    const previous = running.current;
    if (previous) void api.call('pivot.cancel', { requestId: previous }).catch(() => undefined);
    let live = true;
    const started = performance.now();
    setState((st) => ({ ...st, loading: true }));
    const timer = setTimeout(() => live && setState((st) => ({ ...st, slow: true })), SLOW_MS);
    const run = (estimate: boolean) => {
      const requestId = nextId();
      running.current = requestId;
      const input = { ...s, requestId, ...(estimate ? { estimate: 'when_slow' as const } : {}) };
      return api
        .table('pivot.run', input as Parameters<typeof api.table<'pivot.run'>>[1])
        .then((t) => modelFromTable(t, s))
        .finally(() => {
          if (running.current === requestId) running.current = null;
        });
    };
    const show = (model: PivotModel) => {
      if (!live) return;
      const done = !model.estimate;
      if (done) clearTimeout(timer);
      setState({
        model,
        shown: JSON.parse(key) as ExploreSpec,
        loading: !done,
        // While the exact figures are on their way, the progress bar stays.
        slow: !done,
        error: null,
        ms: Math.round(performance.now() - started),
      });
    };
    run(true)
      .then((first) => {
        show(first);
        // An estimate: the exact figures follow.
        if (first.estimate && live) return run(false).then(show);
      })
      .catch((e: Error) => {
        if (!live || (e instanceof ApiError && e.code === 'CANCELLED')) return;
        clearTimeout(timer);
        setState((st) => ({ ...st, loading: false, slow: false, error: e }));
      });
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, dataVersion]);

  return state;
}
