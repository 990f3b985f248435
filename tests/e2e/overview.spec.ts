import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../../scripts/build-cli.mjs';
import { aceJsonIn, defaultDemoIn, demoWorkspace, expect, keepingDefaultDemo, serve, test } from './fixtures';
import { emptyWorkspace } from './helpers';
import { OverviewPage } from './pages/OverviewPage';
import { formatMetric } from '../../src-main/contract/metrics';
import { DEFAULT_DEMO } from '../../src-main/core/demo/generate';
import { demoEntryCount } from '../../src-main/core/demo/integrity';

/** The app's demo: 200,000 generated entries and those planted to break its official rules (demo/integrity.ts). */
const DEMO_ENTRIES = demoEntryCount(DEFAULT_DEMO).toLocaleString('en-US');

interface Info {
  name: string;
  datasets: { kind: string; rows: number }[];
  dateRange: { from: string; to: string } | null;
}

const fmt = (n: number) => n.toLocaleString('en-US');

test('the overview shows the same numbers as `ace info`, in light and dark', async ({ page, tmp }) => {
  const workspace = join(tmp, 'campaign.duckdb');
  await demoWorkspace(workspace, { entries: 25000, seed: 11 });
  const info = await aceJsonIn<Info>(['info', '--workspace', workspace]);
  const roi = await aceJsonIn<{ total: Record<string, number | null> }>(['roi', '--workspace', workspace]);
  const server = await serve({ workspace, dataDir: tmp });
  try {
    const overview = new OverviewPage(page);
    await overview.goto(server.url);
    await expect(overview.workspaceName).toHaveText(info.name);
    for (const d of info.datasets) {
      await expect(overview.datasetRows(d.kind), d.kind).toHaveText(fmt(d.rows));
    }
    const entries = info.datasets.find((d) => d.kind === 'entries')!.rows;
    await expect(overview.kpi('entries')).toHaveText(fmt(entries));
    await expect(overview.kpi('media-buys')).toHaveText(fmt(info.datasets.find((d) => d.kind === 'media_buys')!.rows));
    // The campaign's ratios, as ROI's total row computes them.
    await expect(overview.kpi('cost-per-entry')).toHaveText(formatMetric('cost_per_entry', roi.total.cost_per_entry));
    await expect(overview.kpi('roas')).toHaveText(formatMetric('roas', roi.total.roas));
    await expect(overview.kpi('redemption-rate')).toHaveText(formatMetric('redemption_rate', roi.total.redemption_rate));
    await expect(overview.dateRange).toHaveText('Entries from Mar 2, 2026 to May 31, 2026');
    await expect(overview.chart.locator('canvas')).toBeVisible();
    // The token left the address bar once it was read.
    expect(page.url()).not.toContain('token');
    await page.screenshot({ path: 'test-results/screens/overview-light.png', fullPage: true });

    await page.getByLabel('Theme').selectOption('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.screenshot({ path: 'test-results/screens/overview-dark.png', fullPage: true });
    // A reload keeps working (token kept for the session) and keeps the theme.
    await page.reload();
    await expect(overview.kpi('entries')).toHaveText(fmt(entries));
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  } finally {
    await server.stop();
  }
});

test('with no workspace chosen, the app opens the demo campaign', async ({ page, tmp }) => {
  // The tests below start with this demo already made: a copy of the one generated here (waited for while it is).
  await keepingDefaultDemo(async () => {
    const server = await serve({ dataDir: tmp, everyCore: true });
    try {
      const overview = new OverviewPage(page);
      await overview.goto(server.url);
      // The demo (200,000 entries and the planted ones) is generated as the server starts: on 2 busy cores that alone can take 15 s.
      await expect(overview.workspaceName).toHaveText('Demo: Spring Sweepstakes 2026', { timeout: 45_000 });
      await expect(overview.kpi('entries')).toHaveText(DEMO_ENTRIES);
      await expect(page.getByText('demo', { exact: true })).toBeVisible();
    } finally {
      await server.stop();
    }
    return tmp;
  });
});

test('an empty workspace shows a clear empty state that leads to the demo', async ({ page, tmp }) => {
  const workspace = join(tmp, 'empty.duckdb');
  // The demo campaign the button opens is already made in the data folder (generating it: the test above).
  await defaultDemoIn(tmp);
  const server = await serve({ workspace: await emptyWorkspace(workspace), dataDir: tmp });
  try {
    const overview = new OverviewPage(page);
    await overview.goto(server.url);
    await expect(overview.emptyState).toContainText('This workspace is empty');
    await page.screenshot({ path: 'test-results/screens/overview-empty.png', fullPage: true });
    await overview.emptyState.getByRole('button', { name: 'Explore the demo campaign' }).click();
    // The demo (200,000 entries and the planted ones) is generated as the server starts: on 2 busy cores that alone can take 15 s.
    await expect(overview.workspaceName).toHaveText('Demo: Spring Sweepstakes 2026', { timeout: 45_000 });
    await expect(overview.kpi('entries')).toHaveText(DEMO_ENTRIES);
  } finally {
    await server.stop();
  }
});

test('without the access token the page says what to do, and the API refuses', async ({ page, tmp }) => {
  const workspace = join(tmp, 'campaign.duckdb');
  await demoWorkspace(workspace, { entries: 2000 });
  const server = await serve({ workspace, dataDir: tmp });
  try {
    const overview = new OverviewPage(page);
    await overview.goto(server.origin + '/');
    await expect(overview.error).toContainText('Missing or wrong access token');
    const status = await page.evaluate(
      async () =>
        (await fetch('/api/rpc/app.info', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status,
    );
    expect(status).toBe(401);
  } finally {
    await server.stop();
  }
});

test('in browser mode a workspace is created or opened by path, with clear errors', async ({ page, tmp }) => {
  // The demo campaign it opens first is already made (generating it is the test above).
  await defaultDemoIn(tmp);
  const server = await serve({ dataDir: tmp });
  try {
    const overview = new OverviewPage(page);
    await overview.goto(server.url);
    await expect(overview.kpi('entries')).toHaveText(DEMO_ENTRIES);

    await page.getByRole('button', { name: 'New…' }).click();
    await page.getByLabel('New workspace path').fill(join(tmp, 'spring.duckdb'));
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(overview.workspaceName).toHaveText('spring');
    await expect(overview.emptyState).toBeVisible();

    // Creating over an existing file is refused, and what is open stays open.
    await page.getByRole('button', { name: 'New…' }).click();
    await page.getByLabel('New workspace path').fill(join(tmp, 'spring.duckdb'));
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(overview.error).toContainText('already exists');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(overview.workspaceName).toHaveText('spring');

    // A relative name would land in the server's own folder, and a missing folder would be made silently:
    // both are refused with what to type instead, and nothing is created.
    await page.getByRole('button', { name: 'New…' }).click();
    await page.getByLabel('New workspace path').fill('autumn');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(overview.error).toContainText('Give the full path of the workspace file, e.g. ');
    await expect(overview.error).toContainText('autumn.duckdb');
    expect(existsSync(join(root, 'autumn'))).toBe(false);
    await page.getByLabel('New workspace path').fill(join(tmp, 'no', 'such', 'folder', 'autumn.duckdb'));
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(overview.error).toContainText(`The folder ${join(tmp, 'no', 'such', 'folder')} does not exist`);
    expect(existsSync(join(tmp, 'no'))).toBe(false);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(overview.workspaceName).toHaveText('spring');

    await page.getByRole('button', { name: 'Open…' }).click();
    await page.getByLabel('Workspace path').fill(join(tmp, 'nowhere.duckdb'));
    await page.getByRole('button', { name: 'Open' }).click();
    await expect(overview.error).toContainText('No workspace at');

    await page.getByLabel('Workspace path').fill(join(tmp, 'demo-campaign.duckdb'));
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(overview.kpi('entries')).toHaveText(DEMO_ENTRIES);
  } finally {
    await server.stop();
  }
});
