import type { MarketPoint, ZipMeasures } from '../../contract/geo';
import type { PivotFilter } from '../../contract/pivot';
import type { DbClient } from '../db/client';
import { Params } from '../lib/params';
import { filtersSql } from '../pivot/query';
import { relationSql } from '../pivot/fields';
import { ensurePivotReady } from '../pivot/ready';
import { planTotals } from '../roi/metrics';
import { ensurePeople } from '../derived/people';

/**
 * What the map colours by, per zip, over the entries matching Explore's filters (each entry at its own
 * zip's centre): entries, people, redeemers, revenue, and spend allocated to the entry (its media
 * buy's spend / its media buy's entries, as ROI computes them) — so cost per entry by zip adds up to
 * the ROI figures. Entries whose zip has no known centre are counted apart, never dropped.
 */
export async function zipMeasures(
  db: DbClient,
  filters: PivotFilter[],
): Promise<{ zips: ZipMeasures[]; noLocation: { entries: number; people: number }; total: { entries: number; people: number } }> {
  await ensurePeople(db);
  await ensurePivotReady(db, filters);
  const cpe = (await planTotals(db, 'media_buy')).flatMap((t) => (t.costPerEntry === null ? [] : [[t.key, t.costPerEntry] as const]));
  const p = new Params();
  const f = filtersSql(filters, p);
  const costs = cpe.length
    ? `(VALUES ${cpe.map(([k, v]) => `(${p.add(k)}, ${p.add(v)}::DOUBLE)`).join(', ')}) c(media_buy_id, cpe)`
    : `(SELECT NULL::VARCHAR AS media_buy_id, 0::DOUBLE AS cpe WHERE false)`;
  // One pass: each (zip, person) pair with its entries, whether it redeemed, revenue and cost; per zip
  // and the totals are then counts over the pairs (four distinct counts over every entry took 3x longer).
  const all = await db.rows<Record<string, unknown>>(
    `WITH e AS (SELECT p.zip, p.entrant, coalesce(p.rr_n, 0) AS rr_n, coalesce(p.rr_revenue, 0) AS revenue, coalesce(c.cpe, 0) AS cost
                FROM ${relationSql()} LEFT JOIN ${costs} ON c.media_buy_id = p.media_buy_id WHERE ${f.where}),
     pairs AS MATERIALIZED (SELECT zip, entrant, count(*) AS n, bool_or(rr_n > 0) AS red, sum(revenue) AS revenue, sum(cost) AS cost
                            FROM e GROUP BY zip, entrant),
     located AS (SELECT zip, (zip IS NOT NULL AND zip IN (SELECT zip FROM zip_centroids)) AS here FROM (SELECT DISTINCT zip FROM pairs))
     SELECT 'zip' AS part, pr.zip, z.lat, z.lon, sum(pr.n) AS entries, count(*) AS people, count(*) FILTER (WHERE pr.red) AS redeemers,
            sum(pr.revenue)::DOUBLE AS revenue, sum(pr.cost)::DOUBLE AS cost, NULL::BIGINT AS people_nowhere
     FROM pairs pr LEFT JOIN zip_centroids z ON z.zip = pr.zip GROUP BY pr.zip, z.lat, z.lon
     UNION ALL
     SELECT 'total', NULL, NULL, NULL, sum(pr.n), count(DISTINCT pr.entrant), NULL, NULL, NULL,
            count(DISTINCT pr.entrant) FILTER (WHERE NOT l.here)
     FROM pairs pr JOIN located l ON l.zip IS NOT DISTINCT FROM pr.zip`,
    p.values,
  );
  const rows = all
    .filter((r) => r.part === 'zip')
    .sort((a, b) => Number(b.entries) - Number(a.entries) || String(a.zip ?? '').localeCompare(String(b.zip ?? '')));
  const t = all.find((r) => r.part === 'total')!;
  const located = rows.filter((r) => r.lat !== null);
  const nowhere = rows.filter((r) => r.lat === null);
  return {
    zips: located.map((r) => ({
      zip: String(r.zip),
      lat: Number(r.lat),
      lon: Number(r.lon),
      entries: Number(r.entries),
      people: Number(r.people),
      redeemers: Number(r.redeemers),
      revenue: Number(r.revenue),
      cost: Number(r.cost),
    })),
    noLocation: { entries: nowhere.reduce((s, r) => s + Number(r.entries), 0), people: Number(t.people_nowhere ?? 0) },
    total: { entries: Number(t.entries ?? 0), people: Number(t.people) },
  };
}

/**
 * Cost per entry by market, as the ROI screen shows it (ROI grouped by market), placed at the
 * centre of the market's stores, else of its people.
 */
export async function marketPoints(db: DbClient): Promise<MarketPoint[]> {
  await ensurePeople(db);
  const totals = await planTotals(db, 'market');
  const places = await db.rows<{ market: string; lat: number; lon: number }>(
    `WITH s AS (SELECT s.market, avg(coalesce(s.lat, z.lat)) AS lat, avg(coalesce(s.lon, z.lon)) AS lon FROM stores s LEFT JOIN zip_centroids z ON z.zip = s.zip WHERE s.market IS NOT NULL GROUP BY s.market),
          pp AS (SELECT market, avg(lat) AS lat, avg(lon) AS lon FROM segment_people WHERE market IS NOT NULL AND lat IS NOT NULL GROUP BY market)
     SELECT coalesce(s.market, pp.market) AS market, coalesce(s.lat, pp.lat) AS lat, coalesce(s.lon, pp.lon) AS lon FROM s FULL JOIN pp ON pp.market = s.market`,
  );
  const at = new Map(places.filter((x) => x.lat !== null).map((x) => [x.market, x]));
  return totals
    .filter((r) => at.has(r.key))
    .map((r) => ({
      market: r.key,
      lat: Number(at.get(r.key)!.lat),
      lon: Number(at.get(r.key)!.lon),
      spend: r.spend,
      entries: r.entries,
      costPerEntry: r.costPerEntry,
      roas: r.roas,
    }));
}
