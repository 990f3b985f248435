import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ObjectiveProgress } from '../../src-main/contract/objectives';
import { apiCall, demoWorkspace, expect, serve, test } from './fixtures';
import { OverviewPage } from './pages/OverviewPage';
import { RoiPage } from './pages/RoiPage';

/** Campaign monitoring: targets with progress on the Overview and ROI screens; a watched folder's new file shows up by itself. */

const fmt = (n: number) => n.toLocaleString('en-US');

test('a target added on the Overview shows its progress as the API computes it, on the ROI screen too', async ({ page, tmp }) => {
  const workspace = join(tmp, 'campaign.duckdb');
  await demoWorkspace(workspace, { entries: 6000, seed: 3 });
  const server = await serve({ workspace, dataDir: tmp });
  try {
    const overview = new OverviewPage(page);
    await overview.goto(server.url);
    const panel = page.getByRole('region', { name: 'Objectives' });
    await expect(panel.getByText('No targets yet')).toBeVisible();
    await panel.getByRole('button', { name: 'Add a target' }).click();
    await panel.getByLabel('Metric').selectOption('entries');
    await panel.getByLabel('Target', { exact: true }).fill('20000');
    await panel.getByLabel('Due').fill('2026-06-30');
    await panel.getByRole('button', { name: 'Save target' }).click();
    await expect(panel.locator('tr[data-objective]')).toHaveCount(1);
    const [o] = await apiCall<ObjectiveProgress[]>(server, 'objectives.list');
    const row = panel.locator(`tr[data-objective="${o!.objectiveId}"]`);
    await expect(row.locator('[data-col="current"]')).toHaveText(fmt(o!.current!));
    await expect(row.locator('[data-col="projected"]')).toHaveText(fmt(Math.round(o!.projected!)));
    await expect(row.locator('[data-col="status"]')).toHaveText(
      { met: 'Met', on_track: 'On track', behind: 'Behind', missed: 'Missed', no_data: 'No data yet' }[o!.status],
    );
    await expect(overview.kpi('entries')).toHaveText(fmt(o!.current!));
    await page.screenshot({ path: 'test-results/screens/objectives-overview.png', fullPage: true });

    const roi = new RoiPage(page);
    await roi.nav.click();
    await expect(
      page.getByRole('region', { name: 'Objectives' }).locator(`tr[data-objective="${o!.objectiveId}"] [data-col="current"]`),
    ).toHaveText(fmt(o!.current!));
    // A bad target says what to do.
    const roiPanel = page.getByRole('region', { name: 'Objectives' });
    await roiPanel.getByRole('button', { name: 'Add a target' }).click();
    await roiPanel.getByLabel('Target', { exact: true }).fill('lots');
    await roiPanel.getByRole('button', { name: 'Save target' }).click();
    await expect(roiPanel.getByRole('alert')).toHaveText('Enter the target as a number (e.g. 12,000).');
    // A rate is typed as it is said: 40% (or 0.4); a bare 40 is asked about, not read as 4,000 %.
    await roiPanel.getByLabel('Metric').selectOption('redemption_rate');
    await roiPanel.getByLabel('Due').fill('2026-06-30');
    await roiPanel.getByLabel('Target', { exact: true }).fill('40');
    await roiPanel.getByRole('button', { name: 'Save target' }).click();
    await expect(roiPanel.getByRole('alert')).toHaveText('A rate is a share: type 40% or 0.4.');
    await roiPanel.getByLabel('Target', { exact: true }).fill('40%');
    await roiPanel.getByRole('button', { name: 'Save target' }).click();
    await expect(roiPanel.locator('tr[data-metric="redemption_rate"]')).toHaveCount(1);
    const rate = (await apiCall<ObjectiveProgress[]>(server, 'objectives.list')).find((x) => x.metric === 'redemption_rate');
    expect(rate!.target).toBeCloseTo(0.4, 12);
  } finally {
    await server.stop();
  }
});

test('a file dropped into a watched folder appears in the counts by itself; the screen keeps its choices', async ({ page, tmp }) => {
  const workspace = join(tmp, 'campaign.duckdb');
  await demoWorkspace(workspace, { entries: 3000, seed: 5 });
  const drop = join(tmp, 'drop');
  mkdirSync(drop);
  const server = await serve({ workspace, dataDir: tmp });
  try {
    const overview = new OverviewPage(page);
    await overview.goto(server.url);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Data', exact: true }).click();
    const watched = page.getByRole('region', { name: 'Watched folders' });
    await watched.getByLabel('Folder', { exact: true }).fill(drop);
    await watched.getByLabel('Kind').selectOption('entries');
    await watched.getByRole('button', { name: 'Watch folder' }).click();
    await expect(watched.getByTestId('watched-folders')).toContainText(drop);

    // Look at ROI grouped by channel; then the export lands.
    const roi = new RoiPage(page);
    await roi.nav.click();
    await roi.grouping.selectOption('channel');
    const before = await apiCall<{ total: { entries: number } }>(server, 'roi.get', { by: 'channel' });
    await expect(roi.table).toContainText(fmt(before.total.entries));
    const rows = Array.from(
      { length: 12 },
      (_, i) => `D${i},2026-05-20 09:${String(i).padStart(2, '0')}:00,web,drop${i}@example.com,Dee,yes`,
    ).join('\n');
    writeFileSync(join(drop, 'late-entries.csv'), `entry_id,entered_at,channel,email,first_name,email_opt_in\n${rows}\n`);
    await expect(page.getByTestId('updated-note')).toContainText('Data updated just now', { timeout: 20_000 });
    await expect(roi.table).toContainText(fmt(before.total.entries + 12));
    await expect(roi.grouping).toHaveValue('channel');
    await page.screenshot({ path: 'test-results/screens/watched-update.png', fullPage: true });
    // The note can be put away (it also goes by itself after ten minutes).
    await page.getByRole('button', { name: 'Dismiss the update note' }).click();
    await expect(page.getByTestId('updated-note')).toHaveCount(0);
  } finally {
    await server.stop();
  }
});
