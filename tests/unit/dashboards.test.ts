import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMPAIGN_RESULTS, deleteDashboard, listDashboards, saveDashboard } from '../../src-main/core/dashboards/store';
import type { Session } from '../../src-main/core/session';
import { demoSession } from './helpers/demo';
import { tempDir } from './helpers/tmp';

describe('dashboards', () => {
  const dir = tempDir('ace-dash-');
  let s: Session;
  beforeAll(async () => {
    s = await demoSession(dir, 'd.duckdb', 300);
  }, 60_000);
  afterAll(() => s.close());

  it('every workspace has the ready-made Campaign results; it can be changed, not deleted', async () => {
    const [cr] = await listDashboards(s.requireDb());
    expect(cr).toMatchObject({ dashboardId: CAMPAIGN_RESULTS, name: 'Campaign results', builtIn: true });
    expect(cr!.tiles.map((t) => t.kind)).toEqual(['kpis', 'objectives', 'roi', 'entries_over_time', 'map', 'top_segments']);
    const changed = await saveDashboard(s.requireDb(), {
      dashboardId: CAMPAIGN_RESULTS,
      name: 'Campaign results',
      tiles: cr!.tiles.slice(0, 2),
      filters: { channel: ['sms'] },
    });
    expect(changed.tiles).toHaveLength(2);
    expect(changed.filters).toEqual({ channel: ['sms'], market: [], media_type: [] });
    expect(changed.builtIn).toBe(true);
    await expect(deleteDashboard(s.requireDb(), CAMPAIGN_RESULTS)).rejects.toThrow(/cannot be deleted/);
  });

  it('saves, lists and deletes others; refuses tiles that overlap the grid edge or lack their view', async () => {
    const tile = { tileId: 't1', kind: 'roi' as const, title: 'ROI', x: 0, y: 0, w: 12, h: 4 };
    const d = await saveDashboard(s.requireDb(), { name: 'Board review', tiles: [tile] });
    expect((await listDashboards(s.requireDb())).map((x) => x.name)).toEqual(['Campaign results', 'Board review']);
    await expect(saveDashboard(s.requireDb(), { name: 'X', tiles: [{ ...tile, x: 6, w: 7 }] })).rejects.toThrow(/runs past the 12 columns/);
    await expect(saveDashboard(s.requireDb(), { name: 'X', tiles: [{ ...tile, kind: 'view' }] })).rejects.toThrow(/choose which/);
    await expect(saveDashboard(s.requireDb(), { name: 'X', tiles: [tile, tile] })).rejects.toThrow(/Two tiles are called t1/);
    expect(await deleteDashboard(s.requireDb(), d.dashboardId)).toBe(true);
    expect((await listDashboards(s.requireDb())).map((x) => x.name)).toEqual(['Campaign results']);
  });
});
