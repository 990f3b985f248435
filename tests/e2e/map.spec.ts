import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreSummary, StoreView } from '../../src-main/contract/geo';
import { aceJson, expect, serve, test, type Served } from './fixtures';

const SCREENS = 'test-results/screens';
const count = new Intl.NumberFormat('en-US');

let dir: string;
let server: Served;

/** The served API itself, with the launch token from the URL (as the page uses it). */
async function call<T>(method: string, input: unknown): Promise<T> {
  const token = new URL(server.url).hash.replace('#token=', '');
  const r = await fetch(`${server.origin}/api/rpc/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-ace-token': token }, body: JSON.stringify(input) });
  const body = (await r.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(body.error?.message);
  return body.value;
}

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ace-map-'));
  const workspace = join(dir, 'campaign.duckdb');
  aceJson(['demo', '--workspace', workspace, '--entries', '20000', '--seed', '3']);
  server = await serve({ workspace, dataDir: dir });
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the store table and a store view show what the API computes; one click makes the responders a segment', async ({ page }) => {
  const stores = await call<StoreSummary[]>('geo.stores', { miles: 10 });
  const zips = await call<{ noLocation: number; people: number }>('geo.zips', {});
  await page.goto(server.url);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Map', exact: true }).click();
  const table = page.getByTestId('store-table');
  await expect(table.locator('tbody tr')).toHaveCount(stores.length);
  for (const s of stores.slice(0, 5)) {
    await expect(table.locator(`tr[data-store="${s.store_id}"] td[data-col="responders"]`)).toHaveText(count.format(s.responders));
  }
  await expect(page.getByTestId('no-location')).toContainText(`${count.format(zips.noLocation)} of ${count.format(zips.people)} people`);

  const busiest = stores[0]!;
  const view = await call<StoreView>('geo.storeView', { storeId: busiest.store_id, miles: 10 });
  const segmentCount = await call<{ people: number }>('segments.count', { rule: view.rule });
  expect(segmentCount.people).toBe(view.responders);
  await table.locator(`tr[data-store="${busiest.store_id}"]`).getByRole('button', { name: busiest.store_id }).click();
  const shown = page.getByTestId('store-view');
  await expect(shown.getByTestId('store-responders')).toHaveText(count.format(view.responders));
  await page.waitForTimeout(500); // let the map finish drawing before the screenshot
  await page.screenshot({ path: `${SCREENS}/map-light.png`, fullPage: true });
  await shown.getByRole('button', { name: /Make a segment of these/ }).click();
  await expect(shown.getByTestId('store-segment')).toContainText('Saved segment');
  const list = await call<{ name: string }[]>('segments.list', {});
  expect(list.map((s) => s.name)).toContain(`Within 10 mi of ${busiest.name}`);
  await page.getByLabel('Theme').selectOption('dark');
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${SCREENS}/map-dark.png`, fullPage: true });
});
