import { useCallback, useState } from 'react';

export interface History<T> {
  past: T[];
  present: T;
  future: T[];
}

const LIMIT = 100;

/** Pure steps of an undo/redo history (unit-testable). */
export const history = {
  push<T>(h: History<T>, next: T, same: (a: T, b: T) => boolean): History<T> {
    if (same(h.present, next)) return h;
    return { past: [...h.past, h.present].slice(-LIMIT), present: next, future: [] };
  },
  undo<T>(h: History<T>): History<T> {
    if (!h.past.length) return h;
    return { past: h.past.slice(0, -1), present: h.past[h.past.length - 1]!, future: [h.present, ...h.future] };
  },
  redo<T>(h: History<T>): History<T> {
    if (!h.future.length) return h;
    return { past: [...h.past, h.present], present: h.future[0]!, future: h.future.slice(1) };
  },
};

/** A value with undo and redo: every set is one step. */
export function useHistory<T>(initial: T, same: (a: T, b: T) => boolean) {
  const [h, setH] = useState<History<T>>({ past: [], present: initial, future: [] });
  const set = useCallback(
    (next: T | ((cur: T) => T)) =>
      setH((cur) => history.push(cur, typeof next === 'function' ? (next as (c: T) => T)(cur.present) : next, same)),
    [same],
  );
  const undo = useCallback(() => setH((cur) => history.undo(cur)), []);
  const redo = useCallback(() => setH((cur) => history.redo(cur)), []);
  return { value: h.present, set, undo, redo, canUndo: h.past.length > 0, canRedo: h.future.length > 0 };
}
