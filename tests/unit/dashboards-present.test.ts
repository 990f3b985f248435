import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roiInput } from '../../src-main/contract/roi';
import { CAMPAIGN_RESULTS_TILES } from '../../src-main/core/dashboards/store';
import { dashboardPdfInput, type DashboardTile } from '../../src-main/contract/dashboards';
import { dashboardPdf } from '../../src-main/core/dashboards/pdf';
import { FONT_FILES, fontDirFrom } from '../../src-main/core/lib/fonts';
import { pivotCount } from '../../src-main/core/pivot/run';
import { getRoi } from '../../src-main/core/roi/metrics';
import type { Session } from '../../src-main/core/session';
import { enlargeText } from '../../src-renderer/charts/enlarge';
import { addTile, flow, move, moveBefore, remove, resize, slideOrder } from '../../src-renderer/features/dashboards/layout';
import { pivotFiltersOf, roiScopeOf } from '../../src-renderer/features/dashboards/scope';
import { pdfFonts, pdfInfo, pdfPageText, renderPage } from '../support/pdf';
import { demoSession } from './helpers/demo';
import { tempDir } from './helpers/tmp';

const cells = (t: DashboardTile) => Array.from({ length: t.w * t.h }, (_, i) => `${t.x + (i % t.w)},${t.y + Math.floor(i / t.w)}`);

describe('dashboard layout', () => {
  const tileArb = fc.record({ w: fc.integer({ min: 1, max: 12 }), h: fc.integer({ min: 1, max: 6 }) });

  it('flows any tiles onto the 12 columns without overlaps, in the order given', () => {
    fc.assert(
      fc.property(fc.array(tileArb, { minLength: 1, maxLength: 14 }), (sizes) => {
        const tiles = sizes.map((s, i): DashboardTile => ({ tileId: `t${i}`, kind: 'kpis', title: `T${i}`, note: '', x: 0, y: 0, ...s }));
        const placed = flow(tiles);
        const seen = new Set<string>();
        for (const t of placed) {
          expect(t.x + t.w).toBeLessThanOrEqual(12);
          for (const c of cells(t)) {
            expect(seen.has(c)).toBe(false);
            seen.add(c);
          }
        }
        // Reading order (the slides) is the order the tiles were given in.
        expect(slideOrder(placed).map((t) => t.tileId)).toEqual(tiles.map((t) => t.tileId));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the ready-made layout as designed, and moves, drops, resizes, removes and adds', () => {
    expect(flow(CAMPAIGN_RESULTS_TILES)).toEqual(CAMPAIGN_RESULTS_TILES);
    const ids = (ts: DashboardTile[]) => slideOrder(ts).map((t) => t.tileId);
    const base = flow(CAMPAIGN_RESULTS_TILES);
    expect(ids(move(base, 'roi', -1))).toEqual(['kpis', 'roi', 'objectives', 'entries', 'map', 'segments']);
    expect(ids(move(base, 'kpis', -1))).toEqual(ids(base));
    expect(ids(moveBefore(base, 'segments', 'kpis'))).toEqual(['segments', 'kpis', 'objectives', 'roi', 'entries', 'map']);
    // The map, made wider, no longer fits beside the chart: it goes below it.
    const wide = resize(base, 'map', 8, 4);
    expect(wide.find((t) => t.tileId === 'map')).toMatchObject({ x: 0, y: 14, w: 8 });
    expect(ids(remove(base, 'objectives'))).toEqual(['kpis', 'roi', 'entries', 'map', 'segments']);
    expect(remove(base, 'objectives').find((t) => t.tileId === 'roi')!.y).toBe(2);
    const added = addTile(base, { kind: 'roi_chart', title: 'Spend and revenue', note: '' });
    expect(slideOrder(added).at(-1)).toMatchObject({ kind: 'roi_chart', tileId: 't7', y: 17, w: 6 });
  });
});

describe('dashboard filters mean the same in ROI and Explore', () => {
  const dir = tempDir('ace-dash-scope-');
  let s: Session;
  beforeAll(async () => {
    s = await demoSession(dir, 'd.duckdb', 2000);
  }, 60_000);
  afterAll(() => s.close());

  it('entries counted by ROI for a scope = entries Explore counts for the same filters', async () => {
    const db = s.requireDb();
    const byChannel = await getRoi(db, roiInput.parse({ by: 'channel' }));
    const channel = byChannel.rows.find((r) => r.key && r.entries > 0)!.key!;
    const scopes = [
      { channel: [], market: [], media_type: [] },
      { channel: [channel], market: [], media_type: [] },
      { from: '2026-03-15', to: '2026-04-10', channel: [], market: [], media_type: [] },
      { from: '2026-04-01', channel: [channel], market: [], media_type: ['radio', 'print'] },
    ];
    for (const f of scopes) {
      const roi = await getRoi(db, roiInput.parse({ ...roiScopeOf(f), by: 'media_buy' }));
      const { entries } = await pivotCount(db, { filters: pivotFiltersOf(f) });
      expect(entries, JSON.stringify(f)).toBe(roi.total.entries);
    }
    // And a filter narrows: otherwise this test could not fail.
    const all = await pivotCount(db, { filters: [] });
    expect((await pivotCount(db, { filters: pivotFiltersOf(scopes[1]!) })).entries).toBeLessThan(all.entries);
  });
});

interface Big {
  xAxis: { axisLabel: unknown };
  yAxis: { nameTextStyle: { fontSize: number } }[];
  legend: { textStyle: unknown };
  series: { label: unknown }[];
  grid: unknown;
}

describe('presentation type', () => {
  it('enlarges axis labels, legend and series labels, keeping formatters', () => {
    const formatter = (v: number) => `$${v}`;
    const big = enlargeText(
      {
        xAxis: { axisLabel: { formatter } },
        yAxis: [{ name: 'Entries' }],
        legend: { textStyle: { color: '#fff' } },
        series: [{ type: 'bar', label: { show: true } }],
        grid: { left: 48, bottom: 30, top: 20 },
      },
      18,
    ) as unknown as Big;
    expect(big.xAxis.axisLabel).toEqual({ formatter, fontSize: 18 });
    expect(big.yAxis[0]!.nameTextStyle.fontSize).toBe(18);
    expect(big.legend.textStyle).toEqual({ color: '#fff', fontSize: 18 });
    expect(big.series[0]!.label).toEqual({ show: true, fontSize: 18 });
    expect(big.grid).toEqual({ left: 72, bottom: 45, top: 45 });
  });
});

// A 4x4 PNG of solid dark blue, scaled up on the page: enough to see an image land where it should.
const BLUE_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEklEQVR4nGNgYPiPhJA5DAwMAEbHA/1m2ybMAAAAAElFTkSuQmCC';

describe('dashboard PDF', () => {
  it('one landscape page per slide with its title, figures, chart and note; a long table continues', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => [`Media buy ${i + 1}`, `$${(1000 + i).toLocaleString('en-US')}.00`, String(10 * i)]);
    const input = dashboardPdfInput.parse({
      name: 'Spring review',
      scope: 'Channel: sms',
      layout: 'slides',
      pages: [
        {
          title: 'At a glance',
          note: 'Entries are up ≥ 20% → good.',
          kpis: [
            { label: 'Entries', value: '3,000' },
            { label: 'Revenue', value: '$42,951.50' },
          ],
        },
        { title: 'Entries over time', png: BLUE_PNG, note: 'The spike is the radio buy.' },
        { title: 'ROI by media buy', table: { columns: ['Media buy', 'Spend', 'Entries'], rows } },
      ],
    });
    const { bytes, pages } = await dashboardPdf(input);
    const info = pdfInfo(bytes);
    expect(info.pages).toBe(pages);
    // 40 rows do not fit one page: the table continues on a second.
    expect(info.pages).toBe(4);
    expect(info.size).toEqual([792, 612]);
    expect(info.title).toBe('Spring review');
    const p1 = pdfPageText(bytes, 1);
    expect(p1).toContain('At a glance');
    expect(p1).toContain('$42,951.50');
    expect(p1).toContain('Entries are up ≥ 20% → good.');
    expect(p1).toContain('Spring review');
    expect(p1).toContain('Channel: sms');
    expect(pdfPageText(bytes, 2)).toContain('The spike is the radio buy.');
    expect(pdfPageText(bytes, 3)).toMatch(/Media buy 1\s+\$1,000\.00\s+0/);
    expect(pdfPageText(bytes, 4)).toContain('Media buy 40');
    expect(pdfPageText(bytes, 4)).toContain('Media buy'); // the header again

    // Rendered: the chart page is dark where the image is, the figures page is not.
    const chart = renderPage(bytes, 2);
    expect(chart.width).toBeGreaterThan(chart.height);
    expect(chart.darkIn(0.3, 0.3, 0.4, 0.4)).toBeGreaterThan(0.95);
    const figures = renderPage(bytes, 1);
    expect(figures.darkIn(0.3, 0.5, 0.4, 0.2)).toBeLessThan(0.01);
    expect(figures.levels).toBeGreaterThan(2);
  });

  it('the dashboard layout starts with a cover listing the tiles', async () => {
    const { bytes, pages } = await dashboardPdf(
      dashboardPdfInput.parse({ name: 'Board', pages: [{ title: 'One' }, { title: 'Two', caveat: 'Segments: not filtered.' }] }),
    );
    expect(pages).toBe(3);
    expect(pdfInfo(bytes).pages).toBe(3);
    expect(pdfPageText(bytes, 1)).toMatch(/1\.\s+One[\s\S]*2\.\s+Two/);
    expect(pdfPageText(bytes, 3)).toContain('Segments: not filtered.');
  });

  it('embeds Unicode fonts: names in any script, signs and emoji print as themselves', async () => {
    const name = 'Zoë ≥ × ÷ Дмитрий 王';
    const { bytes } = await dashboardPdf(
      dashboardPdfInput.parse({
        name: 'Ελληνικά review',
        layout: 'slides',
        pages: [
          {
            title: `Top entrants: ${name}`,
            scope: 'Dates: Mar 1, 2026 – Apr 10, 2026 · Filters: Market: Zürich, 東京',
            note: 'Party time 🎉 for Łódź; ≈ 5 ≤ 7 · नमस्ते',
            table: {
              columns: ['Name', 'Entries'],
              rows: [
                [name, '12'],
                ['Ngô Bảo Châu', '7'],
                ['김민준', '3'],
              ],
            },
          },
        ],
      }),
    );
    const text = pdfPageText(bytes, 1);
    for (const s of [name, 'Ελληνικά review', 'Market: Zürich, 東京', 'Party time 🎉 for Łódź; ≈ 5 ≤ 7', 'Ngô Bảo Châu', '김민준'])
      expect(text).toContain(s);
    expect(text).not.toContain('?');
    // Devanagari is in none of the fonts: a visible □ for each letter, never a wrong glyph.
    expect(text).toContain('≤ 7 · □□□');
    // Every font is embedded (a subset) with a Unicode map: no standard font that would need the reader's own.
    const fonts = pdfFonts(bytes);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(
      expect.arrayContaining(['DejaVuSans', 'DejaVuSans-Bold', 'DroidSansFallback', 'NotoEmoji-Regular']),
    );
    for (const f of fonts) expect(f, f.name).toMatchObject({ embedded: true, unicode: true });
  });

  it('a wide table: type shrinks to 9 pt at most, then its columns continue on the next page; nothing is cut silently', async () => {
    const columns = ['Market', 'Channel', ...Array.from({ length: 14 }, (_, i) => `Boston Metro region ${i + 1} · Revenue`)];
    const rows = Array.from({ length: 8 }, (_, r) => [
      `Market number ${r}`,
      'sms',
      ...columns.slice(2).map((_, i) => `$${(123456 + i * 1000 + r).toLocaleString('en-US')}.00`),
    ]);
    const { bytes, pages } = await dashboardPdf(
      dashboardPdfInput.parse({
        name: 'Wide',
        layout: 'slides',
        pages: [{ title: 'Revenue by region', table: { columns, labels: 2, rows, more: { rows: 40, columns: 0 } } }],
      }),
    );
    expect(pages).toBe(2);
    const [p1, p2] = [pdfPageText(bytes, 1), pdfPageText(bytes, 2)];
    // The labels on both pages, each figure whole on one of them.
    for (const p of [p1, p2]) expect(p).toContain('Market number 7');
    const all = p1 + p2;
    for (let i = 0; i < 14; i++) expect(all).toContain(`$${(123456 + i * 1000 + 7).toLocaleString('en-US')}.00`);
    expect(p1).toMatch(/columns 1–\d+ of 14/);
    expect(p2).toMatch(/columns \d+–14 of 14/);
    expect(p2).toContain('+40 more rows not in this PDF');
    expect(all).not.toContain('…');
  });

  it('key figures print whole, smaller if they must, and a page of words has them under its title', async () => {
    const values = ['$225,984,123.09', '1,234,567', '$284.61', '16.2%'];
    const { bytes } = await dashboardPdf(
      dashboardPdfInput.parse({
        name: 'Figures',
        layout: 'slides',
        pages: [
          { title: 'At a glance', kpis: values.map((value, i) => ({ label: `Figure ${i}`, value })) },
          { title: 'Objectives', note: 'No targets yet.' },
        ],
      }),
    );
    const p1 = pdfPageText(bytes, 1);
    for (const v of values) expect(p1).toContain(v);
    expect(p1).not.toContain('…');
    // The words sit high on the page: in its top fifth, where the figures would be.
    expect(renderPage(bytes, 2).darkIn(0, 0.1, 0.5, 0.12)).toBeGreaterThan(0.001);
    expect(renderPage(bytes, 2).darkIn(0, 0.5, 1, 0.45)).toBe(0);
  });

  it('refuses what is not a PNG data URL', () => {
    expect(() => dashboardPdfInput.parse({ name: 'X', pages: [{ title: 'A', png: 'data:text/html;base64,PHNjcmlwdD4=' }] })).toThrow();
    expect(() => dashboardPdfInput.parse({ name: 'X', pages: [] })).toThrow();
  });
});

describe('where the PDF fonts are found', () => {
  const dir = tempDir('ace-fonts-');
  const root = fileURLToPath(new URL('../..', import.meta.url));
  it('beside app.asar in the packaged app, in resources/fonts from the sources or a build; else an error that says so', () => {
    const packaged = join(dir, 'App', 'resources');
    const chunks = join(packaged, 'app.asar', 'out', 'main', 'chunks');
    mkdirSync(chunks, { recursive: true });
    mkdirSync(join(packaged, 'fonts'));
    writeFileSync(join(packaged, 'fonts', FONT_FILES.regular), '');
    expect(fontDirFrom(chunks)).toBe(join(packaged, 'fonts'));
    expect(fontDirFrom('/', packaged)).toBe(join(packaged, 'fonts'));
    expect(fontDirFrom(join(root, 'node_modules', '.ace-cli'))).toBe(join(root, 'resources', 'fonts'));
    expect(() => fontDirFrom(join(dir, 'elsewhere'))).toThrow(/fonts for PDFs are missing/);
  });
});
