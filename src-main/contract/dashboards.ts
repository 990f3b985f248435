import { z } from 'zod';
import { isoDay } from './day';

/**
 * Dashboards: tiles on a 12-column grid (KPIs, ROI by media buy, entries over time, the responders
 * map, objectives, top segments, or any saved Explore view), with filters that apply to every tile.
 * The same tiles, in order, are the slides of presentation mode (a title and a note each).
 */
export const TILE_KINDS = [
  'kpis',
  'roi',
  'roi_chart',
  'entries_over_time',
  'map',
  'objectives',
  'top_segments',
  'push_results',
  'view',
] as const;
export type TileKind = (typeof TILE_KINDS)[number];

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const day = isoDay;

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
  .object({
    dashboardId: id.optional(),
    name: z.string().trim().min(1).max(120),
    tiles: z.array(dashboardTile).max(40),
    filters: dashboardFilters.default({ channel: [], market: [], media_type: [] }),
  })
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

/**
 * A dashboard or presentation as a PDF, built by the host (pdfkit) so the desktop app and browser mode
 * give the same file: one page per tile (in slide order) with its title, its chart as an image or its
 * figures and table as text, and its note.
 */
export const pdfPage = z
  .object({
    title: z.string().max(200),
    note: z.string().max(4000).default(''),
    /** The tile's chart as a PNG data URL (what the screen shows, at print resolution). */
    png: z
      .string()
      .regex(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/)
      .max(12_000_000)
      .optional(),
    kpis: z
      .array(z.object({ label: z.string().max(200), value: z.string().max(100) }).strict())
      .max(24)
      .default([]),
    table: z
      .object({
        /** Column headings; a heading under a column field's value reads "Boston · Entries". */
        columns: z.array(z.string().max(400)).max(64),
        /** How many columns on the left are labels (row fields): left-aligned, repeated when the columns continue on another page. */
        labels: z.number().int().min(0).max(8).default(1),
        rows: z.array(z.array(z.string().max(400)).max(64)).max(500),
        /** What the table had beyond the rows and columns sent, said on the page ("+N more rows"), never cut silently. */
        more: z
          .object({ rows: z.number().int().min(0), columns: z.number().int().min(0) })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    /** What this page's figures cover, in words: the date range and every filter (the dashboard's and the view's own). */
    scope: z.string().max(2000).optional(),
    /** Why this tile does not follow the dashboard's filters, when it does not. */
    caveat: z.string().max(400).optional(),
  })
  .strict();
export type PdfPage = z.input<typeof pdfPage>;

export const dashboardPdfInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    /** What the figures cover (filters, date range), printed under the name on every page. */
    scope: z.string().max(600).default(''),
    /** 'slides': one landscape page per slide; 'dashboard': a cover, then one page per tile. */
    layout: z.enum(['dashboard', 'slides']).default('dashboard'),
    pages: z.array(pdfPage).min(1).max(40),
  })
  .strict();

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
