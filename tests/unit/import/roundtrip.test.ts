import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASET_KINDS } from '../../../src-main/contract/types';
import { exportDemoCsv } from '../../../src-main/core/demo/exports';
import { rebuildFacts } from '../../../src-main/core/derived/facts';
import type { Session } from '../../../src-main/core/session';
import { demoSession } from '../helpers/demo';
import { emptySession, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();

/** What must survive the trip through the files, nothing lost and nothing altered. */
async function campaign(s: Session, shoeKey: string) {
  const db = s.requireDb();
  return {
    counts: (await s.info()).datasets,
    totals:
      await db.rows(`SELECT (SELECT sum(amount)::VARCHAR FROM spend) AS spend, (SELECT sum(impressions)::VARCHAR FROM spend) AS impressions,
        (SELECT sum(order_amount)::VARCHAR FROM redemptions) AS revenue, (SELECT sum(discount_amount)::VARCHAR FROM redemptions) AS discounts,
        (SELECT count(DISTINCT entrant_id) FROM entry_facts) AS entrants, (SELECT count(*) FROM entries WHERE zip LIKE '0%') AS zero_zips,
        (SELECT count(*) FILTER (WHERE sms_opt_in) FROM entries) AS sms_opt_ins, (SELECT count(*) FROM optouts WHERE channel = 'all') AS all_optouts`),
    byBuy: await db.rows(
      `SELECT f.media_buy_id, count(*) AS entries, count(DISTINCT f.entrant_id) AS entrants FROM entry_facts f GROUP BY 1 ORDER BY 1 NULLS LAST`,
    ),
    redemptionsByBuy: await db.rows(`SELECT media_buy_id, count(*) AS n FROM redemption_facts GROUP BY 1 ORDER BY 1 NULLS LAST`),
    sample: await db.rows(
      `SELECT entry_id, entered_at::VARCHAR AS t, channel, keyword, email, phone, zip, age, email_opt_in, sms_opt_in, coupon_code,
        json_extract_string(attrs, ?) AS shoe FROM entries ORDER BY entry_id LIMIT 50`,
      [`$."${shoeKey}"`],
    ),
  };
}

describe('the demo campaign through its raw exports', () => {
  let original: Session;
  let imported: Session;
  beforeAll(async () => {
    original = await demoSession(dir, 'original.duckdb', 20_000);
    const files = await exportDemoCsv(original.requireDb(), join(dir, 'exports'));
    imported = await emptySession(dir);
    expect(Object.keys(files).sort()).toEqual([...DATASET_KINDS].sort());
    for (const kind of DATASET_KINDS) {
      const r = await imp(imported, files[kind]!, kind);
      expect(r.rowsRejected, `${kind}: ${JSON.stringify(r.rejects.slice(0, 3))}`).toBe(0);
      expect(r.duplicatesSkipped, kind).toBe(0);
    }
  }, 120_000);
  afterAll(async () => {
    await original.close();
    await imported.close();
  });

  it('imports every row of every file and gives back the same campaign: counts, money, people, attribution', async () => {
    // A custom column keeps its header as its name ("Shoe Size"); the generator names it shoe_size.
    const a = await campaign(original, 'shoe_size');
    const b = await campaign(imported, 'Shoe Size');
    expect(b.counts).toEqual(a.counts);
    expect(b.totals).toEqual(a.totals);
    expect(b.byBuy).toEqual(a.byBuy);
    expect(b.redemptionsByBuy).toEqual(a.redemptionsByBuy);
    expect(b.sample).toEqual(a.sample);
    expect(a.sample.filter((x) => x.shoe !== null).length).toBeGreaterThan(40);
  });
});

describe('identity and attribution maintained as data arrives', () => {
  let original: Session;
  let pieces: Session;
  beforeAll(async () => {
    original = await demoSession(dir, 'original-pieces.duckdb', 12_000);
    const files = await exportDemoCsv(original.requireDb(), join(dir, 'exports-pieces'));
    pieces = await emptySession(dir);
    // Redemptions before the entries that issued their coupons, the entries in three interleaved
    // pieces (so later pieces join people seen in earlier ones), the plan last.
    await imp(pieces, files.redemptions!, 'redemptions');
    const [header, ...lines] = readFileSync(files.entries!, 'utf8').trimEnd().split('\n');
    for (const k of [0, 1, 2]) {
      const part = join(dir, `entries-part-${k}.csv`);
      writeFileSync(part, [header, ...lines.filter((_, i) => i % 3 === k)].join('\n') + '\n');
      await imp(pieces, part, 'entries');
    }
    await imp(pieces, files.media_buys!, 'media_buys');
  }, 120_000);
  afterAll(async () => {
    await original.close();
    await pieces.close();
  });

  const facts = (s: Session) =>
    Promise.all([
      s.requireDb().rows(`SELECT entry_id, entrant_id, media_buy_id, attributed_by FROM entry_facts ORDER BY entry_id`),
      s.requireDb().rows(`SELECT redemption_id, entry_id, entrant_id, media_buy_id FROM redemption_facts ORDER BY redemption_id`),
    ]);

  it('gives exactly the facts a rebuild from scratch gives', async () => {
    const [entries, redemptions] = await facts(pieces);
    expect(entries.length).toBe(12_000);
    expect(redemptions.filter((r) => r.entry_id !== null).length).toBeGreaterThan(500);
    await pieces.requireDb().transaction((w) => rebuildFacts(w));
    expect(await facts(pieces)).toEqual([entries, redemptions]);
  });

  it('finds the same people and the same media buys as the campaign they came from', async () => {
    const people = (s: Session) =>
      s.requireDb().rows(`SELECT string_agg(entry_id, ',' ORDER BY entry_id) AS g FROM entry_facts GROUP BY entrant_id ORDER BY g`);
    expect(await people(pieces)).toEqual(await people(original));
    const byBuy = (s: Session) =>
      s.requireDb().rows(`SELECT media_buy_id, count(*) AS n FROM entry_facts GROUP BY 1 ORDER BY 1 NULLS LAST`);
    expect(await byBuy(pieces)).toEqual(await byBuy(original));
  });
});
