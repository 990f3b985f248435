/**
 * bench/ui: browser-driven figures (#20), in Debian's Chromium against `ace serve` on the demo campaign
 * (generated once into bench/.data): page load to the first chart painted (the renderer's performance
 * mark `ace:first-chart`, set when ECharts first renders), the script the first paint waits for, and the
 * switch to each other screen. Target: first chart ≤ 1.5 s.
 *
 *   npm run build && npx tsx bench/ui.ts [-- --runs 5 --entries 200000]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { Session } from '../src-main/core/session';
import { arg, num, pct, root } from './util';

const runs = arg('runs', 5);
const entries = arg('entries', 200_000);
const dir = join(root, 'bench/.data');
mkdirSync(dir, { recursive: true });
const workspace = join(dir, `ui-${entries}.duckdb`);

async function serve(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [
      join(root, 'node_modules/tsx/dist/cli.mjs'),
      join(root, 'src-main/cli/main.ts'),
      'serve',
      '--port',
      '0',
      '--json',
      '--workspace',
      workspace,
    ],
    {
      cwd: root,
      env: { ...process.env, ACE_DATA_DIR: dir },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
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
  return { url, stop: () => child.kill('SIGTERM') };
}

async function main() {
  if (!existsSync(join(root, 'out/renderer/index.html'))) throw new Error('Build the renderer first: npm run build');
  if (!existsSync(workspace)) {
    console.log(`Generating a demo workspace with ${num(entries)} entries (once) ...`);
    const s = new Session({ dataDir: dir });
    await s.open(workspace, { create: true });
    await s.generateDemo({ entries, seed: 42 });
    await s.close();
  }
  const server = await serve();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  const firstChart: number[] = [];
  const scripts: number[] = [];
  const screens: Record<string, number[]> = {};
  for (let i = 0; i < runs + 1; i++) {
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
  await browser.close();
  server.stop();
  console.log(`Demo campaign of ${num(entries)} entries, ${runs} cold page loads (after one warm-up of the server)\n`);
  console.log(
    `page load → first chart painted   p50 ${pct(firstChart, 50).toFixed(0)} ms, p95 ${pct(firstChart, 95).toFixed(0)} ms   target ≤ 1,500 ms`,
  );
  console.log(`script loaded before it           ${(pct(scripts, 50) / 1024 / 1024).toFixed(2)} MB`);
  for (const [name, xs] of Object.entries(screens)) console.log(`switch to ${name.padEnd(9)}             p50 ${pct(xs, 50).toFixed(0)} ms`);
}

await main();
