import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoiRow } from '../../../src-main/contract/roi';
import { getRoi } from '../../../src-main/core/roi/metrics';
import type { Session } from '../../../src-main/core/session';
import { tempDir } from '../helpers/tmp';
import { roiFixture } from './fixture';

const dir = tempDir();
const all = { filters: {} };

/** The hand-computed figures of the fixture; ratios follow DOMAIN.md (null for a zero denominator). */
function expected(
  key: string | null,
  label: string,
  spend: number,
  entries: number,
  unique_entrants: number,
  redemptions: number,
  revenue: number,
  discounts: number,
  redeemers: number,
): RoiRow {
  return {
    key,
    label,
    spend,
    entries,
    unique_entrants,
    redemptions,
    revenue,
    discounts,
    redeemers,
    cost_per_entry: entries ? spend / entries : null,
    cost_per_redemption: redemptions ? spend / redemptions : null,
    redemption_rate: entries ? redemptions / entries : null,
    roas: spend ? revenue / spend : null,
    roi: spend ? (revenue - spend) / spend : null,
  };
}

/** Ratios compared to 9 significant digits; everything else exactly. */
function close(actual: RoiRow[], want: RoiRow[]) {
  const round = (r: RoiRow) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, typeof v === 'number' && !Number.isInteger(v * 100) ? Number(v.toPrecision(9)) : v]),
    );
  expect(actual.map(round)).toEqual(want.map(round));
}

describe('ROI per media buy on a hand-computed campaign', () => {
  let s: Session;
  beforeAll(async () => {
    s = await roiFixture(dir);
  }, 60_000);
  afterAll(() => s.close());

  it('gives every metric of every media buy, the unattributed row and the total, exactly', async () => {
    const r = await getRoi(s.requireDb(), { by: 'media_buy', ...all });
    close(r.rows, [
      expected('MB2', 'Z100 radio', 2000, 2, 2, 1, 80, 8, 1),
      // keyword "globe" and " Glo be " and source GLOBE; e1 and e3 share a phone: 2 people; C1 redeemed twice
      expected('MB1', 'Globe print', 1500.5, 3, 2, 3, 170.25, 17, 1),
      // spend and no entries: cost per entry undefined, ROAS 0, ROI -100%
      expected('MB3', 'Idle billboard', 300, 0, 0, 0, 0, 0, 0),
      // entries and no spend: cost per entry 0, ROAS undefined
      expected('MB4', 'Free web', 0, 1, 1, 0, 0, 0, 0),
      // spend on keyword NOPE, the entry with keyword WINNER, coupon ZZZ and the WINNER entry's coupon
      expected(null, '(unattributed)', 99.99, 1, 1, 2, 70, 7, 1),
    ]);
    close([r.total], [expected(null, 'Total', 3900.49, 7, 6, 6, 320.25, 32, 3)]);
    expect(r.rows.find((x) => x.key === 'MB3')).toMatchObject({
      cost_per_entry: null,
      cost_per_redemption: null,
      redemption_rate: null,
      roas: 0,
      roi: -1,
    });
    expect(r.rows.find((x) => x.key === 'MB4')).toMatchObject({ cost_per_entry: 0, roas: null, roi: null });
  });

  it('says how many redemptions match no entry (Explore does not count them; ROI does, as unattributed)', async () => {
    const r = await getRoi(s.requireDb(), { by: 'media_buy', ...all });
    // Coupon ZZZ matches no entry.
    expect(r.notes).toContain(
      '1 redemption’s coupon matches no entry: counted here in the (unattributed) row and the total, but not in Explore, which counts the redemptions of entries.',
    );
  });

  it('groups by media type and market with every plan value, and the rows add up to the total', async () => {
    const byType = await getRoi(s.requireDb(), { by: 'media_type', ...all });
    expect(byType.rows.map((r) => [r.key, r.spend, r.entries])).toEqual([
      ['radio', 2000, 2],
      ['print', 1500.5, 3],
      ['billboard', 300, 0],
      ['web', 0, 1],
      [null, 99.99, 1],
    ]);
    const byMarket = await getRoi(s.requireDb(), { by: 'market', ...all });
    close(byMarket.rows, [
      expected('New York', 'New York', 2000, 3, 3, 1, 80, 8, 1),
      expected('Boston', 'Boston', 1800.5, 3, 2, 3, 170.25, 17, 1),
      expected(null, '(unattributed)', 99.99, 1, 1, 2, 70, 7, 1),
    ]);
    for (const by of ['media_buy', 'keyword', 'media_type', 'market', 'channel', 'week'] as const) {
      const r = await getRoi(s.requireDb(), { by, ...all });
      const cents = (f: (x: RoiRow) => number) => r.rows.reduce((a, x) => a + Math.round(f(x) * 100), 0);
      expect(
        cents((x) => x.spend),
        by,
      ).toBe(Math.round(r.total.spend * 100));
      expect(
        cents((x) => x.revenue),
        by,
      ).toBe(Math.round(r.total.revenue * 100));
      expect(
        r.rows.reduce((a, x) => a + x.entries, 0),
        by,
      ).toBe(r.total.entries);
      expect(
        r.rows.reduce((a, x) => a + x.redemptions, 0),
        by,
      ).toBe(r.total.redemptions);
      expect(r.total).toMatchObject({ spend: 3900.49, entries: 7, redemptions: 6, revenue: 320.25 });
    }
  });

  it('splits spend across channels by entries, to the cent, and says so', async () => {
    const r = await getRoi(s.requireDb(), { by: 'channel', ...all });
    // MB1: 2 of its 3 entries by SMS: $1,000.00 -> 666.67 + 333.33, $500.50 -> 333.67 + 166.83; MB2 half and half.
    expect(r.rows.map((x) => [x.key, x.spend, x.entries, x.redemptions, x.revenue])).toEqual([
      ['sms', 2000.34, 4, 2, 150.25],
      ['web', 1500.16, 2, 2, 100],
      ['(no entries)', 300, 0, 0, 0],
      [null, 99.99, 1, 2, 70],
    ]);
    expect(r.notes.join(' ')).toMatch(/split across/);
    const smsOnly = await getRoi(s.requireDb(), { by: 'media_buy', filters: { channel: ['sms'] } });
    expect(smsOnly.total).toMatchObject({ spend: 2000.34, entries: 5, redemptions: 3 });
  });

  it('takes a date range by each row’s own date, and a week grouping keeps every row in its week', async () => {
    const r = await getRoi(s.requireDb(), { by: 'media_buy', from: '2026-03-05', to: '2026-03-09', filters: {} });
    expect(r.rows.map((x) => [x.key, x.spend, x.entries, x.redemptions])).toEqual([
      ['MB1', 500.5, 0, 0],
      ['MB2', 0, 2, 0],
      ['MB4', 0, 1, 0],
      ['MB3', 0, 0, 0],
      [null, 0, 1, 0],
    ]);
    expect(r.total).toMatchObject({ spend: 500.5, entries: 4, redemptions: 0 });
    const weeks = await getRoi(s.requireDb(), { by: 'week', ...all });
    expect(weeks.rows.map((x) => [x.key, x.spend, x.entries, x.redemptions])).toEqual([
      ['2026-03-02', 3300, 7, 0],
      ['2026-03-09', 500.5, 0, 6],
      ['2026-03-16', 99.99, 0, 0],
    ]);
    // A week is named by its Monday.
    expect(weeks.rows.map((x) => x.label)).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
  });

  it('filters by the plan: only what those media buys own', async () => {
    const r = await getRoi(s.requireDb(), { by: 'media_buy', filters: { market: ['Boston'] } });
    expect(r.rows.map((x) => x.key)).toEqual(['MB1', 'MB3']);
    expect(r.total).toMatchObject({ spend: 1800.5, entries: 3, unique_entrants: 2, redemptions: 3, revenue: 170.25 });
    expect(r.notes.join(' ')).toMatch(/left out/);
    // Values are bound, never spliced into SQL.
    const hostile = await getRoi(s.requireDb(), {
      by: 'media_buy',
      filters: { market: ["Boston') OR (1=1", "'; DROP TABLE entries; --"], channel: ["sms' OR 'a'='a"] },
    });
    expect(hostile.rows).toEqual([]);
    expect((await getRoi(s.requireDb(), { by: 'media_buy', ...all })).total.entries).toBe(7);
    const none = await getRoi(s.requireDb(), { by: 'media_buy', filters: { media_type: [] } });
    expect(none.rows).toEqual([]);
    expect(none.total).toMatchObject({ spend: 0, entries: 0, cost_per_entry: null, roas: null });
  });

  it('options sit beside the default figures and never change them', async () => {
    const plain = await getRoi(s.requireDb(), { by: 'media_buy', ...all });
    const r = await getRoi(s.requireDb(), { by: 'media_buy', filters: {}, options: { marginPct: 40, lastTouchDays: 30 } });
    const mb1 = r.rows.find((x) => x.key === 'MB1')!;
    expect(mb1.gross_profit).toBe(68.1);
    expect(mb1.profit_roi).toBeCloseTo((68.1 - 1500.5) / 1500.5, 12);
    // r4 (coupon ZZZ) carried Ann's email: her latest entry in the 30 days before is e3 (MB1, by source).
    expect(mb1).toMatchObject({ last_touch_redemptions: 1, last_touch_revenue: 40 });
    expect(r.total).toMatchObject({ last_touch_redemptions: 1, last_touch_revenue: 40 });
    const strip = (x: RoiRow) => ({
      ...x,
      gross_profit: undefined,
      profit_roi: undefined,
      last_touch_redemptions: undefined,
      last_touch_revenue: undefined,
    });
    expect(r.rows.map(strip)).toEqual(plain.rows.map(strip));
    expect(r.notes.join(' ')).toMatch(/Option: gross margin 40%.*Option: last touch within 30 days/);
    // Eight days after e3: outside a 5-day window.
    const short = await getRoi(s.requireDb(), { by: 'media_buy', filters: {}, options: { lastTouchDays: 5 } });
    expect(short.total.last_touch_redemptions).toBe(0);
  });
});
