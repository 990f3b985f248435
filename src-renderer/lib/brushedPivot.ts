import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { api } from '../api/client';
import type { DayRange } from '../charts/dayBrush';
import type { PivotSpec } from '../../src-main/contract/pivot';
import { ALL_AREAS } from './areas';
import { BrushIndex } from './brushIndex';
import { modelFromLines, modelFromTable, type PivotModel } from './pivotModel';
import { useInvalidation } from './query';
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
 * A brush over days that views follow (Explore's timeline, a dashboard's entries tile). Outside React
 * state on purpose: a move reaches the views that follow it at once (each sends its request in the
 * pointer event), and only those views render their answers; the page around them does not render
 * per move. `brushing` (a move is on) is what the rest of the page may watch.
 */
export class BrushSource {
  private current: BrushMove | null = null;
  private approached: DayRange | null = null;
  private readonly listeners = new Set<() => void>();

  readonly move = () => this.current;
  readonly near = () => this.approached;
  readonly brushing = () => this.current !== null;
  readonly subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };
  /** The brushed range now, or null when the brush ends. */
  readonly moveTo = (r: DayRange | null) => {
    if (!r && !this.current) return;
    this.current = r ? { range: r, at: performance.now() } : null;
    for (const fn of [...this.listeners]) fn();
  };
  /** The pointer came over the brush (its whole range of days): followers build their index now. */
  readonly approach = (r: DayRange) => {
    this.approached = r;
    this.approaches++;
    for (const fn of [...this.listeners]) fn();
  };
  /** How many times the pointer came over the brush. */
  approaches = 0;
}

/** True while a move is on (for what only dims or waits during a brush). */
export const useBrushing = (source: BrushSource | undefined): boolean =>
  useSyncExternalStore(source?.subscribe ?? noSubscribe, source?.brushing ?? never);
const noSubscribe = () => () => undefined;
const never = () => false;

/**
 * A pivot that follows a brush (linked views). When the pointer comes over the brush, the pivot's brush
 * index is fetched (pivot.brushIndex): with it here, each move is added up at once in the renderer
 * (lib/brushIndex.ts), with no request. Until it comes, or when the core keeps it (large, or top N),
 * each move asks pivot.brush, which the core answers from the same index (core/pivot/brush.ts); moves
 * that come while one is on its way are folded into the latest, so the view follows the pointer
 * without a queue. `spec` is the pivot without the brushed range; while nothing is brushed `shown` is
 * null. `pending`: the latest move is not answered yet.
 */
export function useBrushedPivot(
  spec: PivotSpec | null,
  source: BrushSource | undefined,
): { shown: BrushedResult | null; pending: boolean } {
  const [state, setState] = useState<{ shown: BrushedResult | null; pending: boolean }>({ shown: null, pending: false });
  const key = spec ? stableJson(spec) : null;
  // An index belongs to the workspace as it was made (its filters may read pushes, rules or fraud reviews, not
  // only entries): any change drops it, as any write makes the core build a new one; the next approach fetches it.
  const changes = useInvalidation(ALL_AREAS);

  useEffect(() => {
    if (!key || !source) return;
    const s = JSON.parse(key) as PivotSpec;
    let inflight = false;
    let queued = false;
    // Prepared once per pivot, when the pointer comes over the brush after this pivot came.
    let seen = source.approaches;
    let prepared = false;
    let index: BrushIndex | null = null;
    let live = true;
    const show = (m: BrushMove, model: PivotModel) =>
      setState({ shown: { range: m.range, at: m.at, model }, pending: source.move() !== m });
    const ask = (r: DayRange) => api.table('pivot.brush', { ...s, range: r } as Parameters<typeof api.table<'pivot.brush'>>[1]);
    const send = (m: BrushMove) => {
      const here = index?.lines(m.range);
      if (here) return show(m, modelFromLines(here, s));
      inflight = true;
      ask(m.range)
        .then((t) => {
          if (live && source.move()) show(m, modelFromTable(t, s));
        })
        .catch(() => undefined) // a failed move is followed by the next one, or by the exact pivot at the end
        .finally(() => {
          inflight = false;
          const now = source.move();
          if (queued && live && now) {
            queued = false;
            send(now);
          }
        });
    };
    const prepare = () =>
      api
        .table('pivot.brushIndex', s as Parameters<typeof api.table<'pivot.brushIndex'>>[1])
        .then((t) => {
          if (live) index = BrushIndex.from(t, s);
        })
        .catch(() => (prepared = false));
    const follow = () => {
      const m = source.move();
      if (source.near() && source.approaches !== seen && !prepared) {
        prepared = true;
        void prepare();
      }
      seen = source.approaches;
      if (!m) {
        queued = false;
        setState((st) => (st.shown || st.pending ? { shown: null, pending: false } : st));
        return;
      }
      setState((st) => (st.pending ? st : { ...st, pending: true }));
      if (inflight) queued = true;
      else send(m);
    };
    const unsubscribe = source.subscribe(follow);
    // A brush already on when this pivot came.
    if (source.move()) follow();
    return () => {
      live = false;
      unsubscribe();
      setState({ shown: null, pending: false });
    };
  }, [key, source, changes]);

  return state;
}

/** A BrushSource for the life of a component. */
export function useBrushSource(): BrushSource {
  const ref = useRef<BrushSource | null>(null);
  return (ref.current ??= new BrushSource());
}
