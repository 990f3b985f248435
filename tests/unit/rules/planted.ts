import { officialRules } from '../../../src-main/contract/rules';
import type { Session } from '../../../src-main/core/session';
import { csv, file, imp } from '../helpers/import';

export const E = ['entry_id', 'entered_at', 'channel', 'keyword', 'email', 'phone', 'zip', 'age'];

/**
 * A campaign with planted violations, each worked out by hand (docs/rules.md): March 2026, at most 2 entries
 * a day, 5 in all and 3 per keyword, 18 or older, living in MA, NY or NJ, two people excluded.
 */
export const RULES = officialRules.parse({
  entryPeriod: { start: '2026-03-01', end: '2026-03-31' },
  limits: { perDay: 2, perCampaign: 5, perKeyword: 3 },
  minAge: 18,
  eligibleStates: ['MA', 'ny', 'NJ'],
  excluded: [' EMP@acme.com ', '(617) 555-0150', 'typo@nowhere.com'],
});

/** The plan (MB1 by id, MB2 by keyword, spend with no buy), the spend and the entries of the planted campaign. */
export async function plantedCampaign(s: Session, dir: string): Promise<void> {
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
}
