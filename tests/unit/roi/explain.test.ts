import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drillRoi, roiTiming } from '../../../src-main/core/roi/drill';
import { explainRoi } from '../../../src-main/core/roi/explain';
import { getRoi } from '../../../src-main/core/roi/metrics';
import type { Session } from '../../../src-main/core/session';
import { ace } from '../helpers/cli';
import { demoSession } from '../helpers/demo';
import { tempDir } from '../helpers/tmp';
import { roiFixture } from './fixture';

const dir = tempDir();

describe('explain, drill and timing on the hand-computed campaign', () => {
  let s: Session;
  beforeAll(async () => {
    s = await roiFixture(dir);
  }, 60_000);
  afterAll(() => s.close());

  it('explains a ratio with its formula, its inputs and the rows behind them', async () => {
    const e = await explainRoi(s.requireDb(), { by: 'media_buy', key: 'MB1', metric: 'cost_per_entry', filters: {} });
    expect(e.formula).toBe('cost_per_entry = spend / entries');
    expect(e.value).toBeCloseTo(1500.5 / 3, 10);
    expect(e.inputs.map((i) => [i.name, i.value])).toEqual([
      ['spend', 1500.5],
      ['entries', 3],
    ]);
    const spend = e.sources.find((x) => x.dataset === 'spend')!;
    expect(spend.total).toBe(2);
    expect(spend.rows.map((r) => r[spend.columns.indexOf('amount')])).toEqual([1000, 500.5]);
    const entries = e.sources.find((x) => x.dataset === 'entries')!;
    expect(entries.rows.map((r) => r[0])).toEqual(['e1', 'e2', 'e3']);
  });

  it('explains the funnel’s redeemers', async () => {
    const e = await explainRoi(s.requireDb(), { by: 'media_buy', key: 'MB1', metric: 'redeemers', filters: {} });
    // C1 redeemed twice and C3 once: all by Ann (e1 and e3 share a phone).
    expect(e.value).toBe(1);
    expect(e.inputs.map((i) => [i.name, i.value])).toEqual([
      ['redeemers', 1],
      ['unique_entrants', 2],
      ['redemptions', 3],
    ]);
  });

  it('explains the unattributed row and the total', async () => {
    const u = await explainRoi(s.requireDb(), { by: 'media_buy', key: null, metric: 'redemptions', filters: {} });
    expect(u.value).toBe(2);
    expect(u.sources[0]!.rows.map((r) => r[0])).toEqual(['r4', 'r5']);
    const t = await explainRoi(s.requireDb(), { by: 'market', metric: 'revenue', filters: {} });
    expect(t).toMatchObject({ label: 'Total', value: 320.25 });
    expect(t.sources[0]!.total).toBe(6);
  });

  it('drills into a media buy by keyword, by day and by entrant', async () => {
    const d = await drillRoi(s.requireDb(), { mediaBuyId: 'MB1', filters: {} });
    expect(d.label).toBe('Globe print');
    expect(d.keywords).toEqual([
      { keyword: 'GLOBE', entries: 2, unique_entrants: 2, redemptions: 2, revenue: 150.25 },
      { keyword: null, entries: 1, unique_entrants: 1, redemptions: 1, revenue: 20 },
    ]);
    expect(d.days.find((x) => x.day === '2026-03-02')).toMatchObject({ spend: 1000, entries: 0 });
    expect(d.days.find((x) => x.day === '2026-03-03')).toMatchObject({ entries: 2 });
    expect(d.entrantsTotal).toBe(2);
    // The fixture's entries carry no names or zips: none is made up.
    expect(d.entrants[0]).toMatchObject({
      entries: 2,
      redemptions: 3,
      revenue: 170.25,
      first_entry: '2026-03-03 10:00',
      name: null,
      zip: null,
    });
  });

  it('gives the days from entry to redemption', async () => {
    const t = await roiTiming(s.requireDb(), { filters: {} });
    // r1 7 days, r2 8, r3 7, r5 7, r6 10; r4 matched no entry
    expect(t.redemptions).toBe(5);
    // Each bucket says how many days it spans; the last one, to the longest delay seen (10 days: r6).
    expect(t.buckets.map((b) => b.days)).toEqual([...Array(14).fill(1), 7, 7, 14, 18, 1]);
    expect(t.buckets.filter((b) => b.redemptions > 0).map((b) => [b.fromDays, b.redemptions])).toEqual([
      [7, 3],
      [8, 1],
      [10, 1],
    ]);
    expect(t.medianDays).toBe(7);
    expect(t.p90Days).toBeCloseTo(9.2, 10);
    expect((await roiTiming(s.requireDb(), { filters: {}, mediaBuyId: 'MB2' })).redemptions).toBe(1);
  });
});

describe('ROI on the demo campaign reconciles with its data; the CLI prints the same', () => {
  let s: Session;
  const path = join(dir, 'demo-roi.duckdb');
  beforeAll(async () => {
    s = await demoSession(dir, 'demo-roi.duckdb', 20_000);
  }, 120_000);
  afterAll(() => s.close());

  it('totals equal the imported data, every plan media buy appears, and the CLI --json is the same result', async () => {
    const r = await getRoi(s.requireDb(), { by: 'media_buy', filters: {} });
    const [data] = await s.requireDb().rows<
      Record<string, unknown>
    >(`SELECT (SELECT sum(amount)::DOUBLE FROM spend) AS spend, (SELECT count(*) FROM entries) AS entries,
      (SELECT count(*) FROM redemptions) AS redemptions, (SELECT sum(order_amount)::DOUBLE FROM redemptions) AS revenue,
      (SELECT count(*) FROM media_buys) AS buys`);
    expect(r.total).toMatchObject({
      spend: data!.spend,
      entries: Number(data!.entries),
      redemptions: Number(data!.redemptions),
      revenue: data!.revenue,
    });
    expect(r.rows.filter((x) => x.key !== null).length).toBe(Number(data!.buys));
    expect(r.rows.at(-1)).toMatchObject({ key: null, label: '(unattributed)' });
    await s.close();
    const cli = await ace(['roi', '--workspace', path, '--json']);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toEqual(r);
    const weeks = await ace(['roi', '--workspace', path, '--by', 'week', '--from', '2026-03-01', '--to', '2026-03-31']);
    expect(weeks.code).toBe(0);
    expect(weeks.stdout).toMatch(/^group\s+spend/);
    expect(weeks.stdout).toMatch(/Total/);
    const boston = await ace(['roi', '--workspace', path, '--market', 'Boston', '--channel', 'sms,web', '--json']);
    await s.open(path);
    expect(JSON.parse(boston.stdout)).toEqual(
      await getRoi(s.requireDb(), { by: 'media_buy', filters: { market: ['Boston'], channel: ['sms', 'web'] } }),
    );
    await s.close();
    const bad = await ace(['roi', '--workspace', path, '--by', 'zip']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--by/);
    await s.open(path);
  }, 60_000);
});
