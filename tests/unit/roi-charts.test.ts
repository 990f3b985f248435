import { describe, expect, it } from 'vitest';
import type { RoiRow, RoiTiming } from '../../src-main/contract/roi';
import { costsOption, spendRevenueOption } from '../../src-renderer/charts/roiBars';
import { barsHeight, shorten } from '../../src-renderer/charts/roiCommon';
import { bucketOf, funnelOption, timingOption } from '../../src-renderer/charts/roiFunnel';
import { bubbleSize, roasScatterOption, scatterPoints } from '../../src-renderer/charts/roiScatter';
import { drillDaysOption, weeklyOption } from '../../src-renderer/charts/roiTime';
import { CHART_THEMES } from '../../src-renderer/charts/theme';
import { INITIAL_QUERY, toScope } from '../../src-renderer/lib/roiQuery';
import { nextSort, sortRows } from '../../src-renderer/features/roi/sort';

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
/** A row as the core makes it, ratios by DOMAIN.md (null when the denominator is 0). */
function row(
  key: string | null,
  label: string,
  spend: number,
  entries: number,
  redemptions: number,
  revenue: number,
  uniq = entries,
  redeemers = redemptions,
): RoiRow {
  return {
    key,
    label,
    spend,
    entries,
    unique_entrants: uniq,
    redemptions,
    revenue,
    discounts: 0,
    redeemers,
    cost_per_entry: ratio(spend, entries),
    cost_per_redemption: ratio(spend, redemptions),
    redemption_rate: ratio(redemptions, entries),
    roas: ratio(revenue, spend),
    roi: spend === 0 ? null : (revenue - spend) / spend,
  };
}
const A = row('MB01', 'Boston Globe', 1000, 100, 10, 500, 80, 9);
const B = row('MB02', 'WBZ radio', 400, 50, 20, 800, 40, 15);
const NONE = row('MB16', 'Denver KOA (test flight)', 300, 0, 0, 0);
const UNATTR = row(null, '(unattributed)', 0, 30, 5, 120);
const ROWS = [A, B, NONE, UNATTR];
const light = CHART_THEMES.light;

type Bars = { yAxis: { data: string[] }; series: { name: string; data: (number | null)[] }[]; color: string[] };

describe('ROI bar charts', () => {
  it('spend and revenue: one bar pair per group, the first group on top, unattributed included', () => {
    const o = spendRevenueOption(ROWS, light) as Bars;
    expect(o.yAxis.data).toEqual(['(unattributed)', 'Denver KOA (test flight)', 'WBZ radio', 'Boston Globe']);
    expect(o.series.map((s) => s.name)).toEqual(['Spend', 'Revenue']);
    expect(o.series[0]!.data).toEqual([0, 300, 400, 1000]);
    expect(o.series[1]!.data).toEqual([120, 0, 800, 500]);
    expect(o.color).toEqual(light.series);
  });

  it('costs: groups with spend only; an undefined cost is a gap (null), never a zero bar', () => {
    const o = costsOption(ROWS, light) as Bars;
    expect(o.yAxis.data).toEqual(['Denver KOA (test flight)', 'WBZ radio', 'Boston Globe']);
    expect(o.series[0]!.data).toEqual([null, 8, 10]);
    expect(o.series[1]!.data).toEqual([null, 20, 100]);
  });

  it('funnel: entries, unique entrants and redeemers per group', () => {
    const o = funnelOption([A, B], light) as Bars;
    expect(o.series.map((s) => s.name)).toEqual(['Entries', 'Unique entrants', 'Redeemers']);
    expect(o.series.map((s) => s.data)).toEqual([
      [50, 100],
      [40, 80],
      [15, 9],
    ]);
  });

  it('sizes bar charts to their groups, within bounds, and shortens long names', () => {
    expect(barsHeight(1)).toBe(220);
    expect(barsHeight(17)).toBe(70 + 17 * 30);
    expect(barsHeight(200)).toBe(760);
    expect(shorten('Times Square digital billboard', 26)).toBe('Times Square digital bill…');
    expect(shorten('WGN radio')).toBe('WGN radio');
  });
});

describe('ROAS scatter', () => {
  it('places only groups with a ROAS (spend above 0), bubble area growing with entries', () => {
    const points = scatterPoints(ROWS);
    expect(points.map((p) => p.name)).toEqual(['Boston Globe', 'WBZ radio', 'Denver KOA (test flight)']);
    expect(points[0]!.value).toEqual([1000, 0.5, 100]);
    expect(points[0]!.symbolSize).toBe(46);
    expect(points[2]!.symbolSize).toBe(8);
    expect(bubbleSize(25, 100)).toBe(27); // a quarter of the entries: half the diameter range
    const o = roasScatterOption(ROWS, CHART_THEMES.dark) as { series: { markLine: { data: { yAxis: number }[] } }[]; color: string[] };
    expect(o.series[0]!.markLine.data).toEqual([{ yAxis: 1 }]);
    expect(o.color).toEqual(CHART_THEMES.dark.series);
  });
});

describe('ROI over time', () => {
  it('weekly: weeks in order, the unattributed row left out, spend on the right axis', () => {
    const weeks = [
      row('2026-03-09', '2026-03-09', 50, 5, 1, 10),
      row('2026-03-02', '2026-03-02', 70, 7, 0, 0),
      row(null, '(unattributed)', 0, 3, 1, 5),
    ];
    const o = weeklyOption(weeks, light) as { xAxis: { data: string[] }; series: { name: string; data: number[]; yAxisIndex?: number }[] };
    expect(o.xAxis.data).toEqual(['2026-03-02', '2026-03-09']);
    expect(o.series.find((s) => s.name === 'Entries')!.data).toEqual([7, 5]);
    expect(o.series.find((s) => s.name === 'Spend')).toMatchObject({ data: [70, 50], yAxisIndex: 1 });
  });

  it('drill days: a day without spend is a gap in the spend line, not $0', () => {
    const days = [
      { day: '2026-03-10', spend: 0, entries: 4, redemptions: 1, revenue: 10 },
      { day: '2026-03-09', spend: 900, entries: 3, redemptions: 0, revenue: 0 },
    ];
    const o = drillDaysOption(days, light) as { xAxis: { data: string[] }; series: { name: string; data: (number | null)[] }[] };
    expect(o.xAxis.data).toEqual(['2026-03-09', '2026-03-10']);
    expect(o.series.find((s) => s.name === 'Spend')!.data).toEqual([900, null]);
    expect(o.series.find((s) => s.name === 'Redemptions')!.data).toEqual([0, 1]);
  });
});

describe('timing', () => {
  const widths = [1, 1, 12, 7, 10];
  const buckets = [0, 1, 2, 14, 21].map((d, i) => ({ label: `${d}+`, fromDays: d, days: widths[i]!, redemptions: d + 1 }));
  it('finds the bucket of a number of days and marks the median and p90 there', () => {
    expect(bucketOf(buckets, 0)).toBe('0+');
    expect(bucketOf(buckets, 13)).toBe('2+');
    expect(bucketOf(buckets, 30)).toBe('21+');
    expect(bucketOf(buckets, null)).toBeNull();
    const timing: RoiTiming = { buckets, medianDays: 1, p90Days: 16, redemptions: 40 };
    const o = timingOption(timing, light) as { series: { data: number[]; markLine: { data: { name: string; xAxis: string }[] } }[] };
    // Per day of each bucket: 3 over 12 days is 0.25 a day (shown to a tenth), 15 over 7 days 2.1.
    expect(o.series[0]!.data).toEqual([1, 2, 0.3, 2.1, 2.2]);
    expect(o.series[0]!.markLine.data).toEqual([
      { name: 'median 1 d', xAxis: '1+' },
      { name: 'p90 16 d', xAxis: '14+' },
    ]);
    expect((timingOption({ ...timing, medianDays: null, p90Days: null }, light) as typeof o).series[0]!.markLine.data).toEqual([]);
  });
});

describe('ROI table helpers', () => {
  it('sorts groups with dashes last either way; unattributed stays after the groups', () => {
    const desc = sortRows(ROWS, { key: 'cost_per_entry', dir: 'desc' }).map((r) => r.key);
    expect(desc).toEqual(['MB01', 'MB02', 'MB16', null]);
    const asc = sortRows(ROWS, { key: 'cost_per_entry', dir: 'asc' }).map((r) => r.key);
    expect(asc).toEqual(['MB02', 'MB01', 'MB16', null]);
    expect(sortRows([UNATTR, B, A], null).map((r) => r.key)).toEqual(['MB02', 'MB01', null]);
    expect(sortRows(ROWS, { key: 'label', dir: 'asc' }).map((r) => r.label)[0]).toBe('Boston Globe');
    expect(nextSort(null, 'roas')).toEqual({ key: 'roas', dir: 'desc' });
    expect(nextSort({ key: 'roas', dir: 'desc' }, 'roas')).toEqual({ key: 'roas', dir: 'asc' });
    expect(nextSort({ key: 'roas', dir: 'desc' }, 'label')).toEqual({ key: 'label', dir: 'asc' });
  });

  it('builds the core scope from the toolbar, leaving out what is not valid yet', () => {
    expect(toScope(INITIAL_QUERY)).toEqual({ scope: { filters: {}, options: {} }, problems: {} });
    const q = {
      ...INITIAL_QUERY,
      from: '2026-04-01',
      to: '2026-03-01',
      marginPct: '140',
      lastTouchDays: '7',
      filters: { ...INITIAL_QUERY.filters, market: ['Denver', 'Boston'] },
    };
    expect(toScope(q)).toEqual({
      scope: { from: '2026-04-01', filters: { market: ['Boston', 'Denver'] }, options: { lastTouchDays: 7 } },
      problems: { to: 'On or after the start date', marginPct: 'A percentage from 0 to 100' },
    });
  });
});
