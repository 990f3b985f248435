import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import type { DayRange } from '../charts/dayBrush';
import { modelFromTable, type PivotModel } from './pivotModel';
import type { PivotSpec } from '../../src-main/contract/pivot';
import { stableJson } from './queryCache';

/** One move of a brush over days: its range and when it happened (performance.now()). */
export interface BrushMove {
  range: DayRange;
  at: number;
}

/** A pivot's answer to a brush move. */
export interface BrushedResult {
  range: DayRange;
  model: PivotModel;
  /** The move it answers. */
  at: number;
}

/**
 * A pivot that follows a brush (linked views: Explore's table and chart, a dashboard's view tiles).
 * Each move asks pivot.brush, which the core answers from a per-pivot index by day (core/pivot/brush.ts);
 * moves that come while one is on its way are folded into the latest, so the view follows the pointer
 * without a queue. `prepare` (the pointer came near the brush) builds the index before the first move.
 * `spec` is the pivot without the brushed range; with `move` null nothing is brushed and `shown` is null.
 */
export function useBrushedPivot(
  spec: PivotSpec | null,
  move: BrushMove | null,
  prepare: DayRange | null,
): { shown: BrushedResult | null; pending: boolean } {
  const [shown, setShown] = useState<BrushedResult | null>(null);
  const key = spec ? stableJson(spec) : null;
  const inflight = useRef(false);
  const next = useRef<BrushMove | null>(null);
  // The move the view should follow now (null: none); a result for an older pivot or a finished brush is dropped.
  const want = useRef<{ key: string | null; move: BrushMove | null }>({ key, move });
  want.current = { key, move };

  const ask = (k: string, r: DayRange) =>
    api.table('pivot.brush', { ...(JSON.parse(k) as PivotSpec), range: r } as Parameters<typeof api.table<'pivot.brush'>>[1]);

  const send = (k: string, m: BrushMove) => {
    inflight.current = true;
    const s = JSON.parse(k) as PivotSpec;
    ask(k, m.range)
      .then((t) => {
        if (want.current.key !== k || !want.current.move) return;
        setShown({ range: m.range, at: m.at, model: modelFromTable(t, s.rows?.length ?? 0, s.cols?.length ?? 0, s.measures?.length ?? 1) });
      })
      .catch(() => undefined) // a failed move is followed by the next one, or by the exact pivot at the end
      .finally(() => {
        inflight.current = false;
        const queued = next.current;
        next.current = null;
        const now = want.current;
        if (queued && now.move && now.key) send(now.key, now.move);
      });
  };

  useEffect(() => {
    if (!key || !move) {
      next.current = null;
      setShown(null);
      return;
    }
    if (inflight.current) next.current = move;
    else send(key, move);
    // send reads the latest spec and move through `want`.
  }, [key, move]);

  const prepared = useRef<string | null>(null);
  useEffect(() => {
    if (!key || !prepare || prepared.current === key) return;
    prepared.current = key;
    ask(key, prepare).catch(() => (prepared.current = null));
  }, [key, prepare]);

  return { shown: move ? shown : null, pending: !!move && shown?.at !== move.at };
}
