import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import type { DayRange } from '../../charts/dayBrush';
import type { PivotFilter } from '../../../src-main/contract/pivot';
import { modelFromTable, type PivotModel } from './pivotModel';
import { toPivotSpec, type ExploreSpec } from './spec';

export type { DayRange };

/** A range of entry days as the filter the brush leaves behind. */
export const isDayRange = (f: PivotFilter) => f.field === 'entry_day' && f.op === 'between';

/** The spec without its entry-day range: what the timeline and the brush start from. */
export const withoutDayRange = (spec: ExploreSpec): ExploreSpec => ({ ...spec, filters: spec.filters.filter((f) => !isDayRange(f)) });

/** Each brush move's time from the move to its result painted: bench/ui.ts and the browser tests read these. */
export const BRUSH_MEASURE = 'ace:brush-update';

interface Shown {
  range: DayRange;
  model: PivotModel;
  /** When the move this result answers happened. */
  movedAt: number;
}

/**
 * Linked views while a date range is brushed on the timeline: each move asks pivot.brush (the core
 * answers from a per-pivot index by day: core/pivot/brush.ts) and the table and chart show its
 * result. Moves that come while one is on its way are folded into the latest, so the views follow
 * the pointer without a queue. `end` drops the brushed result: the page then sets the range as a filter.
 */
export function useBrush(spec: ExploreSpec): {
  shown: Shown | null;
  pending: boolean;
  prepare: (r: DayRange) => void;
  move: (r: DayRange) => void;
  end: () => void;
} {
  const [shown, setShown] = useState<Shown | null>(null);
  // A move is on its way or waiting: what is shown is not the pointer's range yet.
  const [pending, setPending] = useState(false);
  const inflight = useRef(false);
  const next = useRef<(DayRange & { at: number }) | null>(null);
  const active = useRef(false);
  const base = JSON.stringify(toPivotSpec(withoutDayRange(spec)));
  /** The pivot over a range of days, as the core answers a brush move. */
  const ask = useCallback(
    (r: DayRange) => {
      const s = JSON.parse(base) as ReturnType<typeof toPivotSpec>;
      return api.table('pivot.brush', { ...s, range: { from: r.from, to: r.to } } as Parameters<typeof api.table<'pivot.brush'>>[1]);
    },
    [base],
  );

  const send = useCallback(
    (r: DayRange & { at: number }) => {
      inflight.current = true;
      const s = JSON.parse(base) as ReturnType<typeof toPivotSpec>;
      ask(r)
        .then((t) => {
          if (!active.current) return;
          const model = modelFromTable(t, s.rows?.length ?? 0, s.cols?.length ?? 0, s.measures?.length ?? 1);
          setShown({ range: { from: r.from, to: r.to }, model, movedAt: r.at });
        })
        .catch(() => undefined) // a failed move is followed by the next one, or by the exact pivot at the end
        .finally(() => {
          inflight.current = false;
          const queued = next.current;
          next.current = null;
          if (queued && active.current) send(queued);
          else setPending(false);
        });
    },
    [base, ask],
  );

  // The pointer over the timeline: the core builds this pivot's index now (one scan), so the first
  // move of a brush does not wait for it. Once per pivot; the answer itself is not shown.
  const prepared = useRef<string | null>(null);
  const prepare = useCallback(
    (r: DayRange) => {
      if (prepared.current === base) return;
      prepared.current = base;
      void ask(r).catch(() => (prepared.current = null));
    },
    [base, ask],
  );

  const move = useCallback(
    (r: DayRange) => {
      active.current = true;
      setPending(true);
      const m = { ...r, at: performance.now() };
      if (inflight.current) next.current = m;
      else send(m);
    },
    [send],
  );
  const end = useCallback(() => {
    active.current = false;
    next.current = null;
    setShown(null);
    setPending(false);
  }, []);

  // A move's result counts as shown once the browser paints the frame after React commits it.
  useEffect(() => {
    if (!shown) return;
    const frame = requestAnimationFrame(() => performance.measure(BRUSH_MEASURE, { start: shown.movedAt, end: performance.now() }));
    return () => cancelAnimationFrame(frame);
  }, [shown]);

  // Another pivot: a brush in progress starts over.
  useEffect(() => end, [base, end]);
  return { shown, pending, prepare, move, end };
}
