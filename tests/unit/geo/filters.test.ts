import zipcodes from 'zipcodes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PivotFilter } from '../../../src-main/contract/pivot';
import { marketPoints, zipMeasures } from '../../../src-main/core/geo/measures';
import { storeSummary, storeView } from '../../../src-main/core/geo/stores';
import { pivotCount } from '../../../src-main/core/pivot/run';
import { getRoi, planTotals } from '../../../src-main/core/roi/metrics';
import { countSegment } from '../../../src-main/core/segments/run';
import type { Session } from '../../../src-main/core/session';
import { demoSession } from '../helpers/demo';
import { tempDir } from '../helpers/tmp';

/** The map under Explore's filters, and its colour measures, against references computed here. */
const dir = tempDir('ace-geo-filters-');
let s: Session;
const sms: PivotFilter[] = [{ field: 'channel', op: 'in', values: ['sms'] }];

beforeAll(async () => {
  s = await demoSession(dir, 'g.duckdb', 4000);
}, 60_000);
afterAll(() => s.close());

describe('map measures by zip', () => {
  it('without filters: every entry is in a zip or counted as having no location; totals are the workspace’s', async () => {
    const m = await zipMeasures(s.requireDb(), []);
    const [t] = await s.requireDb().rows<{ n: unknown }>(`SELECT count(*) AS n FROM entries`);
    expect(m.total.entries).toBe(Number(t!.n));
    expect(m.zips.reduce((a, z) => a + z.entries, 0) + m.noLocation.entries).toBe(m.total.entries);
    expect(m.noLocation.entries).toBeGreaterThan(0);
  });

  it('with a filter: the entries are the ones Explore counts, per zip as an independent query finds them', async () => {
    const m = await zipMeasures(s.requireDb(), sms);
    expect(m.total.entries).toBe((await pivotCount(s.requireDb(), { filters: sms })).entries);
    const ref = await s.requireDb().rows<{ zip: string; n: unknown; people: unknown }>(
      `SELECT e.zip, count(*) AS n, count(DISTINCT f.entrant) AS people FROM entries e JOIN entry_facts_t f ON f.entry_key = ace_row_key(e.import_id, e.line)
       WHERE e.channel = 'sms' AND e.zip IN (SELECT zip FROM zip_centroids) GROUP BY e.zip`,
    );
    const got = new Map(m.zips.map((z) => [z.zip, z]));
    expect(got.size).toBe(ref.length);
    for (const r of ref) {
      expect(got.get(r.zip)!.entries, r.zip).toBe(Number(r.n));
      expect(got.get(r.zip)!.people, r.zip).toBe(Number(r.people));
      expect(got.get(r.zip)!.lat).toBeCloseTo(zipcodes.lookup(r.zip)!.latitude, 4);
    }
  });

  it('cost by zip is each entry’s media buy cost per entry (as ROI computes it), summed', async () => {
    const roi = await getRoi(s.requireDb(), { by: 'media_buy', filters: {} });
    const cpe = new Map(roi.rows.filter((r) => r.key && r.entries > 0).map((r) => [r.key!, r.spend / r.entries]));
    const entries = await s
      .requireDb()
      .rows<{ zip: string; media_buy_id: string | null }>(
        `SELECT e.zip, f.media_buy_id FROM entries e JOIN entry_facts_t f ON f.entry_key = ace_row_key(e.import_id, e.line) WHERE e.zip IN (SELECT zip FROM zip_centroids)`,
      );
    const ref = new Map<string, number>();
    for (const e of entries) ref.set(e.zip, (ref.get(e.zip) ?? 0) + (e.media_buy_id ? (cpe.get(e.media_buy_id) ?? 0) : 0));
    const m = await zipMeasures(s.requireDb(), []);
    for (const z of m.zips.slice(0, 40)) expect(z.cost, z.zip).toBeCloseTo(ref.get(z.zip)!, 6);
  });

  it('markets carry the ROI screen’s spend, entries, cost per entry and ROAS (without its distinct counts)', async () => {
    const byMarket = await getRoi(s.requireDb(), { by: 'market', filters: {} });
    const pts = await marketPoints(s.requireDb());
    expect(pts.length).toBeGreaterThan(1);
    for (const p of pts) {
      const row = byMarket.rows.find((r) => r.key === p.market)!;
      expect(p.spend).toBe(row.spend);
      expect(p.entries).toBe(row.entries);
      expect(p.costPerEntry!).toBeCloseTo(row.cost_per_entry!, 10);
      expect(p.roas!).toBeCloseTo(row.roas!, 10);
      expect(p.lat).toBeGreaterThan(18);
    }
    // The same shortcut by media buy (the Map's cost per entry), revenue included, to the cent.
    const byBuy = await getRoi(s.requireDb(), { by: 'media_buy', filters: {} });
    const totals = await planTotals(s.requireDb(), 'media_buy');
    expect(totals.length).toBe(byBuy.rows.filter((r) => r.key !== null && (r.entries > 0 || r.spend > 0)).length);
    for (const t of totals) {
      const row = byBuy.rows.find((r) => r.key === t.key)!;
      expect([t.spend, t.entries, t.revenue]).toEqual([row.spend, row.entries, row.revenue]);
    }
  });
});

describe('stores under filters', () => {
  it('responders within R are the people with a matching entry; the store view’s rule counts the same', async () => {
    const all = await storeSummary(s.requireDb(), 15);
    const filtered = await storeSummary(s.requireDb(), 15, sms);
    const busiest = [...all].sort((a, b) => b.responders - a.responders)[0]!;
    const f = filtered.find((x) => x.store_id === busiest.store_id)!;
    expect(f.responders).toBeLessThan(busiest.responders);
    const view = await storeView(s.requireDb(), busiest.store_id, 15, sms);
    expect(view.responders).toBe(f.responders);
    expect((await countSegment(s.requireDb(), view.rule)).people).toBe(f.responders);
    // Independent: people within 15 miles of the store with at least one SMS entry.
    const [ref] = await s.requireDb().rows<{ n: unknown }>(
      `SELECT count(*) AS n FROM segment_people pp, (SELECT coalesce(s.lat, z.lat) AS lat, coalesce(s.lon, z.lon) AS lon FROM stores s LEFT JOIN zip_centroids z ON z.zip = s.zip WHERE s.store_id = $1) st
       WHERE pp.lat IS NOT NULL AND 2 * 3958.8 * asin(sqrt(pow(sin(radians(pp.lat - st.lat) / 2), 2) + cos(radians(st.lat)) * cos(radians(pp.lat)) * pow(sin(radians(pp.lon - st.lon) / 2), 2))) <= 15
         AND pp.entrant IN (SELECT f.entrant FROM entries e JOIN entry_facts_t f ON f.entry_key = ace_row_key(e.import_id, e.line) WHERE e.channel = 'sms')`,
      [busiest.store_id],
    );
    expect(f.responders).toBe(Number(ref!.n));
  });
});
