import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoiGrouping } from '../../../src-main/contract/roi';
import type { DbClient } from '../../../src-main/core/db/client';
import { roiFilterValues } from '../../../src-main/core/roi/filter-values';
import { getRoi } from '../../../src-main/core/roi/metrics';
import type { Session } from '../../../src-main/core/session';
import { demoSession } from '../helpers/demo';
import { csv, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

/** The choices as the screen took them before: the keys of a whole ROI report by that grouping. */
async function reportKeys(db: DbClient, by: RoiGrouping): Promise<string[]> {
  const r = await getRoi(db, { by, filters: {} });
  return r.rows
    .map((x) => x.key)
    .filter((k): k is string => k !== null && !k.startsWith('('))
    .sort();
}

describe('the ROI filters’ choices', () => {
  const dir = tempDir('ace-roi-filters-');
  let s: Session;
  let db: DbClient;
  beforeAll(async () => {
    s = await demoSession(dir);
    db = s.requireDb();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('are the keys of ROI’s rows by media type, market and channel, on the demo and with odd plans and entries', async () => {
    const expected = async () => ({
      media_type: await reportKeys(db, 'media_type'),
      market: await reportKeys(db, 'market'),
      channel: await reportKeys(db, 'channel'),
    });
    expect(await roiFilterValues(db)).toEqual(await expected());
    // A buy with no entries (its type and market are choices), one without a market, a channel only its entries
    // have, and a channel only an unattributed entry has (not a choice: no ROI row by channel has it).
    await imp(
      s,
      file(
        dir,
        'plan.csv',
        csv([
          ['media_buy_id', 'media_type', 'market', 'keyword', 'cost'],
          ['MB-EMPTY', 'skywriting', 'Nowhere', 'EMPTYKW', '10.00'],
          ['MB-WOM', 'referral', '', 'WOMKW', '20.00'],
        ]),
      ),
      'media_buys',
    );
    await imp(
      s,
      file(
        dir,
        'more.csv',
        csv([
          ['entry_id', 'entered_at', 'channel', 'keyword', 'email'],
          ['W1', '2026-04-02 10:00', 'word of mouth', 'WOMKW', 'wom1@example.com'],
          ['F1', '2026-04-02 11:00', 'fax', '', 'fax1@example.com'],
        ]),
      ),
      'entries',
    );
    const values = await roiFilterValues(db);
    expect(values).toEqual(await expected());
    expect(values.media_type).toEqual(expect.arrayContaining(['skywriting', 'referral']));
    expect(values.market).toContain('Nowhere');
    expect(values.channel).toContain('word of mouth');
    expect(values.channel).not.toContain('fax');
  });
});
