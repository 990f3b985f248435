import { useEffect, useMemo, useRef, type RefObject } from 'react';
import type { DashboardTile, TileKind } from '../../../src-main/contract/dashboards';
import { useBrushSource } from '../../lib/brushedPivot';
import type { BrushLink } from './tiles/types';

/** Tiles that follow each brush move: the entries tile (where the brush is) and saved views (pivots). */
export const LINKED: ReadonlySet<TileKind> = new Set<TileKind>(['entries_over_time', 'view']);

/** Each brush move's time from the move until every view tile painted its answer: bench/ui.ts reads these. */
export const DASH_BRUSH_MEASURE = 'ace:dash-brush-update';

/**
 * The dashboard's brush: the range being dragged on the entries tile, followed by every view tile. A
 * move counts as shown when the last view tile has painted its answer to it (one performance measure
 * per move). The grid carries the range being dragged (data-brushed) for tests.
 */
export function useBrushLink(tiles: DashboardTile[], grid: RefObject<HTMLElement | null>): BrushLink {
  const source = useBrushSource();
  const views = useRef<string[]>([]);
  views.current = tiles.filter((t) => t.kind === 'view').map((t) => t.tileId);

  useEffect(
    () =>
      source.subscribe(() => {
        const m = source.move();
        if (!grid.current) return;
        if (m) grid.current.dataset.brushed = `${m.range.from}..${m.range.to}`;
        else delete grid.current.dataset.brushed;
      }),
    [source, grid],
  );

  return useMemo(() => {
    const shownAt = new Map<string, number>();
    let measured: number | null = null;
    return {
      source,
      onShown: (tileId: string, at: number) => {
        shownAt.set(tileId, at);
        if (source.move()?.at !== at || measured === at || !views.current.every((id) => shownAt.get(id) === at)) return;
        measured = at;
        performance.measure(DASH_BRUSH_MEASURE, { start: at, end: performance.now() });
      },
    };
  }, [source]);
}
