import type { StoreSummary, StoreView, ZipPoint } from '../../contract/geo';
import type { PivotFilter } from '../../contract/pivot';
import { filtersSql } from '../pivot/query';
import { relationSql } from '../pivot/fields';
import { ensurePivotReady } from '../pivot/ready';
import { ensureReferenceTables } from './reference';
import type { DbClient } from '../db/client';
import { AceError } from '../lib/errors';
import { Params } from '../lib/params';
import { haversineMiles } from './distance';
import { ensurePeople } from '../derived/people';

/**
 * Geography over people (segment_people: each entrant at their zip's centre) and stores (their own
 * lat/lon, else their zip's centre). A person whose zip is unknown or not a US zip has no position:
 * counted as "no location", never dropped from totals.
 */
const STORE_POS = `(SELECT s.store_id, s.name, s.zip, s.market, coalesce(s.lat, z.lat) AS lat, coalesce(s.lon, z.lon) AS lon,
    CASE WHEN s.lat IS NOT NULL AND s.lon IS NOT NULL THEN 'store' WHEN z.lat IS NOT NULL THEN 'zip' END AS located
  FROM stores s LEFT JOIN zip_centroids z ON z.zip = s.zip)`;

/** Rough box first (cheap), exact great-circle distance second: `at` (with lat, lon) within `miles` of the store `st`. */
const within = (miles: string, at = 'pp') => `${at}.lat BETWEEN st.lat - ${miles} / 69.0 AND st.lat + ${miles} / 69.0
  AND ${haversineMiles(`${at}.lat`, `${at}.lon`, 'st.lat', 'st.lon')} <= ${miles}`;

/**
 * The people the map counts: everyone, or (with Explore's filters) those with at least one entry
 * matching them — the same filters, over the same flat table, as Explore.
 */
export async function peopleRelation(db: DbClient, filters: PivotFilter[], p: Params): Promise<string> {
  if (filters.length === 0) return 'segment_people';
  await ensurePivotReady(db, filters);
  const f = filtersSql(filters, p);
  return `(SELECT * FROM segment_people WHERE entrant IN (SELECT p.entrant FROM ${relationSql()} WHERE ${f.where}))`;
}

/** People per zip with its centre, for the map; plus how many have no usable location. */
export async function peopleByZip(db: DbClient): Promise<{ zips: ZipPoint[]; noLocation: number; people: number }> {
  await ensurePeople(db);
  // The map's reference tables (states, counties, zip places) arrive with its first use.
  await ensureReferenceTables(db);
  const zips = await db.rows<Record<string, unknown>>(
    `SELECT zip, any_value(lat) AS lat, any_value(lon) AS lon, count(*) AS people, count(*) FILTER (WHERE redemptions > 0) AS redeemers,
            sum(redemption_amount)::DOUBLE AS revenue
     FROM segment_people WHERE lat IS NOT NULL GROUP BY zip ORDER BY people DESC, zip`,
  );
  const [t] = await db.rows<{ people: unknown; nowhere: unknown }>(
    `SELECT count(*) AS people, count(*) FILTER (WHERE lat IS NULL) AS nowhere FROM segment_people`,
  );
  return {
    zips: zips.map((z) => ({
      zip: String(z.zip),
      lat: Number(z.lat),
      lon: Number(z.lon),
      people: Number(z.people),
      redeemers: Number(z.redeemers),
      revenue: Number(z.revenue),
    })),
    noLocation: Number(t!.nowhere),
    people: Number(t!.people),
  };
}

/**
 * Each store (or only `storeId`): responders within `miles`, how many of them redeemed anywhere, and
 * the store's own redemptions. People stand at their zip's centre, so they are counted per position
 * first and the stores meet a few thousand positions instead of millions of people.
 */
export async function storeSummary(db: DbClient, miles: number, filters: PivotFilter[] = [], storeId?: string): Promise<StoreSummary[]> {
  await ensurePeople(db);
  const p = new Params();
  const m = p.add(miles);
  const people = await peopleRelation(db, filters, p);
  const only = storeId === undefined ? '' : `WHERE store_id = ${p.add(storeId)}`;
  const rows = await db.rows<Record<string, unknown>>(
    `WITH st AS (SELECT * FROM ${STORE_POS} ${only}),
     pp AS (SELECT lat, lon, count(*) AS people, count(*) FILTER (WHERE redemptions > 0) AS redeemers
            FROM ${people} x WHERE lat IS NOT NULL GROUP BY lat, lon),
     near AS (SELECT st.store_id, sum(pp.people) AS responders, sum(pp.redeemers) AS redeemers
              FROM st JOIN pp ON ${within(m)} GROUP BY st.store_id),
     sales AS (SELECT store_id, count(*) AS redemptions, sum(order_amount)::DOUBLE AS revenue FROM redemptions ${only} GROUP BY store_id)
     SELECT st.*, coalesce(near.responders, 0) AS responders, coalesce(near.redeemers, 0) AS redeemers,
            coalesce(sales.redemptions, 0) AS redemptions, coalesce(sales.revenue, 0) AS revenue
     FROM st LEFT JOIN near USING (store_id) LEFT JOIN sales USING (store_id) ORDER BY responders DESC, st.store_id`,
    p.values,
  );
  return rows.map((r) => ({
    store_id: String(r.store_id),
    name: (r.name as string | null) ?? null,
    zip: (r.zip as string | null) ?? null,
    market: (r.market as string | null) ?? null,
    lat: r.lat === null ? null : Number(r.lat),
    lon: r.lon === null ? null : Number(r.lon),
    located: (r.located as StoreSummary['located']) ?? null,
    responders: Number(r.responders),
    redeemers: Number(r.redeemers),
    redemptions: Number(r.redemptions),
    revenue: Number(r.revenue),
  }));
}

export async function storeView(db: DbClient, storeId: string, miles: number, filters: PivotFilter[] = []): Promise<StoreView> {
  const store = (await storeSummary(db, miles, filters, storeId)).find((s) => s.store_id === storeId);
  if (!store) throw new AceError('NOT_FOUND', `There is no store ${storeId}.`);
  if (store.lat === null)
    throw new AceError('BAD_INPUT', `Store ${storeId} has no location: neither lat/lon nor a known zip code. Import its lat/lon or zip.`);
  const p = new Params();
  const m = p.add(miles);
  const sid = p.add(storeId);
  const people = await peopleRelation(db, filters, p);
  // People stand at their zip's centre: the zips within the radius pick them (a few zips, not millions of distances).
  const members = `(SELECT pp.* FROM ${people} pp WHERE pp.zip IN (SELECT zc.zip FROM ${STORE_POS} st JOIN zip_centroids zc ON ${within(m, 'zc')} WHERE st.store_id = ${sid}))`;
  const counts = (expr: string) =>
    db.rows<{ value: string | null; people: unknown }>(
      `SELECT value, count(*) AS people FROM (SELECT ${expr}::VARCHAR AS value FROM ${members} pp) GROUP BY value ORDER BY people DESC, value NULLS LAST`,
      p.values,
    );
  const band = `CASE WHEN pp.age IS NULL THEN NULL WHEN pp.age < 25 THEN 'under 25' WHEN pp.age < 35 THEN '25-34' WHEN pp.age < 45 THEN '35-44' WHEN pp.age < 55 THEN '45-54' WHEN pp.age < 65 THEN '55-64' ELSE '65+' END`;
  const [ages, aff, tf, ch, red] = await Promise.all([
    counts(band),
    counts('pp.product_affinity'),
    counts('pp.purchase_timeframe'),
    counts(`unnest(CASE WHEN len(pp.channels) = 0 THEN [NULL::VARCHAR] ELSE pp.channels END)`),
    db.rows<{ here: unknown; elsewhere: unknown; never: unknown }>(
      `SELECT count(*) FILTER (WHERE list_contains(pp.stores, ${sid})) AS here,
              count(*) FILTER (WHERE pp.redemptions > 0 AND NOT list_contains(pp.stores, ${sid})) AS elsewhere,
              count(*) FILTER (WHERE pp.redemptions = 0) AS never FROM ${members} pp`,
      p.values,
    ),
  ]);
  const toCounts = (rows: { value: string | null; people: unknown }[]) => rows.map((r) => ({ value: r.value, people: Number(r.people) }));
  const r = red[0]!;
  const redemption = { atThisStore: Number(r.here), elsewhereOnly: Number(r.elsewhere), never: Number(r.never) };
  return {
    store,
    miles,
    responders: redemption.atThisStore + redemption.elsewhereOnly + redemption.never,
    byAgeBand: toCounts(ages),
    byAffinity: toCounts(aff),
    byTimeframe: toCounts(tf),
    byChannel: toCounts(ch),
    redemption,
    rule: filters.length
      ? {
          all: [
            { type: 'near', store: storeId, miles },
            { type: 'entries', filters },
          ],
        }
      : { type: 'near', store: storeId, miles },
  };
}
