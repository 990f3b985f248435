import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officialRules } from '../../../src-main/contract/rules';
import { getRules, saveRules } from '../../../src-main/core/rules/store';
import { validitySummary } from '../../../src-main/core/rules/validity';
import type { Session } from '../../../src-main/core/session';
import { csv, emptySession, file, imp } from '../helpers/import';
import { E, plantedCampaign, RULES } from './planted';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
describe('official rules: every entry valid or invalid with its reasons', () => {
  let s: Session;
  const entryReasons = async () =>
    Object.fromEntries(
      (
        await s
          .requireDb()
          .rows<{ id: string; reasons: string[] }>(
            `SELECT e.entry_id AS id, v.reasons FROM entry_validity v JOIN entries e ON ace_row_key(e.import_id, e.line) = v.entry_key ORDER BY 1`,
          )
      ).map((r) => [r.id, [...r.reasons]]),
    );
  beforeAll(async () => {
    s = await emptySession(dir);
    await plantedCampaign(s, dir);
  });
  afterAll(() => s.close());

  it('with no rules saved every entry is valid', async () => {
    expect((await getRules(s.requireDb())).version).toBe(0);
    expect(await validitySummary(s.requireDb())).toMatchObject({
      rulesVersion: 0,
      entries: 17,
      validEntries: 17,
      entrants: 7,
      validEntrants: 7,
    });
  });

  it('each planted violation is found with its reason; the earliest entries are the ones within a limit', async () => {
    const saved = await saveRules(s.requireDb(), RULES);
    expect(saved).toMatchObject({ version: 1, rules: { eligibleStates: ['MA', 'NY', 'NJ'] } });
    const v = await validitySummary(s.requireDb());
    expect(v).toMatchObject({ rulesVersion: 1, entries: 17, validEntries: 7, entrants: 7, validEntrants: 3 });
    expect(v.invalidBy).toEqual({ outside_period: 2, over_limit: 4, under_age: 1, ineligible_state: 1, excluded: 2, fraud: 0 });
    expect(await entryReasons()).toEqual({
      A1: ['outside_period'],
      A2: [],
      A3: [],
      A4: ['over_limit'], // the third of 1 March (2 a day)
      A5: [],
      A6: ['over_limit'], // the sixth in the period (5 in all)
      A7: ['outside_period'], // 1 April 00:00: the period ended with 31 March
      A8: ['over_limit'], // the fourth SHOES5 text (3 per keyword)
      B1: ['under_age'],
      C1: ['ineligible_state'],
      D1: [], // no age, no zip: not known to break a rule, counted below
      E1: ['excluded'],
      F1: ['excluded'],
      G1: [],
      G2: [],
      G3: [],
      G4: ['over_limit'],
    });
    expect(v).toMatchObject({ unknownAge: 1, unknownState: 1, unmatchedExclusions: ['typo@nowhere.com'] });
  });

  it('per media buy: valid entries and the cost per valid entry; spend reconciles to the cent', async () => {
    const v = await validitySummary(s.requireDb());
    expect(v.byMediaBuy).toEqual([
      {
        mediaBuyId: 'MB1',
        name: 'Shoes print',
        entries: 12,
        validEntries: 5,
        entrants: 5,
        validEntrants: 2,
        spend: 100,
        costPerValidEntry: 20,
      },
      { mediaBuyId: 'MB2', name: 'Radio', entries: 5, validEntries: 2, entrants: 3, validEntrants: 2, spend: 50, costPerValidEntry: 25 },
      { mediaBuyId: null, name: null, entries: 0, validEntries: 0, entrants: 0, validEntrants: 0, spend: 10, costPerValidEntry: null },
    ]);
    expect(v.byMediaBuy.reduce((a, b) => a + b.entries, 0)).toBe(v.entries);
    expect(v.byMediaBuy.reduce((a, b) => a + b.spend, 0)).toBe(160);
  });

  it('an import of entries is weighed at once: a fifth SHOES5 entry from Gus is over the limit', async () => {
    await imp(
      s,
      file(dir, 'more.csv', csv([E, ['G5', '2026-03-14 12:00', 'web', 'SHOES5', 'gus@example.com', '', '02134', '22']])),
      'entries',
    );
    const v = await validitySummary(s.requireDb());
    expect(v).toMatchObject({ entries: 18, validEntries: 7, invalidBy: { over_limit: 5 } });
    expect((await entryReasons()).G5).toEqual(['over_limit']);
  });

  it('an end given to the minute includes that whole minute', async () => {
    await saveRules(s.requireDb(), officialRules.parse({ entryPeriod: { start: '2026-03-01 00:00', end: '2026-03-31 23:59' } }));
    const v = await validitySummary(s.requireDb());
    // A6 at 23:59:59 on 31 March is in; A7 at 00:00 on 1 April and A1 in February are out.
    expect(v.invalidBy.outside_period).toBe(2);
    expect((await entryReasons()).A6).toEqual([]);
  });

  it('rules that cannot be right are refused with the reason', () => {
    const bad = officialRules.safeParse({ entryPeriod: { start: '2026-04-01', end: '2026-03-01' } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toBe('The entry period ends before it starts.');
    expect(officialRules.safeParse({ eligibleStates: ['Massachusetts'] }).success).toBe(false);
    expect(officialRules.safeParse({ entryPeriod: { start: '2026-02-30', end: '2026-03-01' } }).success).toBe(false);
  });
});
