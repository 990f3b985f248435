/**
 * bench/ui: browser-driven figures (#20), in Debian's Chromium against `ace serve` on the demo campaign
 * (generated once into bench/.data): page load to the first chart painted (the renderer's performance
 * mark `ace:first-chart`, set when ECharts first renders), the script the first paint waits for, and the
 * switch to each other screen. Target: first chart ≤ 1.5 s. Then a cold open of the large workspace
 * bench:pivot makes (10M entries), when present: from starting `ace serve` (the built CLI, as a
 * launch opens it) to the Overview's chart painted. Target ≤ 2 s.
 *
 *   npm run build && npx tsx bench/ui.ts [-- --runs 5 --entries 200000 --large 10000000] [--large-only]
 *
 * --large-only: only the large workspace's figures (cold open, brushing, the ROI screen), without the demo's page loads.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { builtCliProblem, cliFile } from '../scripts/build-cli.mjs';
import { Session } from '../src-main/core/session';
import { arg, num, pct, root } from './util';

const runs = arg('runs', 5);
const entries = arg('entries', 200_000);
const dir = join(root, 'bench/.data');
mkdirSync(dir, { recursive: true });
const workspace = join(dir, `ui-${entries}.duckdb`);
const large = join(dir, `pivot-${arg('large', 10_000_000)}.duckdb`);
const largeOnly = process.argv.includes('--large-only');

async function serve(path = workspace, built = false): Promise<{ url: string; stop: () => Promise<void> }> {
  const cli = built ? [cliFile] : [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'src-main/cli/main.ts')];
  const child = spawn(process.execPath, [...cli, 'serve', '--port', '0', '--json', '--workspace', path], {
    cwd: root,
    env: { ...process.env, ACE_DATA_DIR: dir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      try {
        resolve((JSON.parse(out) as { url: string }).url);
      } catch {
        /* the whole JSON line has not arrived yet */
      }
    });
    child.once('exit', (code) => reject(new Error(`ace serve exited (${code})`)));
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Brushing Explore's timeline on the large workspace: each move's time from the pointer event to the
 * table and chart painted (the renderer's 'ace:brush-update' measures). The pointer coming over the
 * timeline builds the pivot's index (one scan) before the brush starts; target ≤ 50 ms p95.
 */
async function brushMoves(browser: Browser): Promise<{ first: number; moves: number[] }> {
  const server = await serve(large, true);
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Explore', exact: true }).click();
  const timeline = page.getByTestId('timeline');
  await timeline.waitFor({ timeout: 120_000 });
  await page.getByTestId('pivot-card').and(page.locator('[aria-busy="false"]')).waitFor({ timeout: 120_000 });
  const box = (await timeline.locator('canvas').first().boundingBox())!;
  const y = box.y + box.height / 2 - 10;
  // The pointer arrives over the timeline (the index is built then), and the brush starts after.
  const prepared = page.waitForResponse((r) => r.url().endsWith('/api/rpc/pivot.brushIndex'), { timeout: 120_000 });
  await page.mouse.move(box.x + box.width * 0.2, y);
  await prepared;
  await page.mouse.down();
  for (let i = 1; i <= 40; i++) {
    await page.mouse.move(box.x + box.width * (0.2 + i * 0.015), y);
    await page.waitForFunction(() => document.querySelector('[data-testid="pivot-card"]')?.getAttribute('data-brushing') === 'false');
  }
  await page.mouse.up();
  const all = await page.evaluate(() => performance.getEntriesByName('ace:brush-update').map((e) => e.duration));
  await context.close();
  await server.stop();
  return { first: all[0] ?? NaN, moves: all.slice(1) };
}

/** One call of the API `ace serve` answers (the token is in the page's URL). */
async function rpc<T>(url: string, method: string, input: unknown = {}): Promise<T> {
  const u = new URL(url);
  const r = await fetch(`${u.origin}/api/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ace-token': u.hash.replace('#token=', '') },
    body: JSON.stringify(input),
  });
  const body = (await r.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.value;
}

const BENCH_DASHBOARD = 'Bench: linked views (entries, revenue)';

/**
 * Brushing the entries tile of a dashboard with three saved views beside it (by channel, market and
 * media type; made once in the large workspace): each move's time until the last view tile painted its
 * answer (the renderer's 'ace:dash-brush-update' measures). Target ≤ 50 ms p95.
 */
async function dashBrushMoves(browser: Browser): Promise<{ first: number; moves: number[] }> {
  const server = await serve(large, true);
  type Dash = { dashboardId: string; name: string; tiles: unknown[] };
  if (!(await rpc<Dash[]>(server.url, 'dashboards.list')).some((d) => d.name === BENCH_DASHBOARD)) {
    const tiles: unknown[] = [
      { tileId: 'entries', kind: 'entries_over_time', title: 'Entries over time', note: '', x: 0, y: 0, w: 12, h: 3 },
    ];
    for (const [i, field] of ['channel', 'market', 'media_type'].entries()) {
      const v = await rpc<{ viewId: string }>(server.url, 'views.save', {
        name: `Bench: entries and revenue by ${field}`,
        spec: { rows: [field], measures: [{ fn: 'entries' }, { fn: 'revenue' }] },
        chart: 'table',
      });
      tiles.push({ tileId: `v${i}`, kind: 'view', viewId: v.viewId, title: field, note: '', x: i * 4, y: 3, w: 4, h: 4 });
    }
    tiles.push({ tileId: 'kpis', kind: 'kpis', title: 'Key figures', note: '', x: 0, y: 7, w: 12, h: 2 });
    await rpc(server.url, 'dashboards.save', { name: BENCH_DASHBOARD, tiles });
  }
  const id = (await rpc<Dash[]>(server.url, 'dashboards.list')).find((d) => d.name === BENCH_DASHBOARD)!.dashboardId;
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Dashboards', exact: true }).click();
  await page.getByRole('combobox', { name: 'Dashboard', exact: true }).selectOption(id);
  const chart = page.locator('[data-tile="entries"] [data-testid="echart"]');
  await chart.waitFor({ timeout: 120_000 });
  for (let i = 0; i < 3; i++) await page.locator(`[data-tile="v${i}"] tr.ex-line-total`).waitFor({ timeout: 120_000 });
  const box = (await chart.boundingBox())!;
  const y = box.y + box.height / 2;
  // The pointer over the entries tile builds each view's index; the brush starts once all three are in.
  let prepared = 0;
  const all = new Promise<void>((resolve) =>
    page.on('response', (r) => r.url().endsWith('/api/rpc/pivot.brushIndex') && ++prepared === 3 && resolve()),
  );
  await page.mouse.move(box.x + box.width * 0.2, y);
  await all;
  await page.mouse.down();
  for (let i = 1; i <= 40; i++) {
    const before = await page.evaluate(() => performance.getEntriesByName('ace:dash-brush-update').length);
    await page.mouse.move(box.x + box.width * (0.2 + i * 0.015), y);
    await page.waitForFunction((n) => performance.getEntriesByName('ace:dash-brush-update').length > n, before);
  }
  await page.mouse.up();
  const times = await page.evaluate(() => performance.getEntriesByName('ace:dash-brush-update').map((e) => e.duration));
  await context.close();
  await server.stop();
  return { first: times[0] ?? NaN, moves: times.slice(1) };
}

/**
 * Start `ace serve` on the large workspace and open the page: ms to the Overview's first chart, per run.
 * The browser tab is made first (as the desktop app makes its window while the core starts, not after
 * it): the clock runs from starting the server to the chart painted.
 */
async function coldOpens(browser: Browser, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const t0 = performance.now();
    const server = await serve(large, true);
    await page.goto(server.url);
    await page.waitForFunction(() => performance.getEntriesByName('ace:first-chart').length > 0, undefined, { timeout: 120_000 });
    out.push(performance.now() - t0);
    await context.close();
    await server.stop();
  }
  return out;
}

/**
 * The ROI screen opened on the large workspace, after the Overview (its derived tables built; one warm-up): ms from
 * the click to its table's first row, and to the weekly chart's figures arriving (asked once the table's are in).
 */
async function roiOpens(browser: Browser, n: number): Promise<{ table: number[]; weekly: number[] }> {
  const out = { table: [] as number[], weekly: [] as number[] };
  const server = await serve(large, true);
  try {
    for (let i = 0; i < n + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForFunction(() => performance.getEntriesByName('ace:first-chart').length > 0, undefined, { timeout: 120_000 });
      const weekly = page.waitForResponse((r) => r.url().endsWith('/roi.get') && (r.request().postData() ?? '').includes('"by":"week"'), {
        timeout: 120_000,
      });
      const t0 = performance.now();
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'ROI', exact: true }).click();
      await page.locator('.roi-table-card tbody tr').first().waitFor({ timeout: 120_000 });
      const table = performance.now() - t0;
      await weekly;
      if (i > 0) {
        out.table.push(table);
        out.weekly.push(performance.now() - t0);
      }
      await context.close();
    }
  } finally {
    await server.stop();
  }
  return out;
}

async function main() {
  if (!existsSync(join(root, 'out/renderer/index.html'))) throw new Error('Build the renderer first: npm run build');
  if (!largeOnly && !existsSync(workspace)) {
    console.log(`Generating a demo workspace with ${num(entries)} entries (once) ...`);
    const s = new Session({ dataDir: dir });
    await s.open(workspace, { create: true });
    await s.generateDemo({ entries, seed: 42 });
    await s.close();
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  const firstChart: number[] = [];
  const scripts: number[] = [];
  const screens: Record<string, number[]> = {};
  const server = largeOnly ? null : await serve();
  for (let i = 0; server && i < runs + 1; i++) {
    // A new context each time: nothing cached, as a first launch.
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => performance.getEntriesByName('ace:first-chart').length > 0, undefined, { timeout: 60_000 });
    const t = await page.evaluate(() => ({
      chart: performance.getEntriesByName('ace:first-chart')[0]!.startTime,
      js: performance
        .getEntriesByType('resource')
        .filter((r) => r.name.endsWith('.js') && r.startTime < performance.getEntriesByName('ace:first-chart')[0]!.startTime)
        .reduce((n, r) => n + (r as PerformanceResourceTiming).encodedBodySize, 0),
    }));
    if (i > 0) {
      firstChart.push(t.chart);
      scripts.push(t.js);
    }
    const nav = page.getByRole('navigation', { name: 'Screens' });
    for (const name of ['ROI', 'Explore', 'Segments', 'Map']) {
      const before = await page.locator('main h1').first().textContent();
      const t0 = Date.now();
      await nav.getByRole('button', { name, exact: true }).click();
      // The next screen's heading replaces the last one's (its chunk loaded and rendered).
      await page.waitForFunction((prev) => {
        const h = document.querySelector('main h1');
        return !!h && h.textContent !== prev;
      }, before);
      if (i > 0) (screens[name] ??= []).push(Date.now() - t0);
    }
    await context.close();
  }
  await server?.stop();
  const cold = existsSync(large) && !builtCliProblem() ? await coldOpens(browser, 3) : null;
  const brushed = cold ? await brushMoves(browser) : null;
  const dashBrushed = cold ? await dashBrushMoves(browser) : null;
  const roi = cold ? await roiOpens(browser, 3) : null;
  await browser.close();
  if (!largeOnly) {
    console.log(`Demo campaign of ${num(entries)} entries, ${runs} cold page loads (after one warm-up of the server)\n`);
    console.log(
      `page load → first chart painted   p50 ${pct(firstChart, 50).toFixed(0)} ms, p95 ${pct(firstChart, 95).toFixed(0)} ms   target ≤ 1,500 ms`,
    );
    console.log(`script loaded before it           ${(pct(scripts, 50) / 1024 / 1024).toFixed(2)} MB`);
    for (const [name, xs] of Object.entries(screens))
      console.log(`switch to ${name.padEnd(9)}             p50 ${pct(xs, 50).toFixed(0)} ms`);
  }
  if (cold)
    console.log(
      `\ncold open of ${large.split('/').pop()} (ace serve started → Overview chart painted): ${cold.map((x) => `${(x / 1000).toFixed(2)} s`).join(', ')}   target ≤ 2 s`,
    );
  if (brushed)
    console.log(
      `brushing Explore's timeline there (index built on hover): first move ${brushed.first.toFixed(0)} ms; next ${brushed.moves.length} moves p50 ${pct(brushed.moves, 50).toFixed(0)} ms, p95 ${pct(brushed.moves, 95).toFixed(0)} ms   target ≤ 50 ms`,
    );
  if (dashBrushed)
    console.log(
      `brushing a dashboard's entries tile with 3 view tiles: first move ${dashBrushed.first.toFixed(0)} ms; next ${dashBrushed.moves.length} moves p50 ${pct(dashBrushed.moves, 50).toFixed(0)} ms, p95 ${pct(dashBrushed.moves, 95).toFixed(0)} ms   target ≤ 50 ms`,
    );
  if (roi)
    console.log(
      `the ROI screen there (after the Overview): table p50 ${(pct(roi.table, 50) / 1000).toFixed(2)} s, worst ${(Math.max(...roi.table) / 1000).toFixed(2)} s; weekly chart's figures p50 ${(pct(roi.weekly, 50) / 1000).toFixed(2)} s   (no target of its own in #20; exact distinct counts)`,
    );
  if (!cold) console.log(`\n(no cold open: needs ${large} from bench:pivot and the built CLI, node scripts/build-cli.mjs)`);
}

await main();
