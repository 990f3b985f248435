import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASET_KINDS } from '../../../src-main/contract/types';
import { exportDemoCsv } from '../../../src-main/core/demo/exports';
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
    totals: await db.rows(`SELECT (SELECT sum(amount)::VARCHAR FROM spend) AS spend, (SELECT sum(impressions)::VARCHAR FROM spend) AS impressions,
        (SELECT sum(order_amount)::VARCHAR FROM redemptions) AS revenue, (SELECT sum(discount_amount)::VARCHAR FROM redemptions) AS discounts,
        (SELECT count(DISTINCT entrant_id) FROM entry_facts) AS entrants, (SELECT count(*) FROM entries WHERE zip LIKE '0%') AS zero_zips,
        (SELECT count(*) FILTER (WHERE sms_opt_in) FROM entries) AS sms_opt_ins, (SELECT count(*) FROM optouts WHERE channel = 'all') AS all_optouts`),
    byBuy: await db.rows(`SELECT f.media_buy_id, count(*) AS entries, count(DISTINCT f.entrant_id) AS entrants FROM entry_facts f GROUP BY 1 ORDER BY 1 NULLS LAST`),
    redemptionsByBuy: await db.rows(`SELECT media_buy_id, count(*) AS n FROM redemption_facts GROUP BY 1 ORDER BY 1 NULLS LAST`),
    sample: await db.rows(`SELECT entry_id, entered_at::VARCHAR AS t, channel, keyword, email, phone, zip, age, email_opt_in, sms_opt_in, coupon_code,
        json_extract_string(attrs, ?) AS shoe FROM entries ORDER BY entry_id LIMIT 50`, [`$."${shoeKey}"`]),
  };
}

describe('the demo campaign through its raw exports', () => {
  let original: Session;
  let imported: Session;
  beforeAll(async () => {
    original = await demoSession(dir, 'original.duckdb', 20_000);
    const files = await exportDemoCsv(original.requireDb(), join(dir, 'exports'));
    imported = await emptySession(dir);
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
