import type { MarketPoint, ZipMeasures } from '../../contract/geo';
import type { PivotFilter } from '../../contract/pivot';
import type { DbClient } from '../db/client';
import { Params } from '../lib/params';
import { filtersSql } from '../pivot/query';
import { relationSql } from '../pivot/fields';
import { ensurePivotTable } from '../derived/pivot-table';
import { getRoi } from '../roi/metrics';
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
  await ensurePivotTable(db);
  const roi = await getRoi(db, { by: 'media_buy', filters: {} });
  const cpe = roi.rows.filter((r) => r.key !== null && r.entries > 0).map((r) => [r.key!, r.spend / r.entries] as const);
  const p = new Params();
  const f = filtersSql(filters, p);
  const costs = cpe.length
    ? `(VALUES ${cpe.map(([k, v]) => `(${p.add(k)}, ${p.add(v)}::DOUBLE)`).join(', ')}) c(media_buy_id, cpe)`
    : `(SELECT NULL::VARCHAR AS media_buy_id, 0::DOUBLE AS cpe WHERE false)`;
  const rows = await db.rows<Record<string, unknown>>(
    `WITH e AS (SELECT p.zip, p.entrant, coalesce(p.rr_n, 0) AS rr_n, coalesce(p.rr_revenue, 0) AS revenue, coalesce(c.cpe, 0) AS cost
                FROM ${relationSql()} LEFT JOIN ${costs} ON c.media_buy_id = p.media_buy_id WHERE ${f.where})
     SELECT e.zip, z.lat, z.lon, count(*) AS entries, count(DISTINCT e.entrant) AS people,
            count(DISTINCT e.entrant) FILTER (WHERE e.rr_n > 0) AS redeemers, sum(e.revenue)::DOUBLE AS revenue, sum(e.cost)::DOUBLE AS cost
     FROM e LEFT JOIN zip_centroids z ON z.zip = e.zip GROUP BY e.zip, z.lat, z.lon ORDER BY entries DESC, e.zip`,
    p.values,
  );
  const located = rows.filter((r) => r.lat !== null);
  const nowhere = rows.filter((r) => r.lat === null);
  const p2 = new Params();
  const f2 = filtersSql(filters, p2);
  const [t] = await db.rows<{ entries: unknown; people: unknown; people_nowhere: unknown }>(
    `SELECT count(*) AS entries, count(DISTINCT p.entrant) AS people,
            count(DISTINCT p.entrant) FILTER (WHERE p.zip IS NULL OR p.zip NOT IN (SELECT zip FROM zip_centroids)) AS people_nowhere
     FROM ${relationSql()} WHERE ${f2.where}`,
    p2.values,
  );
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
    noLocation: { entries: nowhere.reduce((s, r) => s + Number(r.entries), 0), people: Number(t!.people_nowhere) },
    total: { entries: Number(t!.entries), people: Number(t!.people) },
  };
}

/**
 * Cost per entry by market, as the ROI screen shows it (ROI grouped by market), placed at the
 * centre of the market's stores, else of its people.
 */
export async function marketPoints(db: DbClient): Promise<MarketPoint[]> {
  await ensurePeople(db);
  const roi = await getRoi(db, { by: 'market', filters: {} });
  const places = await db.rows<{ market: string; lat: number; lon: number }>(
    `WITH s AS (SELECT s.market, avg(coalesce(s.lat, z.lat)) AS lat, avg(coalesce(s.lon, z.lon)) AS lon FROM stores s LEFT JOIN zip_centroids z ON z.zip = s.zip WHERE s.market IS NOT NULL GROUP BY s.market),
          pp AS (SELECT market, avg(lat) AS lat, avg(lon) AS lon FROM segment_people WHERE market IS NOT NULL AND lat IS NOT NULL GROUP BY market)
     SELECT coalesce(s.market, pp.market) AS market, coalesce(s.lat, pp.lat) AS lat, coalesce(s.lon, pp.lon) AS lon FROM s FULL JOIN pp ON pp.market = s.market`,
  );
  const at = new Map(places.filter((x) => x.lat !== null).map((x) => [x.market, x]));
  return roi.rows
    .filter((r) => r.key !== null && at.has(r.key))
    .map((r) => ({
      market: r.key!,
      lat: Number(at.get(r.key!)!.lat),
      lon: Number(at.get(r.key!)!.lon),
      spend: r.spend,
      entries: r.entries,
      costPerEntry: r.cost_per_entry,
      roas: r.roas,
    }));
}
