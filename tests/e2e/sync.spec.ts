import { join } from 'node:path';
import type { SyncPreview } from '../../src-main/contract/sync';
import { startSendServer } from '../support/sending/server';
import { apiCall, demoWorkspace, expect, serve, test } from './fixtures';

const fmt = (n: number) => n.toLocaleString('en-US');

test('a list kept equal to a segment: added from Deliver, previewed, synced; a shrink asks before removing', async ({ page, tmp }) => {
  const workspace = join(tmp, 'campaign.duckdb');
  await demoWorkspace(workspace, { entries: 3000, seed: 4 });
  const sender = await startSendServer();
  const server = await serve({ workspace, dataDir: tmp });
  try {
    const seg = await apiCall<{ segmentId: string }>(server, 'segments.save', {
      name: 'Web entrants',
      rule: { type: 'response', field: 'channel', values: ['web'] },
    });
    await apiCall(server, 'connectors.save', {
      name: 'Local list',
      config: { kind: 'webhook', endpoint: sender.endpoint },
      secret: sender.secret,
    });
    await page.goto(server.url);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Deliver', exact: true }).click();
    const section = page.getByRole('region', { name: 'Audience sync' });
    const form = section.getByRole('group', { name: 'New sync' });
    await form.getByLabel('List name').fill('Web newsletter');
    await form.getByLabel('Segment').selectOption({ label: 'Web entrants' });
    await form.getByLabel('Guard (%)').fill('20');
    await form.getByRole('button', { name: 'Add sync' }).click();
    const row = section.getByTestId('syncs').locator('tbody tr').first();
    await expect(row).toContainText('Web newsletter');
    await expect(row.locator('[data-col="last-run"]')).toHaveText('never run');
    const [sync] = await apiCall<{ syncId: string }[]>(server, 'sync.list');

    // The preview's numbers are the API's; then the run sends exactly them.
    const expected = await apiCall<SyncPreview>(server, 'sync.preview', { syncId: sync!.syncId });
    expect(expected.add).toBeGreaterThan(100);
    await row.getByRole('button', { name: 'Preview' }).click();
    const preview = section.getByTestId('sync-preview');
    await expect(preview.getByTestId('sync-add')).toHaveText(fmt(expected.add));
    await expect(preview.getByTestId('sync-remove')).toHaveText('0');
    await page.screenshot({ path: 'test-results/screens/deliver-sync-preview.png', fullPage: true });
    await row.getByRole('button', { name: 'Sync now' }).click();
    await expect(row.locator('[data-col="list-size"]')).toHaveText(fmt(expected.add), { timeout: 20_000 });
    await expect(row.locator('[data-col="last-run"]')).toHaveText(`done · +${fmt(expected.add)} ~0 −0`);
    expect(sender.list(sync!.syncId).size).toBe(expected.add);

    // The segment shrinks to web entrants of one media type: most of the list would go, so the run asks first.
    await apiCall(server, 'segments.save', {
      segmentId: seg.segmentId,
      name: 'Web entrants',
      rule: {
        all: [
          { type: 'response', field: 'channel', values: ['web'] },
          { type: 'response', field: 'media_type', values: ['email'] },
        ],
      },
    });
    const shrink = await apiCall<SyncPreview>(server, 'sync.preview', { syncId: sync!.syncId });
    expect(shrink.guard.trips).toBe(true);
    await row.getByRole('button', { name: 'Sync now' }).click();
    const ask = section.getByRole('alertdialog', { name: 'Confirm removals' });
    await expect(ask).toContainText(`This run would remove ${shrink.remove} of the ${expected.add} people on "Web newsletter"`);
    expect(sender.list(sync!.syncId).size).toBe(expected.add); // nothing sent yet
    await page.screenshot({ path: 'test-results/screens/deliver-sync-guard.png', fullPage: true });
    await ask.getByRole('button', { name: 'Remove them and sync' }).click();
    const left = expected.add - shrink.remove + shrink.add;
    await expect(row.locator('[data-col="list-size"]')).toHaveText(fmt(left), { timeout: 20_000 });
    expect(sender.list(sync!.syncId).size).toBe(left);
    // Its history: both runs, newest first, as the API lists them.
    await row.getByRole('button', { name: 'History' }).click();
    const runs = section.getByTestId('sync-runs').locator('tbody tr');
    await expect(runs).toHaveCount(2);
    await expect(runs.first()).toContainText(`−${fmt(shrink.remove)}`);
    await expect(runs.last()).toContainText(`+${fmt(expected.add)}`);
  } finally {
    await server.stop();
    await sender.close();
  }
});
