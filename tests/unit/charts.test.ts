import { describe, expect, it } from 'vitest';
import { entriesPerDayOption, fillDays } from '../../src-renderer/charts/entriesPerDay';
import { CHART_THEMES } from '../../src-renderer/charts/theme';

describe('entries per day chart', () => {
  it('fills missing days with zero, so a gap shows as a gap', () => {
    expect(
      fillDays([
        { day: '2026-03-01', entries: 5 },
        { day: '2026-03-04', entries: 2 },
      ]),
    ).toEqual([
      { day: '2026-03-01', entries: 5 },
      { day: '2026-03-02', entries: 0 },
      { day: '2026-03-03', entries: 0 },
      { day: '2026-03-04', entries: 2 },
    ]);
    expect(fillDays([])).toEqual([]);
  });

  it('crosses month ends and daylight-saving changes without losing or doubling a day', () => {
    const days = fillDays([
      { day: '2026-03-07', entries: 1 },
      { day: '2026-04-02', entries: 1 },
    ]).map((d) => d.day);
    expect(days).toHaveLength(27);
    expect(new Set(days).size).toBe(27);
    expect(days).toContain('2026-03-08');
    expect(days).toContain('2026-03-31');
  });

  it('plots entries and a trailing 7-day average over the filled days', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ day: `2026-03-${String(i + 1).padStart(2, '0')}`, entries: (i + 1) * 10 }));
    const option = entriesPerDayOption(rows, CHART_THEMES.light) as {
      xAxis: { data: string[] };
      series: { name: string; data: number[] }[];
      color: string[];
    };
    expect(option.xAxis.data).toHaveLength(10);
    expect(option.series[0]!.data).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    // day 10: mean of days 4..10 = (40+...+100)/7 = 70; day 2: mean of 10, 20 = 15
    expect(option.series[1]!.data[9]).toBe(70);
    expect(option.series[1]!.data[1]).toBe(15);
    expect(option.color).toEqual(CHART_THEMES.light.series);
    expect((entriesPerDayOption(rows, CHART_THEMES.dark) as { color: string[] }).color).toEqual(CHART_THEMES.dark.series);
  });
});
