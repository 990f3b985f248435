import type { DashboardTile, TileKind } from '../../../src-main/contract/dashboards';

export const COLUMNS = 12;
/** A grid row's height and the gap between tiles, in px (kept in step with dashboards.css). */
export const ROW_PX = 80;
export const GAP_PX = 12;

/** Reading order: top to bottom, then left to right. It is also the presentation's slide order. */
export function slideOrder(tiles: DashboardTile[]): DashboardTile[] {
  return [...tiles].sort((a, b) => a.y - b.y || a.x - b.x);
}

/**
 * Places tiles in the given order on the 12-column grid: each at the first free spot at or after the
 * previous tile's spot in reading order, where its width and height fit. So reordering and resizing
 * never overlap tiles, and the layout reads in the order it presents.
 */
export function flow(tiles: DashboardTile[]): DashboardTile[] {
  const taken = new Set<string>();
  const free = (x: number, y: number, w: number, h: number) => {
    for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) if (taken.has(`${c},${r}`)) return false;
    return true;
  };
  let cursor = 0; // y * COLUMNS + x of the last placed tile
  return tiles.map((t) => {
    const w = Math.min(COLUMNS, Math.max(1, t.w));
    for (let at = cursor; ; at++) {
      const x = at % COLUMNS;
      const y = Math.floor(at / COLUMNS);
      if (x + w > COLUMNS || !free(x, y, w, t.h)) continue;
      for (let r = y; r < y + t.h; r++) for (let c = x; c < x + w; c++) taken.add(`${c},${r}`);
      cursor = at;
      return { ...t, x, y, w };
    }
  });
}

/** Tiles placed again in their reading order (what is saved and shown). */
export const laidOut = (tiles: DashboardTile[]) => flow(slideOrder(tiles));

/** Moves a tile one place earlier (-1) or later (+1) in the order, then lays the grid out again. */
export function move(tiles: DashboardTile[], tileId: string, by: -1 | 1): DashboardTile[] {
  const order = slideOrder(tiles);
  const i = order.findIndex((t) => t.tileId === tileId);
  const j = i + by;
  if (i < 0 || j < 0 || j >= order.length) return tiles;
  [order[i], order[j]] = [order[j]!, order[i]!];
  return flow(order);
}

/** Puts the dragged tile just before the target tile. */
export function moveBefore(tiles: DashboardTile[], tileId: string, targetId: string): DashboardTile[] {
  if (tileId === targetId) return tiles;
  const order = slideOrder(tiles);
  const moving = order.find((t) => t.tileId === tileId);
  if (!moving) return tiles;
  const rest = order.filter((t) => t.tileId !== tileId);
  const at = rest.findIndex((t) => t.tileId === targetId);
  rest.splice(at < 0 ? rest.length : at, 0, moving);
  return flow(rest);
}

export function resize(tiles: DashboardTile[], tileId: string, w: number, h: number): DashboardTile[] {
  return laidOut(
    tiles.map((t) => (t.tileId === tileId ? { ...t, w: Math.min(COLUMNS, Math.max(2, w)), h: Math.min(12, Math.max(1, h)) } : t)),
  );
}

export function remove(tiles: DashboardTile[], tileId: string): DashboardTile[] {
  return laidOut(tiles.filter((t) => t.tileId !== tileId));
}

/** A sensible size for a new tile of each kind. */
export const DEFAULT_SIZE: Record<TileKind, { w: number; h: number }> = {
  kpis: { w: 12, h: 2 },
  roi: { w: 12, h: 5 },
  roi_chart: { w: 6, h: 4 },
  entries_over_time: { w: 6, h: 4 },
  map: { w: 6, h: 5 },
  objectives: { w: 12, h: 3 },
  top_segments: { w: 6, h: 3 },
  push_results: { w: 12, h: 3 },
  view: { w: 6, h: 4 },
};

export function addTile(tiles: DashboardTile[], tile: Omit<DashboardTile, 'x' | 'y' | 'w' | 'h' | 'tileId'>): DashboardTile[] {
  const used = new Set(tiles.map((t) => t.tileId));
  let n = tiles.length + 1;
  while (used.has(`t${n}`)) n++;
  return flow([...slideOrder(tiles), { ...tile, tileId: `t${n}`, x: 0, y: 0, ...DEFAULT_SIZE[tile.kind] }]);
}

/** A tile's pixel height on the grid (for the chart inside it). */
export const tilePx = (h: number) => h * ROW_PX + (h - 1) * GAP_PX;
