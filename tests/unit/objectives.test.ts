import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assess, listObjectives, PACE_DAYS, saveObjective } from '../../src-main/core/objectives/progress';
import { getRoi } from '../../src-main/core/roi/metrics';
import type { Session } from '../../src-main/core/session';
import { demoSession } from './helpers/demo';
import { tempDir } from './helpers/tmp';

const now = { spend: 1000, entries: 400, entrants: 300, opted: 150, redemptions: 40, revenue: 2400 };
// The last 14 days: 140 entries (10 a day), 70 new entrants, 14 redemptions, 700 revenue, 280 spend (20 a day).
const recent = { spend: 280, entries: 140, entrants: 70, opted: 28, redemptions: 14, revenue: 700 };
const o = (metric: Parameters<typeof assess>[0]['metric'], target: number, due: string) => ({
  objectiveId: 'o',
  metric,
  mediaBuyId: null,
  target,
  due,
});

describe('progress against a target, projected from the recent pace', () => {
  it('cumulative metrics: met, on track, behind, missed', () => {
    const t = { now, recent, asOf: '2026-04-20' };
    // 10 entries a day for 10 more days: 400 + 100 = 500.
    expect(assess(o('entries', 500, '2026-04-30'), t)).toMatchObject({ current: 400, projected: 500, status: 'on_track', progress: 0.8 });
    expect(assess(o('entries', 501, '2026-04-30'), t).status).toBe('behind');
    expect(assess(o('entries', 350, '2026-04-30'), t).status).toBe('met');
    expect(assess(o('entries', 500, '2026-04-20'), t)).toMatchObject({ status: 'missed', projected: 400 });
    expect(assess(o('entries', 500, '2026-04-01'), t).status).toBe('missed');
  });

  it('ratios project numerator and denominator at their own pace; costs are better lower', () => {
    const t = { now, recent, asOf: '2026-04-20' };
    // Cost per entry now 1000/400 = 2.50; in 14 days: (1000 + 280) / (400 + 140) = 2.370...
    const cpe = assess(o('cost_per_entry', 2.4, '2026-05-04'), t);
    expect(cpe.current).toBe(2.5);
    expect(cpe.projected).toBeCloseTo(1280 / 540, 10);
    expect(cpe.status).toBe('on_track');
    expect(cpe.progress).toBeCloseTo(2.4 / 2.5, 10);
    expect(assess(o('cost_per_entry', 2.3, '2026-05-04'), t).status).toBe('behind');
    // ROAS now 2.4; projected (2400 + 700) / (1000 + 280).
    expect(assess(o('roas', 2.5, '2026-05-04'), t)).toMatchObject({ current: 2.4, status: 'behind' });
    // Opt-in rate 150/300 now, but recent entrants opt in less: (150 + 28) / (300 + 70) by the due date.
    const opt = assess(o('opt_in_rate', 0.5, '2026-05-04'), t);
    expect(opt).toMatchObject({ current: 0.5, status: 'behind' });
    expect(opt.projected).toBeCloseTo(178 / 370, 10);
    expect(assess(o('redemption_rate', 0.1, '2026-04-20'), { now: { ...now, entries: 0 }, recent, asOf: '2026-04-20' }).status).toBe(
      'no_data',
    );
    expect(PACE_DAYS).toBe(14);
  });
});

describe('objectives in a workspace', () => {
  const dir = tempDir('ace-objectives-');
  let s: Session;
  beforeAll(async () => {
    s = await demoSession(dir, 'o.duckdb', 3000);
  }, 60_000);
  afterAll(() => s.close());

  it('current values are the ROI screen figures, for the campaign and for one media buy', async () => {
    const db = s.requireDb();
    const roi = await getRoi(db, { by: 'media_buy', filters: {} });
    const buy = roi.rows.find((r) => r.key && r.entries > 0)!;
    await saveObjective(db, { metric: 'entries', target: roi.total.entries * 2, due: '2026-12-31' });
    await saveObjective(db, { metric: 'cost_per_entry', mediaBuyId: buy.key!, target: 1, due: '2026-12-31' });
    await saveObjective(db, { metric: 'opt_in_rate', target: 0.5, due: '2026-12-31' });
    const list = await listObjectives(db);
    const entries = list.find((x) => x.metric === 'entries')!;
    expect(entries.current).toBe(roi.total.entries);
    expect(entries.projected!).toBeGreaterThanOrEqual(roi.total.entries);
    expect(entries.asOf).toMatch(/^2026-\d\d-\d\d$/);
    expect(list.find((x) => x.metric === 'cost_per_entry')!.current).toBeCloseTo(buy.cost_per_entry!, 10);
    const [opt] = await db.rows<{ r: number }>(
      `SELECT count(DISTINCT f.entrant) FILTER (WHERE e.email_opt_in OR e.sms_opt_in) / count(DISTINCT f.entrant) AS r FROM entries e JOIN entry_facts_t f ON f.entry_key = ace_row_key(e.import_id, e.line)`,
    );
    expect(list.find((x) => x.metric === 'opt_in_rate')!.current).toBeCloseTo(Number(opt!.r), 10);
    await expect(saveObjective(db, { metric: 'entries', mediaBuyId: 'NO-SUCH-BUY', target: 1, due: '2026-12-31' })).rejects.toThrow(
      /no media buy NO-SUCH-BUY/,
    );
  });
});
