import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { Dashboard } from '../../src-main/contract/dashboards';
import type { RoiResult } from '../../src-main/contract/roi';
import { pdfFonts, pdfInfo, pdfPageText } from '../support/pdf';
import { apiCall, demoWorkspace, expect, serve, test, type Served } from './fixtures';

/**
 * Slides of wide tables: a saved Explore view with many columns and ROI by media buy, presented at the
 * two screen sizes people present on. Each slide fits its screen (no scrollbar, no column cut off, type
 * never below 14 px), shows what does not fit in further parts of the slide, and says its dates and
 * filters; the slides PDF carries the same words in embedded Unicode fonts.
 */
const SHOTS = join(process.cwd(), 'test-results', 'screens');
/** The dashboard's name: Latin accents, maths signs, Cyrillic and Chinese, which the PDF must print as they are. */
const NAME = 'Zoë ≥ × ÷ Дмитрий 王';

async function setUp(tmp: string): Promise<{ server: Served; channels: string[] }> {
  const workspace = join(tmp, 'campaign.duckdb');
  await demoWorkspace(workspace, { entries: 3000, seed: 4 });
  const server = await serve({ workspace, dataDir: tmp });
  const byChannel = await apiCall<RoiResult>(server, 'roi.get', { by: 'channel' });
  const channels = byChannel.rows
    .filter((r) => r.key && r.entries > 0)
    .map((r) => r.key!)
    .slice(0, 2);
  // Two row fields, a column field with eight markets and two measures: 18 figure columns.
  const view = await apiCall<{ viewId: string }>(server, 'views.save', {
    name: 'Entries and revenue by media buy, channel and market',
    spec: {
      rows: ['media_buy', 'channel'],
      cols: ['market'],
      measures: [{ fn: 'entries' }, { fn: 'revenue' }],
      filters: [{ field: 'channel', op: 'in', values: channels }],
    },
    chart: 'table',
  });
  const [d] = await apiCall<Dashboard[]>(server, 'dashboards.list');
  await apiCall(server, 'dashboards.save', {
    dashboardId: d!.dashboardId,
    name: NAME,
    tiles: [
      { tileId: 'wide', kind: 'view', viewId: view.viewId, title: 'Entries and revenue by market', note: '', x: 0, y: 0, w: 12, h: 5 },
      { tileId: 'roi', kind: 'roi', title: 'ROI by media buy', note: 'Radio paid for itself.', x: 0, y: 5, w: 12, h: 5 },
    ],
    filters: { from: '2026-03-15', to: '2026-05-10', channel: [], market: [], media_type: [] },
  });
  return { server, channels };
}

/** The slide's box and its table overflow nothing, and every cell is drawn inside the box. */
async function expectFits(body: Locator, table: Locator) {
  const fit = body.locator('.slide-fit');
  const m = await fit.evaluate((el) => {
    const box = el.getBoundingClientRect();
    // The table shown is the box's own child (the one measured hidden sits in a clipped layer).
    const t = el.querySelector<HTMLElement>(':scope > table')!;
    const all = Array.from(t.querySelectorAll<HTMLElement>('th, td'));
    const cells = all.map((c) => c.getBoundingClientRect());
    return {
      box: { sw: el.scrollWidth, cw: el.clientWidth, sh: el.scrollHeight, ch: el.clientHeight },
      table: { sw: t.scrollWidth, cw: t.clientWidth },
      outside: cells.filter((c) => c.right > box.right + 0.5 || c.bottom > box.bottom + 0.5).length,
      cells: cells.length,
      font: Math.min(...all.map((c) => parseFloat(getComputedStyle(c).fontSize))),
    };
  });
  // The slide's own body (its box is 100% of it, not as tall as the table) and the presentation scroll neither.
  const outer = await body.evaluate((el) => ({
    sh: el.scrollHeight,
    ch: el.clientHeight,
    sw: el.scrollWidth,
    cw: el.clientWidth,
    fitBottom: el.querySelector('.slide-fit')!.getBoundingClientRect().bottom - el.getBoundingClientRect().bottom,
    // The presentation itself (a fixed layer over the dashboard page, which scrolls under it as it likes).
    show: ((p) => ({ sh: p.scrollHeight, ch: p.clientHeight, sw: p.scrollWidth, cw: p.clientWidth }))(el.closest('.present')!),
  }));
  expect(outer.sh).toBeLessThanOrEqual(outer.ch);
  expect(outer.sw).toBeLessThanOrEqual(outer.cw);
  expect(outer.fitBottom).toBeLessThanOrEqual(0.5);
  expect(outer.show.sh).toBeLessThanOrEqual(outer.show.ch);
  expect(outer.show.sw).toBeLessThanOrEqual(outer.show.cw);
  expect(m.box.sw).toBeLessThanOrEqual(m.box.cw);
  expect(m.box.sh).toBeLessThanOrEqual(m.box.ch);
  expect(m.table.sw).toBeLessThanOrEqual(m.table.cw);
  expect(m.cells).toBeGreaterThan(0);
  expect(m.outside).toBe(0);
  expect(m.font).toBeGreaterThanOrEqual(14);
  await expect(table).toBeVisible();
}

/** Walks the parts of the current slide (→), returning the row keys and column headings each part shows. */
async function walkParts(page: Page, testId: string, shot: string) {
  const show = page.getByTestId('presentation');
  const body = show.getByTestId('slide-body');
  const table = body.getByTestId(testId);
  await expect(table).toBeVisible();
  const partText = await show
    .getByTestId('slide-part')
    .textContent({ timeout: 2000 })
    .catch(() => null);
  const parts = partText ? Number(/of (\d+)/.exec(partText)![1]) : 1;
  const rows = new Set<string>();
  const heads = new Set<string>();
  for (let i = 0; i < parts; i++) {
    if (parts > 1) await expect(show.getByTestId('slide-part')).toContainText(`part ${i + 1} of ${parts}`);
    await expectFits(body, table);
    for (const k of await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key')!))) rows.add(k);
    for (const h of await table.locator('thead tr:last-child th.num').allTextContents()) heads.add(h);
    if (i === 0) await page.screenshot({ path: join(SHOTS, shot) });
    if (i < parts - 1) await page.keyboard.press('ArrowRight');
  }
  return { parts, rows, heads };
}

for (const size of [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
]) {
  test(`slides at ${size.width}x${size.height}: a wide Explore view and ROI fit, in parts, with their dates and filters`, async ({
    page,
    tmp,
  }) => {
    const { server, channels } = await setUp(tmp);
    try {
      await page.setViewportSize(size);
      for (const theme of ['light', 'dark'] as const) {
        await page.goto(server.url);
        await page.getByLabel('Theme').selectOption(theme);
        await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Dashboards', exact: true }).click();
        await expect(page.locator('[data-tile="wide"] [data-testid="pivot-table"]')).toBeVisible();
        await page.getByRole('button', { name: 'Present' }).click();
        const show = page.getByTestId('presentation');
        await expect(show.getByTestId('slide-title')).toHaveText('Entries and revenue by market');
        // The dates and every filter, the view's own included, in words.
        const scope = show.getByTestId('slide-scope');
        await expect(scope).toContainText('Dates: Mar 15, 2026 – May 10, 2026');
        await expect(scope).toContainText(`Filters: Channel: ${channels.join(', ')}`);

        const wide = await walkParts(page, 'slide-view-table', `slide-view-${size.width}-${theme}.png`);
        // Nothing cut: across its parts the slide showed all 18 figure columns (8 markets and the total, 2 measures each).
        expect(wide.parts).toBeGreaterThan(1);
        expect(wide.heads.size).toBe(2);
        const cols = await show.getByTestId('slide-view-table').locator('thead tr:last-child th.num').count();
        expect(cols).toBeLessThanOrEqual(18);
        await expect(show.getByTestId('slide-part-note')).toContainText(/Rows \d+–\d+ of \d+|columns \d+–18 of 18/);
        expect([...wide.rows].some((k) => k === '[0,[]]')).toBe(true); // the grand total, on the last part

        // ROI by media buy: every media buy and the total, in whole rows, in one part or more.
        await page.keyboard.press('ArrowRight');
        await expect(show.getByTestId('slide-title')).toHaveText('ROI by media buy');
        await expect(show.getByTestId('slide-scope')).toContainText('Filters: none');
        const roi = await walkParts(page, 'dash-roi-table', `slide-roi-${size.width}-${theme}.png`);
        const all = await apiCall<RoiResult>(server, 'roi.get', { by: 'media_buy', from: '2026-03-15', to: '2026-05-10' });
        expect(roi.rows.size).toBe(all.rows.length + 1);
        expect(roi.rows.has('total')).toBe(true);
        // ← goes back through the parts, into the previous slide's last part.
        for (let i = 0; i < roi.parts; i++) await page.keyboard.press('ArrowLeft');
        await expect(show.getByTestId('slide-title')).toHaveText('Entries and revenue by market');
        await expect(show.getByTestId('slide-part')).toContainText(`part ${wide.parts} of ${wide.parts}`);
        await page.keyboard.press('Escape');
      }
    } finally {
      await server.stop();
    }
  });
}

test('the slides PDF embeds its fonts, prints any script as it is, and says each page’s dates and filters', async ({ page, tmp }) => {
  const { server, channels } = await setUp(tmp);
  try {
    await page.goto(server.url);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Dashboards', exact: true }).click();
    await expect(page.locator('[data-tile="wide"] [data-testid="pivot-table"]')).toBeVisible();
    await expect(page.getByTestId('dash-roi-table')).toBeVisible();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Slides PDF' }).click();
    const file = (await (await download).path())!;
    // Kept to be looked at (pdftoppm -png), as the screenshots are.
    mkdirSync(SHOTS, { recursive: true });
    copyFileSync(file, join(SHOTS, 'slides.pdf'));
    const pages = pdfInfo(file).pages;
    const texts = Array.from({ length: pages }, (_, i) => pdfPageText(file, i + 1));
    // The name in four scripts, as itself, on every page.
    for (const t of texts) expect(t).toContain(NAME);
    for (const f of pdfFonts(file)) expect(f, f.name).toMatchObject({ embedded: true, unicode: true });
    expect(pdfFonts(file).map((f) => f.name)).toEqual(expect.arrayContaining([expect.stringMatching(/DroidSansFallback$/)]));
    // Every page says its dates and filters; the view's pages its own filter too.
    for (const t of texts) expect(t.replace(/\s+/g, ' ')).toContain('Dates: Mar 15, 2026 – May 10, 2026');
    const viewPages = texts.filter((t) => t.includes('Entries and revenue by market'));
    expect(viewPages.length).toBeGreaterThan(0);
    for (const t of viewPages) expect(t.replace(/\s+/g, ' ')).toContain(`Filters: Channel: ${channels.join(', ')}`);
    // All 18 figure columns are in the PDF, none shortened with "…".
    expect(viewPages.join('\n')).toMatch(/columns \d+–18 of 18|Total · Revenue/);
    expect(texts.join('\n')).not.toContain('…');
    // The dashboard PDF's cover says the dashboard's own dates and filters in the same words.
    const board = page.waitForEvent('download');
    await page.getByRole('button', { name: 'PDF', exact: true }).click();
    const cover = pdfPageText((await (await board).path())!, 1).replace(/\s+/g, ' ');
    expect(cover).toContain(NAME);
    expect(cover).toContain('Dates: Mar 15, 2026 – May 10, 2026 · Filters: none');
  } finally {
    await server.stop();
  }
});
