import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoWorkspace, expect, serve, test, type Served } from './fixtures';
import { ExplorePage } from './pages/ExplorePage';

/**
 * Linked views: dragging across Explore's timeline brushes a date range; while dragging, the table
 * follows each move (from the core's per-pivot index), and letting go keeps the range as a filter
 * whose exact pivot shows the same figures. Each move's time to paint is a performance measure that
 * bench:ui reports (speed is measured there, not asserted here).
 */
let dir: string;
let server: Served;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = mkdtempSync(join(tmpdir(), 'ace-brush-'));
  server = await serve({ workspace: await demoWorkspace(join(dir, 'campaign.duckdb'), { entries: 20000, seed: 7 }), dataDir: dir });
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('brushing the timeline updates the table on every move, and the range it leaves as a filter gives the same figures', async ({
  page,
}) => {
  const ex = new ExplorePage(page);
  await ex.open(server.url);
  const before = await ex.cells();
  const timeline = page.getByTestId('timeline');
  await expect(timeline).toBeVisible();
  const box = (await timeline.locator('canvas').first().boundingBox())!;
  const y = box.y + box.height / 2 - 10;
  const x0 = box.x + box.width * 0.3;

  // The pointer coming over the timeline fetches the pivot's brush index: the moves are added up here after it.
  const indexed = page.waitForResponse((r) => r.url().endsWith('/api/rpc/pivot.brushIndex'));
  await page.mouse.move(x0, y);
  await indexed;
  let asked = 0;
  page.on('request', (r) => void (r.url().endsWith('/api/rpc/pivot.brush') && asked++));
  await page.mouse.down();
  const status = page.getByTestId('pivot-status');
  const card = page.getByTestId('pivot-card');
  let last = '';
  for (let i = 1; i <= 8; i++) {
    await page.mouse.move(x0 + i * box.width * 0.04, y, { steps: 2 });
    // The table answers this range once no move is on its way.
    await expect(card).toHaveAttribute('data-brushing', 'false');
    await expect(status).toHaveText(/^Brushed \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/);
    const text = (await status.textContent())!;
    expect(text).not.toBe(last); // each move brushed a wider range
    last = text;
  }
  const during = await ex.cells();
  expect(during).not.toEqual(before);
  expect(asked).toBe(0);
  const [, from, to] = /^Brushed (\S+) to (\S+)$/.exec(last)!;
  await page.screenshot({ path: 'test-results/screens/explore-brush.png' });
  await page.mouse.up();

  // Let go: the range becomes a filter; the exact pivot over it equals what the brush showed.
  await expect(ex.filterTexts.filter({ hasText: from! }).filter({ hasText: to! })).toHaveCount(1);
  await ex.settled();
  expect(await ex.cells()).toEqual(during);
  const moves = await page.evaluate(() => performance.getEntriesByName('ace:brush-update').length);
  expect(moves).toBeGreaterThanOrEqual(8);
});
