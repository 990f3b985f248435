import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../../src-main/core/session';
import { outcomes } from '../../src-main/core/outcomes/results';
import { tempDir } from './helpers/tmp';
import { builtWorkerUrl } from './helpers/worker';

const dir = tempDir();
const ENTRIES = 6000;

async function demo(name: string, seed: number): Promise<Session> {
  const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
  await s.open(join(dir, name), { create: true });
  await s.generateDemo({ entries: ENTRIES, seed });
  return s;
}

/** An order-independent fingerprint of every dataset table. */
async function fingerprint(s: Session): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of ['media_buys', 'spend', 'entries', 'redemptions', 'stores', 'contacts', 'optouts', 'message_events', 'push_contacts']) {
    const row = await s
      .requireDb()
      .one<{ f: string }>(`SELECT bit_xor(hash(t::VARCHAR))::VARCHAR || ':' || count(*)::VARCHAR AS f FROM ${t} t`);
    out[t] = row!.f;
  }
  return out;
}

describe('demo campaign', () => {
  let a: Session;
  beforeAll(async () => {
    a = await demo('a.duckdb', 7);
  });

  it('is deterministic: the same seed gives the same data, another seed other data', async () => {
    const b = await demo('b.duckdb', 7);
    const c = await demo('c.duckdb', 8);
    const fa = await fingerprint(a);
    expect(await fingerprint(b)).toEqual(fa);
    const fc = await fingerprint(c);
    expect(fc.entries).not.toEqual(fa.entries);
    expect(fc.media_buys).toEqual(fa.media_buys); // the media plan is the same story
    await b.close();
    await c.close();
  });

  it('follows the story: ~15 media buys of several types across at least 5 markets, each with a keyword', async () => {
    const db = a.requireDb();
    const r = (await db.one<
      Record<string, string>
    >(`SELECT count(*) n, count(DISTINCT media_type) AS n_types, count(DISTINCT market) FILTER (WHERE market <> 'National') markets,
        count(DISTINCT keyword) keywords FROM media_buys`))!;
    expect(Number(r.n)).toBeGreaterThanOrEqual(15);
    expect(Number(r.n_types)).toBeGreaterThanOrEqual(5);
    expect(Number(r.markets)).toBeGreaterThanOrEqual(5);
    expect(Number(r.keywords)).toBe(Number(r.n));
    const info = await a.info();
    expect(info.datasets.find((d) => d.kind === 'entries')!.rows).toBe(ENTRIES);
    expect(info.isDemo).toBe(true);
    expect(info.dateRange).toEqual({ from: '2026-03-02', to: expect.stringMatching(/^2026-05-/) });
  });

  it('has entries that follow spend: weekly spend per buy, and a paid buy that drew nobody', async () => {
    const db = a.requireDb();
    const weekly = await db.rows<{ dow: number }>(`SELECT DISTINCT isodow(date)::INTEGER AS dow FROM spend`);
    expect(weekly).toEqual([{ dow: 1 }]);
    const dud = (await db.one<Record<string, string>>(`SELECT (SELECT sum(amount) FROM spend WHERE media_buy_id = 'MB16') AS spend,
        (SELECT count(*) FROM entries WHERE keyword = 'KOAWIN' OR source = 'KOAWIN' OR media_buy_id = 'MB16') AS entries`))!;
    expect(Number(dud.spend)).toBeGreaterThan(0);
    expect(Number(dud.entries)).toBe(0);
    // Big-efficiency buys draw more entries per dollar than weak ones.
    const perDollar = await db.rows<{ k: string; r: number }>(`
      WITH n AS (SELECT b.media_buy_id, b.keyword AS k, count(e.entry_id) AS entries
                 FROM media_buys b LEFT JOIN entries e ON e.keyword = b.keyword OR e.source = b.keyword
                 WHERE b.keyword IN ('Z100', 'TSQ') GROUP BY ALL)
      SELECT k, entries / (SELECT sum(amount) FROM spend s WHERE s.media_buy_id = n.media_buy_id)::DOUBLE AS r FROM n ORDER BY 1`);
    expect(perDollar[0]!.k).toBe('TSQ');
    expect(perDollar[0]!.r).toBeLessThan(perDollar[1]!.r);
  });

  it('has usable, realistic entries: email or phone on each, real zips as text, unique coupons', async () => {
    const db = a.requireDb();
    const r = (await db.one<Record<string, string>>(`SELECT
        count(*) FILTER (WHERE email IS NULL AND phone IS NULL) AS no_contact,
        count(*) FILTER (WHERE zip IS NOT NULL AND NOT regexp_full_match(zip, '[0-9]{5}')) AS bad_zip,
        count(*) FILTER (WHERE zip LIKE '0%') AS leading_zero_zips,
        count(*) - count(DISTINCT coupon_code) AS dup_coupons,
        count(*) FILTER (WHERE phone IS NOT NULL AND NOT regexp_full_match(phone, '\\+1[0-9]{10}')) AS bad_phone,
        count(*) FILTER (WHERE email IS NOT NULL AND email NOT LIKE '%@example.%') AS unsafe_email,
        count(DISTINCT channel) AS channels, count(DISTINCT product_affinity) AS affinities
      FROM entries`))!;
    expect(Number(r.no_contact)).toBe(0);
    expect(Number(r.bad_zip)).toBe(0);
    expect(Number(r.leading_zero_zips)).toBeGreaterThan(0); // Boston zips start with 0 and stay text
    expect(Number(r.dup_coupons)).toBe(0);
    expect(Number(r.bad_phone)).toBe(0);
    expect(Number(r.unsafe_email)).toBe(0);
    expect(Number(r.channels)).toBeGreaterThanOrEqual(4);
    expect(Number(r.affinities)).toBe(6);
  });

  it('has the overlaps that make identity resolution matter: a phone seen on SMS entries and on web entries with an email', async () => {
    const db = a.requireDb();
    const r = (await db.one<{ n: string }>(`
      SELECT count(DISTINCT s.phone) AS n FROM entries s JOIN entries w ON w.phone = s.phone
      WHERE s.channel = 'sms' AND w.channel = 'web' AND w.email IS NOT NULL`))!;
    expect(Number(r.n)).toBeGreaterThan(10);
  });

  it('has redemptions of issued coupons at stores in those markets, some unattributed, and opt-outs', async () => {
    const db = a.requireDb();
    const r = (await db.one<Record<string, string>>(`SELECT
        count(*) AS n,
        count(*) FILTER (WHERE coupon_code NOT IN (SELECT coupon_code FROM entries)) AS unmatched,
        count(*) FILTER (WHERE store_id NOT IN (SELECT store_id FROM stores)) AS unknown_store,
        count(*) FILTER (WHERE order_amount <= 0 OR discount_amount > order_amount) AS bad_amount
      FROM redemptions`))!;
    expect(Number(r.n)).toBeGreaterThan(ENTRIES * 0.08);
    expect(Number(r.unmatched)).toBeGreaterThan(0);
    expect(Number(r.unmatched)).toBeLessThan(Number(r.n) * 0.05);
    expect(Number(r.unknown_store)).toBe(0);
    expect(Number(r.bad_amount)).toBe(0);
    const o = await db.rows<{ channel: string }>(`SELECT DISTINCT channel FROM optouts ORDER BY 1`);
    expect(o.map((x) => x.channel)).toEqual(['all', 'email', 'sms']);
  });

  it('will not generate into a workspace that already has data', async () => {
    await expect(a.generateDemo({ entries: 10, seed: 1 })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('has a past push with a holdout, the service’s events and a lift the results can see', async () => {
    const r = await outcomes(a.requireDb(), { windowDays: 14 });
    expect(r.pushes).toHaveLength(1);
    const p = r.pushes[0]!;
    expect(p.lift).not.toBeNull();
    const eligible = p.sent + p.lift!.heldOut.people;
    expect(p.lift!.heldOut.people).toBe(Math.round(eligible * 0.2));
    // Every sent message was delivered or bounced; opens and clicks follow; every event ties to the push.
    expect(p.events.delivered + p.events.bounced).toBe(p.sent);
    expect(p.events.opened).toBeGreaterThan(p.events.clicked);
    expect(r.unlinkedEvents).toBe(0);
    expect(p.linked.byAddress).toBeGreaterThan(0);
    // Recipients redeem more than the held-out: the generated true effect.
    expect(p.lift!.rateDiff!.estimate).toBeGreaterThan(0);
  });
});
