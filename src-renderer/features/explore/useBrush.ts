import { useCallback, useEffect, useMemo } from 'react';
import type { DayRange } from '../../charts/dayBrush';
import type { PivotFilter } from '../../../src-main/contract/pivot';
import { useBrushedPivot, useBrushSource, type BrushedResult } from '../../lib/brushedPivot';
import { toPivotSpec, type ExploreSpec } from './spec';

export type { DayRange };

/** A range of entry days as the filter the brush leaves behind. */
export const isDayRange = (f: PivotFilter) => f.field === 'entry_day' && f.op === 'between';

/** The spec without its entry-day range: what the timeline and the brush start from. */
export const withoutDayRange = (spec: ExploreSpec): ExploreSpec => ({ ...spec, filters: spec.filters.filter((f) => !isDayRange(f)) });

/** Each brush move's time from the move to its result painted: bench/ui.ts and the browser tests read these. */
export const BRUSH_MEASURE = 'ace:brush-update';

/**
 * Linked views while a date range is brushed on Explore's timeline (`unranged`: the pivot without its
 * day range, as the timeline shows it): the table and chart show each move's
 * result (lib/brushedPivot.ts). `end` drops the brushed result: the page then sets the range as a filter.
 */
export function useBrush(unranged: ExploreSpec): {
  shown: BrushedResult | null;
  pending: boolean;
  prepare: (r: DayRange) => void;
  move: (r: DayRange) => void;
  end: () => void;
} {
  const base = useMemo(() => toPivotSpec(unranged), [unranged]);
  const source = useBrushSource();
  const { shown, pending } = useBrushedPivot(base, source);
  const end = useCallback(() => source.moveTo(null), [source]);

  // A move's result counts as shown once the browser paints the frame after React commits it.
  useEffect(() => {
    if (!shown) return;
    const frame = requestAnimationFrame(() => performance.measure(BRUSH_MEASURE, { start: shown.at, end: performance.now() }));
    return () => cancelAnimationFrame(frame);
  }, [shown]);

  // Another pivot: a brush in progress starts over.
  const key = JSON.stringify(base);
  useEffect(() => end(), [key, end]);
  return { shown, pending, prepare: source.approach, move: source.moveTo, end };
}
