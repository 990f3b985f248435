import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreSummary, StoreView, ZipPoint } from '../../src-main/contract/geo';
import type { SegmentCount, SegmentInfo } from '../../src-main/contract/segments';
import { apiCall, demoWorkspace, expect, serve, test, type Served } from './fixtures';
import { MapPage } from './pages/MapPage';

const SCREENS = 'test-results/screens';

// The formats the screen must use, written out independently of the renderer's code.
const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const LOCATED = { store: 'Store lat/lon', zip: 'Zip centre', none: 'No location' };

/** What the table must show for a store, by column. */
const expectedCells = (s: StoreSummary) => ({
  name: `${s.name ?? s.store_id} ${s.store_id}`,
  market: s.market ?? '',
  zip: s.zip ?? '',
  responders: count.format(s.responders),
  redeemers: count.format(s.redeemers),
  redemptions: count.format(s.redemptions),
  revenue: money.format(s.revenue),
  located: LOCATED[s.located ?? 'none'],
});

let dir: string;
let server: Served;

/** The served API itself, as the page uses it. */
const call = <T>(method: string, input: unknown = {}) => apiCall<T>(server, method, input);

test.beforeAll(async () => {
  // A demo, the CLI's answers (one process at a time: each holds the workspace) and the server: more than a test's 60 s on a busy 2-core machine.
  test.setTimeout(120_000);
  dir = mkdtempSync(join(tmpdir(), 'ace-map-'));
  const workspace = join(dir, 'campaign.duckdb');
  await demoWorkspace(workspace, { entries: 20000, seed: 3 });
  server = await serve({ workspace, dataDir: dir });
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the store table shows what geo.stores computes for the radius; sorting and the CSV follow it', async ({ page }) => {
  const map = new MapPage(page);
  const zips = await call<{ zips: ZipPoint[]; noLocation: number; people: number }>('geo.zips');
  await map.open(server.url);

  for (const miles of [10, 25, 3]) {
    if (miles !== 10) await map.setRadius(miles);
    const stores = await call<StoreSummary[]>('geo.stores', { miles });
    expect(stores.length).toBeGreaterThan(20);
    const shown = await map.rows();
    // Default order: most responders first (ties in the core's order).
    const byResponders = [...stores].sort((a, b) => b.responders - a.responders);
    expect(shown.map((r) => r.storeId)).toEqual(byResponders.map((s) => s.store_id));
    expect(Object.fromEntries(shown.map((r) => [r.storeId, r.cells]))).toEqual(
      Object.fromEntries(stores.map((s) => [s.store_id, expectedCells(s)])),
    );
  }

  // People with no usable zip are said, not dropped.
  expect(zips.noLocation).toBeGreaterThan(0);
  await expect(map.noLocation).toContainText(
    `${count.format(zips.noLocation)} people without a usable zip are not on the map but are in every total`,
  );
  await expect(map.noLocation).toContainText(
    `${count.format(zips.people - zips.noLocation)} of ${count.format(zips.people)} people are on the map`,
  );

  // Sorting: revenue high to low, then low to high.
  const stores = await call<StoreSummary[]>('geo.stores', { miles: 3 });
  await map.sortBy(/^Revenue here/);
  await expect(map.table.locator('thead th[aria-sort="descending"]')).toContainText('Revenue here');
  expect((await map.rows()).map((r) => r.storeId)).toEqual([...stores].sort((a, b) => b.revenue - a.revenue).map((s) => s.store_id));
  await map.sortBy(/^Revenue here/);
  expect((await map.rows()).map((r) => r.storeId)).toEqual([...stores].sort((a, b) => a.revenue - b.revenue).map((s) => s.store_id));

  // The CSV is the table in the order shown, figures as plain numbers.
  const csv = await map.exportCsv();
  expect(csv.name).toBe('stores-within-3-mi.csv');
  const lines = csv.text.trimEnd().split('\r\n');
  expect(lines[0]).toBe(
    'store_id,name,market,zip,lat,lon,located,responders_within_3_mi,redeemers_within_radius,redemptions_here,revenue_here',
  );
  const ascending = [...stores].sort((a, b) => a.revenue - b.revenue);
  expect(lines.slice(1)).toEqual(
    ascending.map((s) =>
      [s.store_id, s.name, s.market, s.zip, s.lat, s.lon, s.located ?? 'none', s.responders, s.redeemers, s.redemptions, s.revenue]
        .map((v) => (v === null ? '' : String(v)))
        .join(','),
    ),
  );
});

test("a store's view counts the people its segment rule counts; one click saves them as a segment", async ({ page }) => {
  const map = new MapPage(page);
  const stores = await call<StoreSummary[]>('geo.stores', { miles: 10 });
  const busiest = [...stores].sort((a, b) => b.responders - a.responders)[0]!;
  const view = await call<StoreView>('geo.storeView', { storeId: busiest.store_id, miles: 10 });
  const ruleCount = await call<SegmentCount>('segments.count', { rule: view.rule });
  expect(view.rule).toEqual({ type: 'near', store: busiest.store_id, miles: 10 });
  expect(ruleCount.people).toBe(view.responders);
  expect(view.responders).toBe(busiest.responders);

  await map.open(server.url);
  await map.pickFromTable(busiest.store_id, busiest.name!);
  await expect(map.responders).toHaveText(count.format(ruleCount.people));
  await expect(map.row(busiest.store_id)).toHaveClass(/map-row-selected/);
  await expect(map.storePicker).toHaveValue(busiest.store_id);
  const split = map.storeView.getByTestId('redemption-split');
  await expect(split.locator('[data-part="here"] strong')).toHaveText(count.format(view.redemption.atThisStore));
  await expect(split.locator('[data-part="elsewhere"] strong')).toHaveText(count.format(view.redemption.elsewhereOnly));
  await expect(split.locator('[data-part="never"] strong')).toHaveText(count.format(view.redemption.never));
  expect(view.redemption.atThisStore + view.redemption.elsewhereOnly + view.redemption.never).toBe(view.responders);
  const pairs = (rows: StoreView['byAgeBand']) => rows.map((r) => [r.value ?? '(not given)', count.format(r.people)]);
  expect(await map.breakdown('by-age')).toEqual(pairs(view.byAgeBand));
  expect(await map.breakdown('by-affinity')).toEqual(pairs(view.byAffinity));
  expect(await map.breakdown('by-timeframe')).toEqual(pairs(view.byTimeframe));
  expect(await map.breakdown('by-channel')).toEqual(pairs(view.byChannel));

  await map.screenshot(`${SCREENS}/map-store-light.png`);
  await map.theme('dark');
  await map.screenshot(`${SCREENS}/map-store-dark.png`);
  await map.theme('light');

  // The radius follows the slider: the view re-counts, its rule with it.
  await map.setRadius(5);
  const five = await call<StoreView>('geo.storeView', { storeId: busiest.store_id, miles: 5 });
  await expect(map.storeView.getByText('Responders within 5 mi')).toBeVisible();
  await expect(map.responders).toHaveText(count.format(five.responders));
  expect((await call<SegmentCount>('segments.count', { rule: five.rule })).people).toBe(five.responders);

  // One click: a segment of exactly these people, named after the store and the radius.
  const before = await call<SegmentInfo[]>('segments.list');
  const status = await map.makeSegment();
  const name = `Within 5 mi of ${busiest.name}`;
  expect(status).toContain(`“${name}”`);
  expect(status).toContain(`${count.format(five.responders)} people`);
  const after = await call<SegmentInfo[]>('segments.list');
  expect(after.length).toBe(before.length + 1);
  const saved = after.find((s) => s.name === name)!;
  expect(saved.rule).toEqual({ type: 'near', store: busiest.store_id, miles: 5 });
  expect((await call<SegmentCount>('segments.count', { rule: saved.rule })).people).toBe(five.responders);
  await expect(map.storeView.getByRole('button', { name: /^Make a segment/ })).toBeDisabled();
});

test('picking a store frames it on the map with its radius; the country view shows every zip', async ({ page }) => {
  const map = new MapPage(page);
  const stores = await call<StoreSummary[]>('geo.stores', { miles: 10 });
  const atlanta = stores.filter((s) => s.market === 'Atlanta').sort((a, b) => a.store_id.localeCompare(b.store_id));
  const first = atlanta[0]!;
  await map.open(server.url);
  await map.screenshot(`${SCREENS}/map-country-light.png`);
  await map.storePicker.selectOption(first.store_id);
  await expect(map.storeView.getByRole('heading', { level: 2 })).toHaveText(first.name!);
  const view = await call<StoreView>('geo.storeView', { storeId: first.store_id, miles: 10 });
  await expect(map.responders).toHaveText(count.format(view.responders));
  await map.screenshot(`${SCREENS}/map-store-light.png`);
});

test("Explore's filters apply to the map and its stores; colour by cost per entry; markets show ROI's cost per entry", async ({ page }) => {
  const map = new MapPage(page);
  await map.open(server.url);
  // A channel filter, chosen as in Explore: field, then values.
  await page.getByLabel('Add a filter').selectOption('channel');
  const editor = page.getByTestId('filter-editor');
  await editor.locator('label[data-value="sms"]').getByRole('checkbox').check();
  await editor.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('map-filter-chip')).toHaveCount(1);
  const filters = [{ field: 'channel', op: 'in', values: ['sms'] }];
  const stores = await call<StoreSummary[]>('geo.stores', { miles: 10, filters });
  const measures = await call<{ total: { people: number }; noLocation: { people: number } }>('geo.measures', { filters });
  // The table follows the filter, and the no-location note speaks of the filtered people.
  const shown = await map.rows();
  await expect
    .poll(async () => (await map.rows()).map((r) => r.cells.responders).join(','))
    .toBe(
      [...stores]
        .sort((a, b) => b.responders - a.responders)
        .map((s) => count.format(s.responders))
        .join(','),
    );
  expect(shown.length).toBe(stores.length);
  await expect(map.noLocation).toContainText(`${count.format(measures.noLocation.people)} `);
  await expect(map.noLocation).toContainText(`of ${count.format(measures.total.people)} people`);

  // A store's view and its one-click segment follow the filter too.
  const busiest = [...stores].sort((a, b) => b.responders - a.responders)[0]!;
  await map.storePicker.selectOption(busiest.store_id);
  const view = await call<StoreView>('geo.storeView', { storeId: busiest.store_id, miles: 10, filters });
  await expect(map.responders).toHaveText(count.format(view.responders));
  expect((await call<SegmentCount>('segments.count', { rule: view.rule })).people).toBe(view.responders);

  await page.getByLabel('Colour by').selectOption('cpe');
  await page.getByLabel('Markets: cost per entry').check();
  await expect(page.getByText(/cost per entry \(each entry's media buy spend/)).toBeVisible();
  await map.screenshot(`${SCREENS}/map-filtered-light.png`);
});
