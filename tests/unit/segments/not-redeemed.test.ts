import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countSegment, previewSegment } from '../../../src-main/core/segments/run';
import type { Session } from '../../../src-main/core/session';
import { csv, emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();

/**
 * "Entered, not redeemed after N days" at its edges: the first entry at least N days before the latest
 * entry of anyone, and no redemption within N days of it (a redemption at exactly N days counts as
 * within). Hand-made people, one per case.
 */
describe('the not-redeemed-within rule at its boundaries', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
    // Day 0 is 2026-03-01 10:00:00; the latest entry (D) is day 20, so the cut-off for a first entry is day 6.
    await imp(
      s,
      file(
        dir,
        'entries.csv',
        csv([
          ['entry_id', 'entered_at', 'email', 'coupon_code'],
          ['a', '2026-03-01 10:00:00', 'a@x.com', 'CA'],
          ['b', '2026-03-01 10:00:00', 'b@x.com', 'CB'],
          ['c', '2026-03-01 10:00:00', 'c@x.com', 'CC'],
          ['d', '2026-03-21 10:00:00', 'd@x.com', 'CD'],
          ['e', '2026-03-01 10:00:00', 'e@x.com', 'CE'],
          ['f', '2026-03-07 10:00:00', 'f@x.com', 'CF'],
          ['g', '2026-03-07 10:00:01', 'g@x.com', 'CG'],
        ]),
      ),
      'entries',
    );
    await imp(
      s,
      file(
        dir,
        'redemptions.csv',
        csv([
          ['redemption_id', 'redeemed_at', 'coupon_code', 'order_amount'],
          // A: exactly 14 days after entering (within); B: one second later (after); E: on day 3 (within).
          ['ra', '2026-03-15 10:00:00', 'CA', '10.00'],
          ['rb', '2026-03-15 10:00:01', 'CB', '10.00'],
          ['re', '2026-03-04 10:00:00', 'CE', '10.00'],
        ]),
      ),
      'redemptions',
    );
  });
  afterAll(() => s.close());

  it('keeps who redeemed only after 14 days or never, among those who entered 14+ days before the latest entry', async () => {
    const rule = { type: 'not_redeemed_within' as const, days: 14 };
    // B (redeemed a second too late), C (never), F (entered exactly 14 days before the latest entry, never).
    // Not A (exactly 14 days), D (entered too recently), E (redeemed on day 3), G (a second too recent).
    expect((await countSegment(s.requireDb(), rule)).people).toBe(3);
    const members = await previewSegment(s.requireDb(), rule, 10);
    expect(members.map((m) => m.email).sort()).toEqual(['b@x.com', 'c@x.com', 'f@x.com']);
  });
});
