import { z } from 'zod';

/**
 * Dashboards: tiles on a 12-column grid (KPIs, ROI by media buy, entries over time, the responders
 * map, objectives, top segments, or any saved Explore view), with filters that apply to every tile.
 * The same tiles, in order, are the slides of presentation mode (a title and a note each).
 */
export const TILE_KINDS = ['kpis', 'roi', 'entries_over_time', 'map', 'objectives', 'top_segments', 'view'] as const;
export type TileKind = (typeof TILE_KINDS)[number];

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const dashboardTile = z
  .object({
    tileId: id,
    kind: z.enum(TILE_KINDS),
    /** The saved Explore view a 'view' tile shows. */
    viewId: id.optional(),
    title: z.string().max(200),
    /** The speaker's note on this tile's slide. */
    note: z.string().max(4000).default(''),
    /** Grid position: 12 columns; rows of ~80 px. */
    x: z.number().int().min(0).max(11),
    y: z.number().int().min(0).max(500),
    w: z.number().int().min(1).max(12),
    h: z.number().int().min(1).max(12),
  })
  .strict();
export type DashboardTile = z.infer<typeof dashboardTile>;

/** Filters for the whole dashboard: a date range and campaign fields (as in ROI and Explore). */
export const dashboardFilters = z
  .object({
    from: day.optional(),
    to: day.optional(),
    channel: z.array(z.string().max(200)).max(100).default([]),
    market: z.array(z.string().max(200)).max(100).default([]),
    media_type: z.array(z.string().max(200)).max(100).default([]),
  })
  .strict();
export type DashboardFilters = z.infer<typeof dashboardFilters>;

export const dashboardInput = z
  .object({ dashboardId: id.optional(), name: z.string().trim().min(1).max(120), tiles: z.array(dashboardTile).max(40), filters: dashboardFilters.default({ channel: [], market: [], media_type: [] }) })
  .strict();

export interface Dashboard {
  dashboardId: string;
  name: string;
  tiles: DashboardTile[];
  filters: DashboardFilters;
  /** The ready-made one every workspace has. */
  builtIn: boolean;
  updatedAt: string;
}

export const dashboardMethods = {
  /** Every dashboard; the ready-made "Campaign results" is created on first use. */
  'dashboards.list': { input: z.object({}).strict(), result: 'json' },
  'dashboards.save': { input: dashboardInput, result: 'json' },
  'dashboards.delete': { input: z.object({ dashboardId: id }).strict(), result: 'json' },
} as const;

export interface DashboardOutputs {
  'dashboards.list': Dashboard[];
  'dashboards.save': Dashboard;
  'dashboards.delete': { deleted: boolean };
}
