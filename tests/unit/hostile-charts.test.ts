import * as echarts from 'echarts';
import type { EChartsCoreOption } from 'echarts/core';
import { describe, expect, it } from 'vitest';
import type { RoiRow } from '../../src-main/contract/roi';
import { entriesPerDayOption } from '../../src-renderer/charts/entriesPerDay';
import { pivotChartOption, type PivotChartData } from '../../src-renderer/charts/pivotCharts';
import { costsOption, spendRevenueOption } from '../../src-renderer/charts/roiBars';
import { escapeHtml, plainLabel } from '../../src-renderer/charts/roiCommon';
import { funnelOption, timingOption } from '../../src-renderer/charts/roiFunnel';
import { roasScatterOption } from '../../src-renderer/charts/roiScatter';
import { drillDaysOption, weeklyOption } from '../../src-renderer/charts/roiTime';
import { CHART_THEMES } from '../../src-renderer/charts/theme';

/**
 * Every chart builder fed hostile values wherever data goes (group names, pivot row and column
 * values, measure labels, days, weeks). Every formatter function in every option is called with
 * parameters made of the same values: what a tooltip formatter returns (HTML to ECharts) must carry
 * the data escaped, never as markup; what a label formatter returns (text on the canvas) must not be
 * read as rich text. Value-axis formatters only ever see numbers and are left out.
 * Then ECharts itself draws each option to SVG (as the SVG export does) and no element comes out of data.
 */
const EVIL = `<img src=x onerror="alert(1)">{b|x}&'`;
const theme = CHART_THEMES.dark;

const row = (i: number, over: Partial<RoiRow> = {}): RoiRow => ({
  key: `${EVIL}${i}`,
  label: `${EVIL} buy ${i}`,
  spend: 1000 + i,
  entries: 100 * (i + 1),
  unique_entrants: 80,
  redemptions: 10 + i,
  revenue: 2000 * (i + 1),
  discounts: 5,
  cost_per_entry: 2.5,
  cost_per_redemption: 40,
  redemption_rate: 0.1,
  roas: 0.5 + i,
  roi: 0.2,
  redeemers: 9,
  ...over,
});
const rows = [row(0), row(1), row(2), row(3, { key: null, label: `(unattributed)${EVIL}`, spend: 0 })];
const pivot: PivotChartData = {
  categories: [`${EVIL} row A`, `${EVIL} row B`],
  paths: [[EVIL], [EVIL]],
  series: [
    { name: `${EVIL} col 1`, colPath: [EVIL], values: [1, 2] },
    { name: `${EVIL} col 2`, colPath: [EVIL], values: [3, null] },
  ] as PivotChartData['series'],
  format: (v) => (v === null ? '–' : `${v}`),
  valueLabel: `${EVIL} measure`,
};

const builders: [string, () => EChartsCoreOption][] = [
  ['spend and revenue', () => spendRevenueOption(rows, theme)],
  ['costs', () => costsOption(rows, theme)],
  ['funnel', () => funnelOption(rows, theme)],
  [
    'redemption timing',
    () =>
      timingOption(
        {
          buckets: [
            { label: `${EVIL}0`, fromDays: 0, days: 1, redemptions: 3 },
            { label: `${EVIL}1`, fromDays: 1, days: 1, redemptions: 2 },
          ],
          medianDays: 0,
          p90Days: 1,
          redemptions: 5,
        },
        theme,
      ),
  ],
  ['ROAS scatter', () => roasScatterOption(rows, theme)],
  ['weekly', () => weeklyOption(rows, theme)],
  [
    'drill days',
    () =>
      drillDaysOption(
        [
          { day: `${EVIL}d1`, spend: 5, entries: 3, redemptions: 1, revenue: 9 },
          { day: `${EVIL}d2`, spend: 0, entries: 1, redemptions: 0, revenue: 0 },
        ],
        theme,
      ),
  ],
  [
    'entries per day',
    () =>
      entriesPerDayOption(
        [
          { day: '2026-03-01', entries: 5 },
          { day: '2026-03-02', entries: 7 },
        ],
        theme,
      ),
  ],
  ...(['bar', 'stacked', 'line', 'heatmap'] as const).map((t): [string, () => EChartsCoreOption] => [
    `pivot ${t}`,
    () => pivotChartOption(t, pivot, theme),
  ]),
];

interface Found {
  path: string;
  inTooltip: boolean;
  /** Under a value axis or the visual map: only ever given numbers. */
  numeric: boolean;
  fn: (...a: unknown[]) => unknown;
}

/** Every function-valued formatter in the option, with where it sits. */
function formatters(node: unknown, path: string[] = [], numeric = false, out: Found[] = []): Found[] {
  if (Array.isArray(node)) node.forEach((x, i) => formatters(x, [...path, String(i)], numeric, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const here = numeric || o.type === 'value' || path.at(-1) === 'visualMap';
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'function' && /formatter$/i.test(k))
        out.push({ path: [...path, k].join('.'), inTooltip: path.includes('tooltip'), numeric: here, fn: v as Found['fn'] });
      else formatters(v, [...path, k], here, out);
    }
  }
  return out;
}

/** Parameters as ECharts passes them, made of hostile data; `marker` is ECharts' own HTML. */
const param = {
  name: EVIL,
  seriesName: EVIL,
  axisValue: EVIL,
  value: [0, 1, 2, 3],
  data: { name: EVIL },
  marker: '<span class="marker"></span>',
};
const RICH = /\{[A-Za-z0-9_]+\|/;

describe('charts with hostile data', () => {
  it('escapes and neutralises as the helpers promise', () => {
    expect(escapeHtml(EVIL)).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;{b|x}&amp;&#39;');
    expect(plainLabel(EVIL)).not.toMatch(RICH);
    expect(plainLabel(EVIL).replace(/\u200b/g, '')).toBe(EVIL);
  });

  for (const [name, build] of builders) {
    it(`${name}: formatters never return data as markup`, () => {
      const option = build();
      const found = formatters(option);
      for (const f of found) {
        const outputs: string[] = [];
        for (const args of [[param], [[param, param]], [2], [EVIL]]) {
          try {
            const r = f.fn(...args);
            if (typeof r === 'string') outputs.push(r);
          } catch {
            // Not this formatter's kind of parameter.
          }
        }
        for (const out of outputs) {
          if (f.inTooltip) {
            // HTML to ECharts: data escaped.
            expect(out, `${name} ${f.path}`).not.toContain('<img');
            expect(out, `${name} ${f.path}`).not.toContain('onerror="');
          } else if (!f.numeric) {
            // Text drawn on the canvas (HTML means nothing there): never rich-text markup.
            expect(out, `${name} ${f.path}`).not.toMatch(RICH);
          }
        }
      }
    });
  }

  it('the heatmap tooltip shows the row and column values, escaped (the audit found them raw)', () => {
    const tip = formatters(pivotChartOption('heatmap', pivot, theme)).find((f) => f.inTooltip)!;
    const html = tip.fn({ value: [1, 0, 3] }) as string;
    expect(html).toContain(`${escapeHtml(`${EVIL} row A`)} · ${escapeHtml(`${EVIL} col 2`)}`);
    expect(html).toContain(escapeHtml(`${EVIL} measure`));
    expect(html).not.toContain('<img');
  });

  it('ECharts draws every option to SVG with the data as text, never as an element', () => {
    for (const [name, build] of builders) {
      const chart = echarts.init(null as unknown as HTMLElement, undefined, { renderer: 'svg', ssr: true, width: 800, height: 500 });
      try {
        chart.setOption({ ...(build() as Record<string, unknown>), animation: false });
        const svg = chart.renderToSVGString();
        expect(svg, name).not.toMatch(/<img|onerror="/);
        if (name !== 'entries per day') expect(svg, name).toContain('&lt;img');
      } finally {
        chart.dispose();
      }
    }
  });
});
