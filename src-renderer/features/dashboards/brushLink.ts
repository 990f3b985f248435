import { useCallback, useMemo, useRef, useState } from 'react';
import type { DashboardTile, TileKind } from '../../../src-main/contract/dashboards';
import type { DayRange } from '../../charts/dayBrush';
import type { BrushMove } from '../../lib/brushedPivot';
import type { BrushLink } from './tiles/types';

/** Tiles that follow each brush move: the entries tile (where the brush is) and saved views (pivots). */
export const LINKED: ReadonlySet<TileKind> = new Set<TileKind>(['entries_over_time', 'view']);

/** Each brush move's time from the move until every view tile painted its answer: bench/ui.ts reads these. */
export const DASH_BRUSH_MEASURE = 'ace:dash-brush-update';

/**
 * The dashboard's brush: the range being dragged on the entries tile, shared with every tile. A move
 * counts as shown when the last view tile has painted its answer to it (one performance measure per move).
 */
export function useBrushLink(tiles: DashboardTile[]): BrushLink {
  const [move, setMove] = useState<BrushMove | null>(null);
  const [near, setNear] = useState<DayRange | null>(null);
  const views = useMemo(() => tiles.filter((t) => t.kind === 'view').map((t) => t.tileId), [tiles]);
  const latest = useRef<{ move: BrushMove | null; views: string[] }>({ move, views });
  latest.current = { move, views };
  const shownAt = useRef(new Map<string, number>());
  const measured = useRef<number | null>(null);

  const onMove = useCallback((r: DayRange | null) => setMove(r ? { range: r, at: performance.now() } : null), []);
  const onNear = useCallback((r: DayRange) => setNear((n) => n ?? r), []);
  const onShown = useCallback((tileId: string, at: number) => {
    shownAt.current.set(tileId, at);
    const { move: m, views: v } = latest.current;
    if (!m || m.at !== at || measured.current === at || !v.every((id) => shownAt.current.get(id) === at)) return;
    measured.current = at;
    performance.measure(DASH_BRUSH_MEASURE, { start: at, end: performance.now() });
  }, []);
  return useMemo(() => ({ move, near, onMove, onNear, onShown }), [move, near, onMove, onNear, onShown]);
}
