import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoiGrouping, RoiResult } from '../../../src-main/contract/roi';
import { getRoi } from '../../../src-main/core/roi/metrics';
import type { Scope } from '../../../src-main/core/roi/scope';
import type { Session } from '../../../src-main/core/session';
import { demoSession } from '../helpers/demo';
import { tempDir } from '../helpers/tmp';

/**
 * Without a date range, ROI reads an entry's redemptions from the flat table's per-entry sums, and the redemptions
 * no coupon matches apart (roi/scope.ts: redemptionsByEntry). A date range that holds every row takes the other way
 * (each redemption joined to its entry, by its own date): both must give every figure of every row and the total.
 */
const dir = tempDir('ace-roi-by-entry-');
let s: Session;
beforeAll(async () => {
  s = await demoSession(dir, 'by-entry.duckdb', 6000);
}, 120_000);
afterAll(() => s.close());

const EVERYTHING = { from: '1900-01-01', to: '2999-12-31' };
/** What two answers say, the notes aside (the date range is said in them). */
const figures = (r: RoiResult) => ({ by: r.by, rows: r.rows, total: r.total });

describe('ROI from the entries’ own redemptions equals ROI joining every redemption', () => {
  const groupings: RoiGrouping[] = ['media_buy', 'keyword', 'media_type', 'market', 'channel'];

  it('every grouping, with no filter: the demo has unattributed entries and unmatched coupons', async () => {
    const db = s.requireDb();
    const plain = await getRoi(db, { by: 'media_buy', filters: {} });
    // The demo covers both parts of the redemptions: those of entries, and those no coupon matches.
    expect(plain.total.redemptions).toBeGreaterThan(0);
    expect(plain.notes.join(' ')).toMatch(/coupons? match(es)? no entry/);
    expect(plain.rows.find((r) => r.key === null)?.redemptions).toBeGreaterThan(0);
    for (const by of groupings) {
      const fast = await getRoi(db, { by, filters: {} });
      const joined = await getRoi(db, { by, filters: {}, ...EVERYTHING });
      expect(figures(fast), by).toEqual(figures(joined));
    }
  });

  it('filters on the plan and on channels, empty ones included, and the options', async () => {
    const db = s.requireDb();
    const buys = (await getRoi(db, { by: 'media_buy', filters: {} })).rows.flatMap((r) => (r.key ? [r.key] : []));
    const scopes: Scope['filters'][] = [
      { media_buy: buys.slice(0, 2) },
      { media_buy: [] },
      { channel: ['sms'] },
      { channel: ['(not set)', 'web'] },
      { channel: [] },
      { media_buy: buys.slice(1, 4), channel: ['sms', 'web'] },
    ];
    for (const filters of scopes)
      for (const by of ['media_buy', 'channel'] as const) {
        const options = { marginPct: 35, lastTouchDays: 14 };
        const fast = await getRoi(db, { by, filters, options });
        const joined = await getRoi(db, { by, filters, options, ...EVERYTHING });
        expect(figures(fast), `${by} ${JSON.stringify(filters)}`).toEqual(figures(joined));
      }
  });
});
