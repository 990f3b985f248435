import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESTIMATE_SAMPLE_RATE } from '../../src-main/contract/pivot';
import { DASH, expectedCells, type CliPivot } from './cliPivot';
import { aceJsonIn, demoWorkspace, expect, serve, test, type Served } from './fixtures';
import { ExplorePage } from './pages/ExplorePage';

/**
 * On a large workspace Explore shows a pivot the cube cannot answer first as an estimate (≈ with its
 * 95% bound), then the exact figures. The server here estimates from any size (ACE_ESTIMATE_FROM_ENTRIES=0)
 * and the exact answer is held back until the estimate has been looked at.
 */
let dir: string;
let server: Served;
let exact: CliPivot;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = mkdtempSync(join(tmpdir(), 'ace-estimate-'));
  const workspace = await demoWorkspace(join(dir, 'campaign.duckdb'), { entries: 20000, seed: 7 });
  exact = await aceJsonIn<CliPivot>([
    'pivot',
    '--workspace',
    workspace,
    '--rows',
    'media_type',
    '--cols',
    'keyword',
    '--measures',
    'entries,redemptions,revenue',
  ]);
  server = await serve({ workspace, dataDir: dir, env: { ACE_ESTIMATE_FROM_ENTRIES: '0' } });
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a slow pivot shows ≈ estimates with their bounds, exports wait, then the exact figures replace them (equal to the CLI)', async ({
  page,
}) => {
  const ex = new ExplorePage(page);
  await ex.open(server.url);
  await expect(ex.chip('rows', 'media_type')).toBeVisible();

  // Exact answers wait until released; estimates go straight through.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/api/rpc/pivot.run', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}') as { estimate?: string };
    if (!body.estimate) await held;
    await route.continue();
  });

  await ex.dragField('keyword', 'cols');
  const status = page.getByTestId('pivot-status');
  await expect(status).toContainText(`≈ Estimated from 1 in ${ESTIMATE_SAMPLE_RATE} entrants`);
  const estimated = ex.table.locator('td.ex-estimate');
  await expect(estimated.first()).toBeVisible();
  // Each estimate reads ≈value ±bound, and says what the bound means.
  await expect(estimated.first()).toHaveText(/^≈[$\d,.]+ ±[$\d,.]+$/);
  await expect(estimated.first()).toHaveAttribute('title', /95% likely between/);
  await expect(page.getByTestId('pivot-progress')).toHaveClass(/on/);
  for (const name of ['CSV', 'XLSX', 'Copy as TSV'] as const) await expect(ex.exportButton(name)).toBeDisabled();
  await expect(ex.exportButton('Raw rows (CSV)')).toBeEnabled();
  // Cells too thin to estimate wait for the exact figures (…), never a dash that reads as nothing.
  await expect(ex.table.locator('td .ex-pending').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/explore-estimate.png' });

  release();
  await ex.settled();
  await expect(estimated).toHaveCount(0);
  await expect(status).not.toContainText('≈');
  expect(await ex.cells()).toEqual(expectedCells(exact));
  expect(Object.values(await ex.cells()).filter((t) => t !== DASH).length).toBeGreaterThan(20);
  for (const name of ['CSV', 'XLSX', 'Copy as TSV'] as const) await expect(ex.exportButton(name)).toBeEnabled();
});
