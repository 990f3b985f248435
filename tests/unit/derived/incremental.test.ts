import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient, Writer } from '../../../src-main/core/db/client';
import { buildPeople, ensurePeople, peopleParts, peopleSelect, valueSets } from '../../../src-main/core/derived/people';
import { ensurePivotTable } from '../../../src-main/core/derived/pivot-table';
import { importFile } from '../../../src-main/core/import/importer';
import type { Session } from '../../../src-main/core/session';
import { csv, emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

/**
 * Differential test of the incremental derived tables (#20 "ready after an import"): after each kind of
 * import the flat table, the cube and the people table are refreshed for what changed, and must equal,
 * row for row, the same tables built from scratch over the same data.
 */
const dir = tempDir();

// Lists are sets: compared sorted (list(DISTINCT) has no order of its own).
const PEOPLE_NORMAL = `SELECT * REPLACE (list_sort(channels) AS channels, list_sort(keywords) AS keywords, list_sort(media_buys) AS media_buys,
  list_sort(media_types) AS media_types, list_sort(stores) AS stores) FROM segment_people`;
const TABLES = {
  pivot_entries: 'SELECT * FROM pivot_entries',
  pivot_cube: 'SELECT * FROM pivot_cube',
  pivot_rollup: 'SELECT * FROM pivot_rollup',
  pivot_sample: 'SELECT * FROM pivot_sample',
  segment_people: PEOPLE_NORMAL,
};

async function exists(db: DbClient, table: string): Promise<boolean> {
  const [r] = await db.rows<{ n: string }>(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = ? AND NOT temporary`, [table]);
  return Number(r!.n) > 0;
}

/** The derived tables as the import left them, then as a rebuild makes them: the rows only one side has. */
async function differences(
  db: DbClient,
): Promise<Record<string, { kept: boolean; onlyIncremental: number; onlyRebuilt: number; rows: number }>> {
  const kept: Record<string, boolean> = {};
  for (const t of Object.keys(TABLES)) kept[t] = await exists(db, t);
  await db.transaction(async (w) => {
    for (const [t, sql] of Object.entries(TABLES)) {
      await w.run(`CREATE OR REPLACE TABLE inc_${t} AS ${sql}`);
      await w.run(`DROP TABLE ${t}`);
    }
  });
  await ensurePivotTable(db);
  await ensurePeople(db);
  const out: Record<string, { kept: boolean; onlyIncremental: number; onlyRebuilt: number; rows: number }> = {};
  for (const [t, sql] of Object.entries(TABLES)) {
    const [r] = await db.rows<{ a: string; b: string; n: string }>(
      `SELECT (SELECT count(*) FROM (SELECT * FROM inc_${t} EXCEPT ALL ${sql})) AS a,
              (SELECT count(*) FROM (${sql} EXCEPT ALL SELECT * FROM inc_${t})) AS b, (SELECT count(*) FROM ${t}) AS n`,
    );
    out[t] = { kept: kept[t]!, onlyIncremental: Number(r!.a), onlyRebuilt: Number(r!.b), rows: Number(r!.n) };
    await db.transaction((w) => w.run(`DROP TABLE inc_${t}`));
  }
  return out;
}

function expectSame(d: Awaited<ReturnType<typeof differences>>) {
  for (const [t, x] of Object.entries(d)) {
    expect(x.kept, `${t} was refreshed, not dropped`).toBe(true);
    expect({ t, onlyIncremental: x.onlyIncremental, onlyRebuilt: x.onlyRebuilt }).toEqual({ t, onlyIncremental: 0, onlyRebuilt: 0 });
    expect(x.rows).toBeGreaterThan(0);
  }
}

describe('derived tables follow each import incrementally and equal a rebuild', () => {
  let s: Session;
  let db: DbClient;
  beforeAll(async () => {
    s = await emptySession(dir);
    await s.generateDemo({ entries: 3000, seed: 20 });
    db = s.requireDb();
    await ensurePivotTable(db);
    await ensurePeople(db);
  });
  afterAll(() => s.close());

  it('entries that join two people, add new ones, and take over a redeemed coupon', async () => {
    // Two people who entered before, each with an email and a phone; one redeemed coupon and its issuer.
    const people = await db.rows<{ email: string; phone: string }>(
      `SELECT any_value(email) AS email, any_value(phone) AS phone FROM entries WHERE email IS NOT NULL AND phone IS NOT NULL
       GROUP BY email HAVING count(*) = 1 ORDER BY email LIMIT 2`,
    );
    const [coupon] = await db.rows<{ code: string }>(`SELECT min(coupon_code) AS code FROM redemptions WHERE coupon_code IS NOT NULL`);
    expect(people).toHaveLength(2);
    const path = file(
      dir,
      'entries.csv',
      csv([
        ['entry_id', 'entered_at', 'channel', 'email', 'phone', 'zip', 'age', 'coupon_code'],
        // Joins the two people: the first one's email with the second one's phone.
        ['A-join', '2026-05-01 10:00:01', 'web', people[0]!.email, people[1]!.phone, '02139', '41', ''],
        // Someone new, twice.
        ['A-new-1', '2026-05-01 10:00:02', 'sms', '', '+16175550199', '10001', '29', ''],
        ['A-new-2', '2026-05-02 11:00:00', 'web', 'new.person@example.com', '+16175550199', '10001', '30', ''],
        // Issued a coupon already redeemed, with an id that sorts first: the redemption moves to it.
        ['A-coupon', '2026-05-03 09:00:00', 'web', 'coupon.taker@example.com', '', '60601', '55', coupon!.code],
        // Two alike but for their age; the younger one's coupon is redeemed next (its cube combination loses its minimum age).
        ['A-pair-1', '2026-05-04 10:00:00', 'web', 'pair1@example.com', '', '60601', '41', 'PAIRCOUPON1'],
        ['A-pair-2', '2026-05-04 11:00:00', 'web', 'pair2@example.com', '', '60601', '44', ''],
      ]),
    );
    const r = await imp(s, path, 'entries');
    expect(r.rowsImported).toBe(6);
    expectSame(await differences(db));
    // The join happened: both people are one now, in every table.
    const [n] = await db.rows<{ n: string }>(
      `SELECT count(DISTINCT entrant) AS n FROM pivot_entries WHERE entry_key IN (SELECT ace_row_key(import_id, line) FROM entries
       WHERE email IN (?, ?) OR phone IN (?, ?))`,
      [people[0]!.email, people[1]!.email, people[0]!.phone, people[1]!.phone],
    );
    expect(Number(n!.n)).toBe(1);
  });

  it('redemptions of existing coupons', async () => {
    const codes = await db.rows<{ code: string }>(
      `SELECT coupon_code AS code FROM entries WHERE coupon_code IS NOT NULL AND coupon_code NOT IN (SELECT coupon_code FROM redemptions WHERE coupon_code IS NOT NULL) ORDER BY coupon_code LIMIT 3`,
    );
    expect(codes).toHaveLength(3);
    const path = file(
      dir,
      'redemptions.csv',
      csv([
        ['redemption_id', 'redeemed_at', 'coupon_code', 'store_id', 'order_amount', 'discount_amount'],
        ...[...codes.map((c) => c.code), 'PAIRCOUPON1'].map((code, i) => [
          `R-new-${i}`,
          '2026-05-10 12:00:00',
          code,
          'S001',
          `${20 + i}.15`,
          '5.00',
        ]),
      ]),
    );
    expect((await imp(s, path, 'redemptions')).rowsImported).toBe(4);
    // The pair's unredeemed combination now holds only the older one: its minimum age is theirs.
    const pair = `SELECT c.age_min, c.n FROM pivot_cube c JOIN pivot_entries p ON p.channel = c.channel AND p.state = c.state
      AND p.week = c.week AND p.age_band = c.age_band AND p.media_buy_id IS NULL AND c.media_buy_id IS NULL AND NOT c.redeemed AND NOT p.redeemed
      AND p.entry_key IN (SELECT ace_row_key(import_id, line) FROM entries WHERE entry_id = 'A-pair-2')`;
    expect((await db.rows<{ age_min: number }>(pair)).map((x) => Number(x.age_min))).toContain(44);
    expectSame(await differences(db));
  });

  it('contacts and opt-outs change people (consent, attributes) and nothing else', async () => {
    const [p] = await db.rows<{ email: string; phone: string }>(
      `SELECT email, phone FROM segment_people WHERE reachable_email AND phone IS NOT NULL ORDER BY entrant LIMIT 1`,
    );
    const contacts = file(
      dir,
      'contacts.csv',
      csv([
        ['email', 'phone', 'sms_opt_in', 'loyalty_tier'],
        [p!.email, '', 'yes', 'gold'],
        ['', p!.phone, 'yes', 'silver'],
      ]),
    );
    await imp(s, contacts, 'contacts');
    expectSame(await differences(db));
    const optouts = file(
      dir,
      'optouts.csv',
      csv([
        ['channel', 'address', 'opted_out_at'],
        ['email', p!.email, '2030-01-01 00:00:00'],
      ]),
    );
    await imp(s, optouts, 'optouts');
    const [after] = await db.rows<{ reachable: boolean }>(`SELECT reachable_email AS reachable FROM segment_people WHERE email = ?`, [
      p!.email,
    ]);
    expect(after!.reachable).toBe(false);
    expectSame(await differences(db));
  });

  it('real exports nobody here wrote, kind recognised: a Twilio log (entries and opt-outs in one file), Klaviyo profiles, Shopify orders', async () => {
    for (const name of ['twilio-messages.csv', 'klaviyo-profiles.csv', 'shopify-orders.csv']) {
      const r = await importFile(db, { path: fileURLToPath(new URL(`../../fixtures/exports/${name}`, import.meta.url)) });
      expect(r.rowsImported + (r.also ?? []).reduce((n, x) => n + x.rowsImported, 0), name).toBeGreaterThan(0);
      expectSame(await differences(db));
    }
  });

  it('the people table built in parts (as at 10M entries, within the memory limit) equals the one built whole', async () => {
    expect([1_000_000, 10_000_000, 50_000_000].map((n) => peopleParts(n, 1280))).toEqual([1, 4, 20]);
    expect([1_000_000, 10_000_000, 50_000_000].map((n) => peopleParts(n, 1536))).toEqual([1, 4, 17]);
    expect(peopleParts(10_000_000, 12288)).toBe(1);
    const whole = await db.transaction(async (w) => {
      await w.run(`DROP TABLE segment_people`);
      await buildPeople(w, 1);
      return w.run<Record<string, unknown>>(`SELECT * FROM segment_people ORDER BY entrant`);
    });
    const parts = await db.transaction(async (w) => {
      await w.run(`DROP TABLE segment_people`);
      await buildPeople(w, 3);
      return w.run<Record<string, unknown>>(`SELECT * FROM segment_people ORDER BY entrant`);
    });
    expect(whole.length).toBeGreaterThan(1000);
    // Row for row, lists included in the same order (they are sorted as they are built).
    expect(parts).toEqual(whole);
    // Each part holds people: the parts split them rather than one doing all the work.
    const [split] = await db.rows<{ parts: string }>(`SELECT count(DISTINCT entrant % 3) AS parts FROM segment_people`);
    expect(Number(split!.parts)).toBe(3);
  });

  it("the build keeps the people's sets of values as bitmasks, equal to the lists: a quote in a value, more values than a mask holds", async () => {
    // 70 keywords (more than a 64-bit mask: that column keeps its lists) over seven people, a channel with a quote.
    const path = file(
      dir,
      'keywords.csv',
      csv([
        ['entry_id', 'entered_at', 'channel', 'keyword', 'email'],
        ...Array.from({ length: 70 }, (_, i) => [
          `KW${i}`,
          '2026-04-02 10:00',
          i % 2 ? "word of mouth's" : 'web',
          `KW${i}`,
          `kw${i % 7}@example.com`,
        ]),
      ]),
    );
    await imp(s, path, 'entries');
    const built = (build: (w: Writer) => Promise<unknown>) =>
      db.transaction(async (w) => {
        await w.run(`DROP TABLE IF EXISTS segment_people`);
        await build(w);
        return w.run<Record<string, unknown>>(`SELECT * FROM segment_people ORDER BY entrant`);
      });
    const sets = await db.transaction((w) => valueSets(w));
    expect(sets.channel).toContain("word of mouth's");
    expect(sets.keyword!.length).toBeGreaterThan(64);
    const lists = await built((w) => w.run(`CREATE TABLE segment_people AS ${peopleSelect()}`));
    const masks = await built((w) => buildPeople(w, 2));
    expect(lists.filter((p) => (p.keywords as string[] | null)?.length === 10)).toHaveLength(7);
    expect(lists.some((p) => (p.channels as string[] | null)?.includes("word of mouth's"))).toBe(true);
    expect(masks).toEqual(lists);
  });

  it('a new media plan re-attributes everything: the tables are built again when next needed', async () => {
    const path = file(
      dir,
      'plan.csv',
      csv([
        ['media_buy_id', 'media_type', 'market', 'keyword', 'cost'],
        ['MB-NEW', 'radio', 'Boston', 'NEWKW', '100.00'],
      ]),
    );
    await imp(s, path, 'media_buys');
    expect(await exists(db, 'pivot_entries')).toBe(false);
    expect(await exists(db, 'segment_people')).toBe(false);
  });
});
