import zipcodes from 'zipcodes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbClient } from '../../../src-main/core/db/client';
import { peopleByZip, storeSummary, storeView } from '../../../src-main/core/geo/stores';
import { stateOfZip } from '../../../src-main/core/geo/states';
import { haversineMiles } from '../../../src-main/core/geo/distance';
import { countSegment } from '../../../src-main/core/segments/run';
import type { Session } from '../../../src-main/core/session';
import { demoSession } from '../helpers/demo';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();

/** An independent great-circle distance (mean Earth radius 3958.8 miles). */
function miles(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(rad(b.latitude - a.latitude) / 2) ** 2 +
    Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(rad(b.longitude - a.longitude) / 2) ** 2;
  return 2 * 3958.8 * Math.asin(Math.sqrt(h));
}

describe('distance math', () => {
  const db = new DbClient();
  beforeAll(() => db.open(':memory:'));
  afterAll(() => db.close());

  it('matches known zip-to-zip distances', async () => {
    // [from, to, miles by the zipcodes package, which rounds to whole miles]
    const pairs = [
      ['02134', '10001'],
      ['10001', '90001'],
      ['60601', '30301'],
      ['80202', '75201'],
      ['02134', '02139'],
    ] as const;
    for (const [a, b] of pairs) {
      const za = zipcodes.lookup(a)!;
      const zb = zipcodes.lookup(b)!;
      const [row] = await db.rows<{ d: number }>(`SELECT ${haversineMiles('$1', '$2', '$3', '$4')} AS d`, [
        za.latitude,
        za.longitude,
        zb.latitude,
        zb.longitude,
      ]);
      expect(row!.d, `${a}-${b}`).toBeCloseTo(miles(za, zb), 6);
      expect(Math.abs(row!.d - zipcodes.distance(a, b)!), `${a}-${b}`).toBeLessThanOrEqual(1);
    }
    // New York to Los Angeles is about 2,450 miles; Allston to Cambridge about 2.
    const [ny] = await db.rows<{ d: number }>(`SELECT ${haversineMiles('40.75', '-73.99', '33.97', '-118.25')} AS d`);
    expect(ny!.d).toBeGreaterThan(2400);
    expect(ny!.d).toBeLessThan(2500);
  });

  it('names the state of a zip by its prefix', () => {
    expect([
      stateOfZip('02134'),
      stateOfZip('10001'),
      stateOfZip('60601'),
      stateOfZip('30301'),
      stateOfZip('75201'),
      stateOfZip('80202'),
      stateOfZip('99999'),
      stateOfZip('ABCDE'),
    ]).toEqual(['MA', 'NY', 'IL', 'GA', 'TX', 'CO', 'AK', null]);
  });
});

describe('responders around stores', () => {
  let s: Session;
  beforeAll(async () => {
    s = await demoSession(dir, 'geo.duckdb', 5000);
  }, 120_000);
  afterAll(() => s.close());

  it('finds exactly the people a reference finds within the radius, and a segment of them counts the same', async () => {
    const people = await s
      .requireDb()
      .rows<{ entrant_id: string; zip: string | null }>(
        `SELECT entrant_id, arg_max(e.zip, e.entered_at) FILTER (WHERE e.zip IS NOT NULL) AS zip FROM entries e JOIN entry_facts f USING (entry_id) GROUP BY entrant_id`,
      );
    const [store] = await s
      .requireDb()
      .rows<{ store_id: string; lat: number; lon: number }>(`SELECT store_id, lat, lon FROM stores ORDER BY store_id LIMIT 1`);
    for (const r of [3, 8, 15]) {
      const want = people.filter((p) => {
        const z = p.zip ? zipcodes.lookup(p.zip) : undefined;
        return z && z.country === 'US' && miles(z, { latitude: store!.lat, longitude: store!.lon }) <= r;
      }).length;
      const view = await storeView(s.requireDb(), store!.store_id, r);
      expect(view.responders, `${r} miles`).toBe(want);
      expect((await countSegment(s.requireDb(), view.rule)).people).toBe(want);
      expect(view.byAgeBand.reduce((a, b) => a + b.people, 0)).toBe(want);
      expect(view.redemption.atThisStore + view.redemption.elsewhereOnly + view.redemption.never).toBe(want);
      expect((await storeSummary(s.requireDb(), r)).find((x) => x.store_id === store!.store_id)!.responders).toBe(want);
    }
  });

  it('"within N miles of any store" is everyone within N miles of at least one store, as a reference finds them', async () => {
    const people = await s
      .requireDb()
      .rows<{ zip: string | null }>(
        `SELECT arg_max(e.zip, e.entered_at) FILTER (WHERE e.zip IS NOT NULL) AS zip FROM entries e JOIN entry_facts f USING (entry_id) GROUP BY entrant_id`,
      );
    const stores = await s
      .requireDb()
      .rows<{ store_id: string; lat: number | null; lon: number | null; zip: string | null }>(`SELECT store_id, lat, lon, zip FROM stores`);
    const centres = stores.flatMap((st) => {
      if (st.lat !== null && st.lon !== null) return [{ latitude: st.lat, longitude: st.lon }];
      const z = st.zip ? zipcodes.lookup(st.zip) : undefined;
      return z ? [z] : [];
    });
    expect(centres.length).toBeGreaterThan(1);
    for (const r of [2, 6]) {
      const want = people.filter((p) => {
        const z = p.zip ? zipcodes.lookup(p.zip) : undefined;
        return z && z.country === 'US' && centres.some((c) => miles(z, c) <= r);
      }).length;
      expect((await countSegment(s.requireDb(), { type: 'near', anyStore: true, miles: r })).people, `${r} miles`).toBe(want);
      // The same people as "within r miles of store 1, or of store 2, or …".
      const anyOf = { any: stores.map((st) => ({ type: 'near' as const, store: st.store_id, miles: r })) };
      expect((await countSegment(s.requireDb(), anyOf)).people).toBe(want);
    }
    await expect(countSegment(s.requireDb(), { type: 'near', anyStore: true, zip: '02134', miles: 3 })).rejects.toThrow(/one of/);
  });

  it('counts people with no usable zip instead of dropping them, and stores fall back to their zip centre', async () => {
    const byZip = await peopleByZip(s.requireDb());
    expect(byZip.zips.reduce((a, z) => a + z.people, 0) + byZip.noLocation).toBe(byZip.people);
    expect(byZip.noLocation).toBeGreaterThan(0);
    await s.requireDb().transaction(async (w) => {
      await w.run(`INSERT INTO stores (store_id, name, zip) VALUES ('SX', 'No coordinates', '02134'), ('SY', 'Nowhere', NULL)`);
    });
    const all = await storeSummary(s.requireDb(), 5);
    expect(all.find((x) => x.store_id === 'SX')).toMatchObject({ located: 'zip', lat: zipcodes.lookup('02134')!.latitude });
    expect(all.find((x) => x.store_id === 'SY')).toMatchObject({ located: null, responders: 0 });
    await expect(storeView(s.requireDb(), 'SY', 5)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/no location/),
    });
  });
});
