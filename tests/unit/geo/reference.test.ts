import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureReferenceTables, shapes } from '../../../src-main/core/geo/reference';
import { Session } from '../../../src-main/core/session';
import { tempDir } from '../helpers/tmp';
import { builtWorkerUrl } from '../helpers/worker';

/** State and county shapes and zip places, shipped with the app, loaded into the workspace as tables. */
const dir = tempDir('ace-ref-');
let s: Session;
beforeAll(async () => {
  s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
  await s.open(join(dir, 'r.duckdb'), { create: true });
});
afterAll(() => s.close());

describe('geographic reference tables', () => {
  it('load once: every state (and DC and the territories), every county, each zip with its city and state', async () => {
    const t0 = performance.now();
    await ensureReferenceTables(s.requireDb());
    const first = performance.now() - t0;
    const [c] = await s.requireDb().rows<{ states: unknown; counties: unknown; ma: unknown; places: unknown }>(
      `SELECT (SELECT count(*) FROM ref_states) AS states, (SELECT count(*) FROM ref_counties) AS counties,
              (SELECT count(*) FROM ref_counties WHERE state = 'MA') AS ma, (SELECT count(*) FROM ref_zip_places) AS places`,
    );
    expect(Number(c!.states)).toBe(56);
    expect(Number(c!.counties)).toBeGreaterThan(3100);
    expect(Number(c!.ma)).toBe(14);
    expect(Number(c!.places)).toBeGreaterThan(40_000);
    const [z] = await s.requireDb().rows<{ city: string; state: string }>(`SELECT city, state FROM ref_zip_places WHERE zip = '60601'`);
    expect(z).toEqual({ city: 'Chicago', state: 'IL' });
    const [ny] = await s.requireDb().rows<{ state: string; name: string }>(`SELECT state, name FROM ref_states WHERE state_fips = '36'`);
    expect(ny).toEqual({ state: 'NY', name: 'New York' });
    const t1 = performance.now();
    await ensureReferenceTables(s.requireDb());
    expect(performance.now() - t1).toBeLessThan(first);
    console.log(`reference tables: first load ${Math.round(first)} ms`);
  });

  it('give the map GeoJSON shapes by state, or the counties of one state', async () => {
    const st = await shapes(s.requireDb(), 'state');
    expect(st.features).toHaveLength(56);
    const f = st.features[0] as { type: string; geometry: { type: string; coordinates: unknown[] }; properties: { name: string } };
    expect(f.type).toBe('Feature');
    expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
    const co = await shapes(s.requireDb(), 'county', 'RI');
    expect((co.features as { properties: { name: string } }[]).map((x) => x.properties.name).sort()).toEqual([
      'Bristol',
      'Kent',
      'Newport',
      'Providence',
      'Washington',
    ]);
  });
});
