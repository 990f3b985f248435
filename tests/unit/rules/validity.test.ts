import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officialRules } from '../../../src-main/contract/rules';
import { getRules, saveRules } from '../../../src-main/core/rules/store';
import { validitySummary } from '../../../src-main/core/rules/validity';
import type { Session } from '../../../src-main/core/session';
import { csv, emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
const E = ['entry_id', 'entered_at', 'channel', 'keyword', 'email', 'phone', 'zip', 'age'];

/**
 * A campaign with planted violations, each worked out by hand (docs/rules.md): March 2026, at most 2 entries
 * a day, 5 in all and 3 per keyword, 18 or older, living in MA, NY or NJ, two people excluded.
 */
const RULES = officialRules.parse({
  entryPeriod: { start: '2026-03-01', end: '2026-03-31' },
  limits: { perDay: 2, perCampaign: 5, perKeyword: 3 },
  minAge: 18,
  eligibleStates: ['MA', 'ny', 'NJ'],
  excluded: [' EMP@acme.com ', '(617) 555-0150', 'typo@nowhere.com'],
});

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
    await imp(
      s,
      file(
        dir,
        'plan.csv',
        csv([
          ['media_buy_id', 'name', 'keyword'],
          ['MB1', 'Shoes print', 'SHOES5'],
          ['MB2', 'Radio', 'RADIO7'],
        ]),
      ),
      'media_buys',
    );
    await imp(
      s,
      file(
        dir,
        'spend.csv',
        csv([
          ['date', 'media_buy_id', 'keyword', 'amount'],
          ['2026-03-01', 'MB1', '', '100.00'],
          ['2026-03-01', '', 'RADIO7', '50.00'],
          ['2026-03-01', '', 'ZZZ', '10.00'],
        ]),
      ),
      'spend',
    );
    await imp(
      s,
      file(
        dir,
        'entries.csv',
        csv([
          E,
          ['A1', '2026-02-28 23:59', 'sms', 'SHOES5', '', '+16175550101', '02134', '30'],
          ['A2', '2026-03-01 09:00', 'sms', 'SHOES5', '', '+16175550101', '02134', '30'],
          ['A3', '2026-03-01 10:00', 'web', 'RADIO7', 'ann@example.com', '+16175550101', '02134', '30'],
          ['A4', '2026-03-01 11:00', 'sms', 'SHOES5', '', '+16175550101', '', ''],
          ['A5', '2026-03-02 09:00', 'sms', 'SHOES5', '', '+16175550101', '', ''],
          ['A8', '2026-03-03 09:00', 'sms', 'SHOES5', '', '+16175550101', '', ''],
          ['A6', '2026-03-31 23:59:59', 'web', 'RADIO7', 'ann@example.com', '', '', ''],
          ['A7', '2026-04-01 00:00', 'web', 'RADIO7', 'ann@example.com', '', '', ''],
          ['B1', '2026-03-05 12:00', 'web', 'RADIO7', 'bo@example.com', '', '10001', '17'],
          ['C1', '2026-03-06 12:00', 'web', 'SHOES5', 'cy@example.com', '', '90210', '40'],
          ['D1', '2026-03-07 12:00', 'web', 'RADIO7', 'dee@example.com', '', '', ''],
          ['E1', '2026-03-08 12:00', 'web', 'SHOES5', 'emp@acme.com', '', '02134', '50'],
          ['F1', '2026-03-09 12:00', 'sms', 'SHOES5', '', '+16175550150', '07030', '35'],
          ['G1', '2026-03-10 12:00', 'web', 'SHOES5', 'gus@example.com', '', '02134', '22'],
          ['G2', '2026-03-11 12:00', 'web', 'SHOES5', 'gus@example.com', '', '02134', '22'],
          ['G3', '2026-03-12 12:00', 'web', 'SHOES5', 'gus@example.com', '', '02134', '22'],
          ['G4', '2026-03-13 12:00', 'web', 'SHOES5', 'gus@example.com', '', '02134', '22'],
        ]),
      ),
      'entries',
    );
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
