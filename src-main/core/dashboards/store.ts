import { randomBytes } from 'node:crypto';
import { dashboardFilters, dashboardInput, dashboardTile, type Dashboard, type DashboardTile } from '../../contract/dashboards';
import type { z } from 'zod';
import type { DbClient } from '../db/client';
import { AceError } from '../lib/errors';
import { mergeSql } from '../lib/merge';

export const CAMPAIGN_RESULTS = 'campaign-results';

/** The ready-made "Campaign results": KPIs and objectives, ROI by media buy, entries over time, responders map, top segments. */
export const CAMPAIGN_RESULTS_TILES: DashboardTile[] = [
  {
    tileId: 'kpis',
    kind: 'kpis',
    title: 'The campaign at a glance',
    note: 'Entries, spend, redemptions and revenue for the whole campaign.',
    x: 0,
    y: 0,
    w: 12,
    h: 2,
  },
  {
    tileId: 'objectives',
    kind: 'objectives',
    title: 'Objectives',
    note: 'Where each target stands, and where the recent pace takes it.',
    x: 0,
    y: 2,
    w: 12,
    h: 3,
  },
  {
    tileId: 'roi',
    kind: 'roi',
    title: 'ROI by media buy',
    note: 'Cost per entry and return on ad spend for every media buy.',
    x: 0,
    y: 5,
    w: 12,
    h: 5,
  },
  { tileId: 'entries', kind: 'entries_over_time', title: 'Entries over time', note: '', x: 0, y: 10, w: 7, h: 4 },
  { tileId: 'map', kind: 'map', title: 'Responders by zip', note: '', x: 7, y: 10, w: 5, h: 4 },
  {
    tileId: 'segments',
    kind: 'top_segments',
    title: 'Top segments',
    note: 'The saved segments with the most people, and how many can be messaged.',
    x: 0,
    y: 14,
    w: 12,
    h: 3,
  },
];

async function ensureBuiltIn(db: DbClient): Promise<void> {
  // A read on every list; the write only the first time.
  const [have] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM dashboards WHERE dashboard_id = $1`, [CAMPAIGN_RESULTS]);
  if (Number(have!.n) > 0) return;
  await db.write(async (w) => {
    await w.run(
      mergeSql(
        'dashboards',
        ['dashboard_id'],
        [{ dashboard_id: '$1', name: `'Campaign results'`, tiles: '$2', filters: '$3', built_in: 'true' }],
        {
          ignore: true,
        },
      ),
      [CAMPAIGN_RESULTS, JSON.stringify(CAMPAIGN_RESULTS_TILES), JSON.stringify({ channel: [], market: [], media_type: [] })],
    );
  });
}

export async function listDashboards(db: DbClient): Promise<Dashboard[]> {
  await ensureBuiltIn(db);
  const rows = await db.rows<{ dashboard_id: string; name: string; tiles: string; filters: string; built_in: boolean; updated_at: string }>(
    `SELECT dashboard_id, name, tiles::VARCHAR AS tiles, filters::VARCHAR AS filters, built_in, strftime(updated_at, '%Y-%m-%d %H:%M') AS updated_at FROM dashboards ORDER BY built_in DESC, lower(name)`,
  );
  return rows.map((r) => ({
    dashboardId: r.dashboard_id,
    name: r.name,
    tiles: (JSON.parse(r.tiles) as unknown[]).flatMap((t) => {
      const p = dashboardTile.safeParse(t);
      return p.success ? [p.data] : [];
    }),
    filters: dashboardFilters.parse(JSON.parse(r.filters)),
    builtIn: r.built_in === true,
    updatedAt: r.updated_at,
  }));
}

export async function saveDashboard(db: DbClient, input: z.input<typeof dashboardInput>): Promise<Dashboard> {
  const d = dashboardInput.parse(input);
  await ensureBuiltIn(db);
  const ids = new Set<string>();
  for (const t of d.tiles) {
    if (ids.has(t.tileId)) throw new AceError('BAD_INPUT', `Two tiles are called ${t.tileId}: give each tile its own id.`);
    ids.add(t.tileId);
    if (t.kind === 'view' && !t.viewId) throw new AceError('BAD_INPUT', `Tile "${t.title}" shows a saved view: choose which.`);
    if (t.x + t.w > 12) throw new AceError('BAD_INPUT', `Tile "${t.title}" runs past the 12 columns of the grid.`);
  }
  const id = d.dashboardId ?? `dsh_${randomBytes(6).toString('hex')}`;
  await db.write((w) =>
    w.run(
      mergeSql('dashboards', ['dashboard_id'], [{ dashboard_id: '$1', name: '$2', tiles: '$3', filters: '$4', built_in: '$5' }], {
        set: { updated_at: 'now()::TIMESTAMP' },
      }),
      [id, d.name, JSON.stringify(d.tiles), JSON.stringify(d.filters), id === CAMPAIGN_RESULTS],
    ),
  );
  return (await listDashboards(db)).find((x) => x.dashboardId === id)!;
}

export async function deleteDashboard(db: DbClient, dashboardId: string): Promise<boolean> {
  if (dashboardId === CAMPAIGN_RESULTS)
    throw new AceError('BAD_INPUT', 'The ready-made "Campaign results" dashboard cannot be deleted; change its tiles instead.');
  await ensureBuiltIn(db);
  const [r] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM dashboards WHERE dashboard_id = $1`, [dashboardId]);
  await db.write((w) => w.run(`DELETE FROM dashboards WHERE dashboard_id = $1`, [dashboardId]));
  return Number(r!.n) > 0;
}
