import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Dashboard } from '../../src-main/contract/dashboards';
import type { RoiResult } from '../../src-main/contract/roi';
import { pdfInfo, pdfPageText, renderPage } from '../support/pdf';
import { apiCall, demoWorkspace, expect, serve, test, type Served } from './fixtures';

const SHOTS = join(process.cwd(), 'test-results', 'screens');
const count = (n: number) => n.toLocaleString('en-US');
const money = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

async function start(tmp: string): Promise<Served> {
  const workspace = join(tmp, 'campaign.duckdb');
  await demoWorkspace(workspace, { entries: 3000, seed: 4 });
  return serve({ workspace, dataDir: tmp });
}

async function openDashboards(page: Page, server: Served) {
  await page.goto(server.url);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Dashboards', exact: true }).click();
  await expect(page.getByTestId('dashboard-grid')).toBeVisible();
}

/** Counts what an image shows, drawn in the browser: its size and the pixels that differ from its corner. */
async function imageInk(page: Page, bytes: Buffer, type: string): Promise<{ width: number; height: number; ink: number; colours: number }> {
  return page.evaluate(
    async ({ b64, type }) => {
      const img = new Image();
      img.src = `data:${type};base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const g = c.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      const colours = new Set<number>();
      for (let i = 0; i < d.length; i += 4) {
        if (Math.abs(d[i]! - d[0]!) + Math.abs(d[i + 1]! - d[1]!) + Math.abs(d[i + 2]! - d[2]!) > 30) ink++;
        colours.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
      }
      return { width: c.width, height: c.height, ink: ink / (d.length / 4), colours: colours.size };
    },
    { b64: bytes.toString('base64'), type },
  );
}

test('Campaign results shows the figures ROI computes; its filters narrow every entries tile and are kept with it', async ({
  page,
  tmp,
}) => {
  const server = await start(tmp);
  try {
    const all = await apiCall<RoiResult>(server, 'roi.get', { by: 'media_buy' });
    await openDashboards(page, server);
    await expect(page.getByTestId('dash-kpi-entries')).toContainText(count(all.total.entries));
    await expect(page.getByTestId('dash-kpi-revenue')).toContainText(money(all.total.revenue));
    await expect(page.getByTestId('dash-roi-table').locator('tr[data-key="total"]')).toContainText(money(all.total.spend));
    await expect(page.locator('[data-tile="entries"] [data-testid="echart"]')).toBeVisible();
    // The first map of a workspace loads the reference shapes first (about a second; far longer on a busy machine).
    await expect(page.locator('[data-tile="map"] [data-testid="echart"]')).toBeVisible({ timeout: 30_000 });

    // Filter the dashboard by the channel with most entries: every entries tile follows.
    const byChannel = await apiCall<RoiResult>(server, 'roi.get', { by: 'channel' });
    const channel = [...byChannel.rows].filter((r) => r.key && !r.key.startsWith('(')).sort((a, b) => b.entries - a.entries)[0]!.key!;
    const narrowed = await apiCall<RoiResult>(server, 'roi.get', { by: 'media_buy', filters: { channel: [channel] } });
    expect(narrowed.total.entries).toBeLessThan(all.total.entries);
    await page.getByTestId('filter-dash-channel').locator('summary').click();
    await page.getByTestId('filter-dash-channel').getByLabel(channel, { exact: true }).check();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('dash-kpi-entries')).toContainText(count(narrowed.total.entries));
    await expect(page.getByTestId('dash-roi-table').locator('tr[data-key="total"]')).toContainText(money(narrowed.total.spend));
    // Tiles about people or targets say plainly that the filters do not narrow them.
    await expect(page.locator('[data-tile="segments"]').getByText('not filtered')).toBeVisible();
    await expect(page.locator('[data-tile="entries"]').getByText('not filtered')).toHaveCount(0);
    await page.screenshot({ path: join(SHOTS, 'dashboard-filtered.png'), fullPage: true });

    // Kept in the workspace: after a reload the dashboard opens filtered.
    const [saved] = await apiCall<Dashboard[]>(server, 'dashboards.list');
    expect(saved!.filters.channel).toEqual([channel]);
    await openDashboards(page, server);
    await expect(page.getByTestId('dash-kpi-entries')).toContainText(count(narrowed.total.entries));
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page.getByTestId('dash-kpi-entries')).toContainText(count(all.total.entries));
  } finally {
    await server.stop();
  }
});

test('brushing the entries tile moves the view tiles with it, then filters the whole dashboard; so does a market clicked in a view tile', async ({
  page,
  tmp,
}) => {
  const server = await start(tmp);
  try {
    const all = await apiCall<RoiResult>(server, 'roi.get', { by: 'media_buy' });
    // Two saved views on the dashboard beside its own tiles: both follow the brush as it moves.
    const [d] = await apiCall<Dashboard[]>(server, 'dashboards.list');
    const views = [
      { tileId: 'bymarket', name: 'Entries by market', rows: ['market'] },
      { tileId: 'bychannel', name: 'Entries by channel', rows: ['channel'] },
    ];
    const tiles = [];
    for (const [i, v] of views.entries()) {
      const saved = await apiCall<{ viewId: string }>(server, 'views.save', {
        name: v.name,
        spec: { rows: v.rows, measures: [{ fn: 'entries' }] },
        chart: 'table',
      });
      tiles.push({ tileId: v.tileId, kind: 'view', viewId: saved.viewId, title: v.name, note: '', x: i * 6, y: 60, w: 6, h: 4 });
    }
    await apiCall(server, 'dashboards.save', {
      dashboardId: d!.dashboardId,
      name: d!.name,
      tiles: [...d!.tiles, ...tiles],
      filters: d!.filters,
    });
    await openDashboards(page, server);
    await expect(page.getByTestId('dash-kpi-entries')).toContainText(count(all.total.entries));
    const totalOf = (tileId: string) => page.locator(`[data-tile="${tileId}"] tr.ex-line-total`);
    for (const v of views) await expect(totalOf(v.tileId)).toContainText(count(all.total.entries));
    const chart = page.locator('[data-tile="entries"] [data-testid="echart"]');
    await expect(chart).toBeVisible();
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    const y = box.y + box.height * 0.45;
    const grid = page.getByTestId('dashboard-grid');
    await page.mouse.move(box.x + box.width * 0.35, y);
    await page.mouse.down();
    // While dragging: each move's range limits both view tiles; the key figures wait (dimmed) for the release.
    for (const to of [0.45, 0.55]) {
      await page.mouse.move(box.x + box.width * to, y, { steps: 3 });
      await expect(grid).toHaveAttribute('data-brushed', /\d{4}-\d\d-\d\d\.\.\d{4}-\d\d-\d\d/);
      await expect(page.locator('[data-tile="kpis"]')).toHaveClass(/brush-waiting/);
      const [from, until] = (await grid.getAttribute('data-brushed'))!.split('..');
      const brushed = await apiCall<RoiResult>(server, 'roi.get', { by: 'media_buy', from, to: until });
      expect(brushed.total.entries).toBeLessThan(all.total.entries);
      for (const v of views) await expect(totalOf(v.tileId)).toContainText(count(brushed.total.entries));
      // Nothing is saved until the brush ends.
      expect((await apiCall<Dashboard[]>(server, 'dashboards.list'))[0]!.filters.from).toBeUndefined();
    }
    // The viewport only: a full-page shot resizes the page, which would end the drag.
    await page.screenshot({ path: join(SHOTS, 'dashboard-brushing.png') });
    await page.mouse.up();
    // The range is the dashboard's now (saved with it), and every entries tile follows it.
    await expect
      .poll(async () => (await apiCall<Dashboard[]>(server, 'dashboards.list'))[0]!.filters.from ?? null, { timeout: 10_000 })
      .not.toBeNull();
    const { from, to } = (await apiCall<Dashboard[]>(server, 'dashboards.list'))[0]!.filters;
    expect(from! <= to!).toBe(true);
    const ranged = await apiCall<RoiResult>(server, 'roi.get', { by: 'media_buy', from, to });
    expect(ranged.total.entries).toBeLessThan(all.total.entries);
    await expect(page.getByTestId('dash-kpi-entries')).toContainText(count(ranged.total.entries));
    await expect(page.getByTestId('dash-roi-table').locator('tr[data-key="total"]')).toContainText(money(ranged.total.spend));
    await page.screenshot({ path: join(SHOTS, 'dashboard-brushed.png'), fullPage: true });

    await expect(page.locator('[data-tile="kpis"]')).not.toHaveClass(/brush-waiting/);
    for (const v of views) await expect(totalOf(v.tileId)).toContainText(count(ranged.total.entries));

    // A market clicked in a view tile's table filters the whole dashboard by it too.
    await page.locator('[data-tile="bymarket"]').getByRole('button', { name: 'Boston', exact: true }).click();
    await expect
      .poll(async () => (await apiCall<Dashboard[]>(server, 'dashboards.list'))[0]!.filters.market, { timeout: 10_000 })
      .toEqual(['Boston']);
    const boston = await apiCall<RoiResult>(server, 'roi.get', { by: 'media_buy', from, to, filters: { market: ['Boston'] } });
    expect(boston.total.entries).toBeLessThan(ranged.total.entries);
    await expect(page.getByTestId('dash-kpi-entries')).toContainText(count(boston.total.entries));
  } finally {
    await server.stop();
  }
});

test('Edit adds a saved view and reorders tiles; Present shows them as slides in that order with keys; Esc leaves', async ({
  page,
  tmp,
}) => {
  const server = await start(tmp);
  try {
    await apiCall(server, 'views.save', {
      name: 'Entries by market',
      spec: { rows: ['market'], measures: [{ fn: 'entries' }] },
      chart: 'bar',
    });
    await openDashboards(page, server);
    await page.getByRole('button', { name: 'Edit' }).click();
    const add = page.getByRole('region', { name: 'Add a tile' });
    await add.getByLabel('Add a tile').selectOption({ label: 'A saved Explore view' });
    await add.getByLabel('Saved view').selectOption({ label: 'Entries by market' });
    await add.getByRole('button', { name: 'Add' }).click();
    const tile = page.locator('[data-kind="view"]');
    await tile.getByLabel('Tile title').fill('Entries by market, this spring');
    await tile.getByLabel('Speaker note for this slide').fill('Boston leads; Dallas is catching up.');
    await tile.getByRole('button', { name: 'Move earlier' }).click();
    await page.screenshot({ path: join(SHOTS, 'dashboard-edit.png'), fullPage: true });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Edit' })).toBeVisible();

    const [d] = await apiCall<Dashboard[]>(server, 'dashboards.list');
    const order = [...d!.tiles].sort((a, b) => a.y - b.y || a.x - b.x);
    expect(order.map((t) => t.tileId)).toEqual(['kpis', 'objectives', 'roi', 'entries', 'map', 't7', 'segments']);
    expect(order[5]).toMatchObject({ kind: 'view', title: 'Entries by market, this spring', note: 'Boston leads; Dallas is catching up.' });
    await expect(page.locator('[data-kind="view"] [data-testid="echart"]')).toBeVisible();

    await page.getByRole('button', { name: 'Present' }).click();
    const show = page.getByTestId('presentation');
    await expect(show).toBeVisible();
    const titles: string[] = [];
    for (let i = 0; i < order.length; i++) {
      await expect(show.getByTestId('slide-count')).toHaveText(`${i + 1} / ${order.length}`);
      titles.push((await show.getByTestId('slide-title').textContent())!);
      if (i === 5) {
        await expect(show.getByTestId('slide-note')).toHaveText('Boston leads; Dallas is catching up.');
        await expect(show.getByTestId('slide-body').getByTestId('echart')).toBeVisible();
        await page.screenshot({ path: join(SHOTS, 'presentation-view.png') });
      }
      await page.keyboard.press(i % 2 ? 'Space' : 'ArrowRight');
    }
    expect(titles).toEqual(order.map((t) => t.title));
    // Past the end stays on the last; back, home and end move as in any slide deck.
    await expect(show.getByTestId('slide-count')).toHaveText(`${order.length} / ${order.length}`);
    await page.keyboard.press('ArrowLeft');
    await expect(show.getByTestId('slide-title')).toHaveText(order[5]!.title);
    await page.keyboard.press('Home');
    await expect(show.getByTestId('slide-title')).toHaveText(order[0]!.title);
    // High contrast: white type on black, large.
    const look = await show.evaluate((el) => ({
      bg: getComputedStyle(el).backgroundColor,
      fg: getComputedStyle(el).color,
      title: parseFloat(getComputedStyle(el.querySelector('h1')!).fontSize),
    }));
    expect(look).toMatchObject({ bg: 'rgb(0, 0, 0)', fg: 'rgb(255, 255, 255)' });
    expect(look.title).toBeGreaterThanOrEqual(40);
    await expect(show.getByTestId('slide-body').getByTestId('dash-kpi-entries')).toBeVisible();
    await page.screenshot({ path: join(SHOTS, 'presentation-kpis.png') });
    await page.keyboard.press('Escape');
    await expect(show).toHaveCount(0);
  } finally {
    await server.stop();
  }
});

test('the dashboard and its slides save as PDFs with a page per tile; print gives a tile per page; any chart saves as PNG and SVG', async ({
  page,
  tmp,
}) => {
  const server = await start(tmp);
  try {
    await openDashboards(page, server);
    await expect(page.locator('[data-tile="entries"] [data-testid="echart"]')).toBeVisible();
    await expect(page.getByTestId('dash-roi-table')).toBeVisible();
    const [d] = await apiCall<Dashboard[]>(server, 'dashboards.list');
    const order = [...d!.tiles].sort((a, b) => a.y - b.y || a.x - b.x);

    // The screen is dark; paper is not: the PDF's charts are drawn in the light palette.
    await page.getByLabel('Theme').selectOption('dark');
    const slides = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Slides PDF' }).click();
    const slidesFile = await (await slides).path();
    const info = pdfInfo(slidesFile);
    expect(info.pages).toBe(order.length);
    expect(info.size[0]).toBeGreaterThan(info.size[1]);
    order.forEach((t, i) => expect(pdfPageText(slidesFile, i + 1)).toContain(t.title));
    // The entries chart's page, rendered: its image carries ink across the page; the ROI page has the figures as text.
    const chartPage = renderPage(slidesFile, order.findIndex((t) => t.tileId === 'entries') + 1);
    expect(chartPage.inked).toBeGreaterThan(0.05);
    expect(chartPage.dark).toBeLessThan(0.2);
    // The map (the slowest tile, often still loading when the button is pressed): the PDF waits for it.
    expect(renderPage(slidesFile, order.findIndex((t) => t.tileId === 'map') + 1).inked).toBeGreaterThan(0.1);
    const all = await apiCall<RoiResult>(server, 'roi.get', { by: 'media_buy' });
    expect(pdfPageText(slidesFile, order.findIndex((t) => t.tileId === 'roi') + 1)).toContain(money(all.total.spend));

    const board = page.waitForEvent('download');
    await page.getByRole('button', { name: 'PDF', exact: true }).click();
    const boardFile = await (await board).path();
    expect(pdfInfo(boardFile).pages).toBe(order.length + 1);
    expect(pdfPageText(boardFile, 1)).toContain('Campaign results');
    // The PDF is a job in the core: the notice names the downloaded file and its page count.
    await expect(page.getByText(`Downloaded campaign-results.pdf (${order.length + 1} pages).`)).toBeVisible();
    // The job tray shows the finished PDF jobs (looked at by hand: test-results/screens).
    await page.screenshot({ path: join(SHOTS, 'dashboards-pdf-jobs-dark.png') });

    await page.getByLabel('Theme').selectOption('light');
    // Print (what Electron's printToPDF and the browser's "Save as PDF" render): one tile per page.
    await page.emulateMedia({ media: 'print' });
    const printed = await page.pdf({ format: 'Letter', landscape: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    // Each tile starts its own page, in order; a long table may run onto the next.
    const printedPages = Array.from({ length: pdfInfo(printed).pages }, (_, i) => pdfPageText(printed, i + 1).replace(/\s+/g, ' '));
    const starts = order.map((t) => printedPages.findIndex((text) => text.includes(t.title)));
    expect(starts[0]).toBe(0);
    for (let i = 1; i < starts.length; i++) expect(starts[i]).toBeGreaterThan(starts[i - 1]!);
    expect(printedPages.length).toBeLessThanOrEqual(order.length + 1);
    expect(printedPages[starts[order.findIndex((t) => t.tileId === 'roi')]!]).toContain(money(all.total.spend).slice(0, 4));

    // Chart exports from the chart's own buttons: a PNG at twice the screen size, an SVG of the same chart.
    const chart = page.locator('[data-tile="entries"] [data-testid="echart"]');
    const box = (await chart.boundingBox())!;
    await chart.hover();
    const png = page.waitForEvent('download');
    await page.locator('[data-tile="entries"]').getByRole('button', { name: 'PNG' }).click();
    const pngDownload = await png;
    expect(pngDownload.suggestedFilename()).toBe('entries-over-time.png');
    const pngBytes = readFileSync((await pngDownload.path())!);
    expect(pngBytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    const pngSeen = await imageInk(page, pngBytes, 'image/png');
    expect(pngSeen.width).toBe(Math.round(box.width) * 2);
    expect(pngSeen.ink).toBeGreaterThan(0.02);
    expect(pngSeen.colours).toBeGreaterThan(20);

    await chart.hover();
    const svg = page.waitForEvent('download');
    await page.locator('[data-tile="entries"]').getByRole('button', { name: 'SVG' }).click();
    const svgDownload = await svg;
    expect(svgDownload.suggestedFilename()).toBe('entries-over-time.svg');
    const svgText = readFileSync((await svgDownload.path())!, 'utf8');
    expect(svgText).toMatch(/^<svg[^>]+width="\d+"/);
    expect(svgText).toContain('7-day average');
    expect(svgText).toContain('2026-03');
    const svgSeen = await imageInk(page, Buffer.from(svgText), 'image/svg+xml');
    expect(svgSeen.width).toBe(Math.round(box.width));
    expect(svgSeen.ink).toBeGreaterThan(0.02);
  } finally {
    await server.stop();
  }
});
