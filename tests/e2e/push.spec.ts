import { join } from 'node:path';
import type { PushInfo, PushPreview } from '../../src-main/contract/deliver';
import { startSendServer } from '../support/sending/server';
import { apiCall, demoWorkspace, expect, serve, test } from './fixtures';

const fmt = (n: number) => n.toLocaleString('en-US');

test('add a service, preview who gets it and who not, send, and retry the contacts it rejected', async ({ page, tmp }) => {
  const workspace = join(tmp, 'campaign.duckdb');
  await demoWorkspace(workspace, { entries: 4000, seed: 8 });
  const sender = await startSendServer();
  const server = await serve({ workspace, dataDir: tmp });
  try {
    const seg = await apiCall<{ segmentId: string }>(server, 'segments.save', {
      name: 'SMS entrants',
      rule: { type: 'response', field: 'channel', values: ['sms'] },
    });
    await page.goto(server.url);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Deliver', exact: true }).click();

    // A connector, with its secret typed in (held for this session only in browser mode).
    const connectors = page.getByRole('region', { name: 'Connectors' });
    await connectors.getByRole('button', { name: 'Add a connector' }).click();
    await connectors.getByLabel('Name').fill('Local sender');
    await connectors.getByLabel('Endpoint URL').fill(sender.endpoint);
    await connectors.getByLabel('Signing secret').fill(sender.secret);
    await connectors.getByRole('button', { name: 'Save connector' }).click();
    await expect(connectors.getByTestId('connectors')).toContainText('Secret for this session only');

    // Preview: the numbers are the API's; Send only after a preview of exactly these choices.
    const push = page.getByRole('region', { name: 'New push' });
    await expect(push.getByRole('button', { name: 'Send…' })).toBeDisabled();
    await push.getByRole('button', { name: 'Preview' }).click();
    const [con] = await apiCall<{ connectorId: string }[]>(server, 'connectors.list');
    const expected = await apiCall<PushPreview>(server, 'push.preview', {
      segmentId: seg.segmentId,
      channel: 'email',
      fields: ['first_name'],
      connectorId: con!.connectorId,
    });
    await expect(push.getByTestId('preview-people')).toHaveText(fmt(expected.people));
    await expect(push.getByTestId('preview-reachable')).toHaveText(fmt(expected.reachable));
    for (const [reason, n] of Object.entries(expected.excluded))
      await expect(push.locator(`tr[data-reason="${reason}"] td.num`)).toHaveText(fmt(n));
    expect(expected.excluded.opted_out + expected.excluded.no_consent + expected.excluded.no_address).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/screens/deliver-preview.png', fullPage: true });

    // The service will reject two of them.
    const first = (expected.samplePayload as { contacts: { address: string }[] }).contacts.slice(0, 2).map((c) => c.address);
    sender.fault({ kind: 'reject', addresses: first, reason: 'mailbox full' }, { times: 1, batch: 1 });
    await push.getByRole('button', { name: 'Send…' }).click();
    // The app's own confirmation (not the browser's), with the counts and where it goes.
    const confirm = page.getByRole('alertdialog', { name: 'Send “SMS entrants” by email?' });
    await expect(confirm.getByTestId('confirm-reachable')).toHaveText(fmt(expected.reachable));
    await expect(confirm.getByTestId('confirm-service')).toContainText('Local sender');
    await confirm.getByRole('button', { name: `Send to ${fmt(expected.reachable)} people` }).click();
    const history = page.getByRole('region', { name: 'Push history' });
    const rows = history.getByTestId('push-history').locator('tbody tr');
    const row = rows.first();
    await expect(row.locator('[data-col="status"]')).toHaveText('Done with failures', { timeout: 20_000 });
    await expect(row.locator('[data-col="rejected"]')).toHaveText('2');
    await expect(row.locator('[data-col="accepted"]')).toContainText(fmt(expected.reachable - 2));
    expect(sender.addressesDelivered().size).toBe(expected.reachable - 2);
    await row.getByRole('button', { name: 'Details' }).click();
    await expect(page.getByTestId('push-problems')).toContainText('mailbox full');
    await expect(page.getByTestId('push-outcome')).toHaveText(
      `${fmt(expected.reachable - 2)} of ${fmt(expected.reachable)} contacts accepted; 2 rejected by the service.`,
    );
    // Its segment run again as the push read it: on this DuckDB file, today's data, unchanged since.
    await page.getByRole('button', { name: 'Re-run its segment' }).click();
    const [sent] = await apiCall<PushInfo[]>(server, 'push.list');
    const rerun = await apiCall<{ message: string; same: boolean; recorded: number }>(server, 'push.rerunSegment', {
      pushId: sent!.pushId,
    });
    expect(rerun).toMatchObject({ same: true, recorded: expected.people });
    await expect(page.getByTestId('push-rerun')).toHaveText(rerun.message);

    // Retry just those two.
    await row.getByRole('button', { name: 'Retry failed contacts' }).click();
    // The demo's own past push, this one, and its retry.
    await expect(rows).toHaveCount(3);
    await expect(rows.first().locator('[data-col="status"]')).toHaveText('Done', { timeout: 20_000 });
    const pushes = await apiCall<PushInfo[]>(server, 'push.list');
    expect(pushes[0]!.retryOf).toBe(pushes[1]!.pushId);
    expect(pushes[0]!.counts.accepted).toBe(2);
    for (const a of first) expect(sender.timesDelivered(a)).toBe(1);
    expect(sender.addressesDelivered().size).toBe(expected.reachable);
    await page.screenshot({ path: 'test-results/screens/deliver-history.png', fullPage: true });
  } finally {
    await server.stop();
    await sender.close();
  }
});
