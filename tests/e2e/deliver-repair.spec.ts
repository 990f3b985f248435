import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { ConnectorInfo, PushInfo, PushPreview } from '../../src-main/contract/deliver';
import { startSendServer, type SendServer } from '../support/sending/server';
import { apiCall, demoWorkspace, expect, serve, test, type Served } from './fixtures';
import { closedPort } from '../support/ports';

/**
 * Issue #21, items 2 and 3: a push that fails reads as failed with the named reason and its fix (never
 * "resumes automatically" when retrying cannot help); a connector can be edited, its secret entered
 * again and its connection tested against the local sending service; Send asks in the app, with the
 * counts, and cancelling sends nothing.
 */
const fmt = (n: number) => n.toLocaleString('en-US');
const SHOTS = 'test-results/screens';

/** A workspace with a saved segment, a served app and the local sending service. */
async function setUp(tmp: string): Promise<{ server: Served; sender: SendServer; segmentId: string }> {
  const workspace = join(tmp, 'campaign.duckdb');
  await demoWorkspace(workspace, { entries: 1500, seed: 21 });
  const sender = await startSendServer();
  const server = await serve({ workspace, dataDir: tmp });
  const seg = await apiCall<{ segmentId: string }>(server, 'segments.save', {
    name: 'Email entrants',
    rule: { type: 'response', field: 'channel', values: ['email'] },
  });
  return { server, sender, segmentId: seg.segmentId };
}

async function openDeliver(page: Page, server: Served) {
  await page.goto(server.url);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Deliver', exact: true }).click();
}

/** Batches the service received (a connection test's pings are not batches). */
const batchesReceived = (sender: SendServer) => sender.requests().filter((r) => !r.key?.startsWith('ping_'));

test('a push the service stops taking reads as failed, names the reason and the fix, and never says it resumes by itself', async ({
  page,
  tmp,
}) => {
  test.setTimeout(90_000); // three pushes and a workspace on two shared cores
  const { server, sender } = await setUp(tmp);
  try {
    await apiCall(server, 'connectors.save', {
      name: 'Local sender',
      config: { kind: 'webhook', endpoint: sender.endpoint, timeoutMs: 5000 },
      secret: sender.secret,
    });
    await openDeliver(page, server);
    const push = page.getByRole('region', { name: 'New push' });
    const rows = page.getByRole('region', { name: 'Push history' }).getByTestId('push-history').locator('tbody tr');
    const send = async () => {
      await push.getByRole('button', { name: 'Preview' }).click();
      // The first preview of a fresh workspace counts everyone: slow when the two cores are busy.
      await expect(push.getByTestId('preview-reachable')).toBeVisible({ timeout: 30_000 });
      await push.getByRole('button', { name: 'Send…' }).click();
      await page
        .getByRole('alertdialog')
        .getByRole('button', { name: /^Send to / })
        .click();
    };

    // The service stops taking the signing secret after the connector was checked (rotated on its side).
    sender.fault({ kind: 'status', status: 401 }, { times: 1, batch: 1 });
    await send();
    const row = rows.first();
    await expect(row.locator('[data-col="status"]')).toHaveText('Failed: credentials refused', { timeout: 20_000 });
    await row.getByRole('button', { name: 'Details' }).click();
    const failure = page.getByTestId('push-failure');
    await expect(failure).toContainText(
      `Request 1: The service at ${sender.endpoint} refused the credentials (401: signature does not match any current signing secret) — re-enter the signing secret in Connectors (Edit), then Resume.`,
    );
    await expect(page.getByTestId('push-outcome')).toContainText('None of the');
    await expect(page.getByTestId('push-history')).not.toContainText('automatically');
    await expect(failure).not.toContainText('automatically');
    await page.screenshot({ path: `${SHOTS}/deliver-failed-auth.png`, fullPage: true });
    expect(sender.deliveries()).toHaveLength(0);

    // Now the service cuts every connection: unreachable after a few quick attempts.
    sender.fault({ kind: 'reset-mid-body' }, { times: 10, batch: 1 });
    await send();
    // These two and the demo's own past push.
    await expect(rows).toHaveCount(3);
    await expect(rows.first().locator('[data-col="status"]')).toHaveText('Interrupted: service unreachable', { timeout: 20_000 });
    await rows.first().getByRole('button', { name: 'Details' }).click();
    await expect(page.getByTestId('push-failure')).toContainText(
      `The service at ${sender.endpoint} could not be reached (the connection was cut) — check the endpoint address or your network, then Resume.`,
    );
    await expect(page.getByTestId('push-failure')).not.toContainText('automatically');

    // Resume once the service is back (its queued faults forgotten): the first push goes through.
    sender.reset();
    await rows.nth(1).getByRole('button', { name: 'Resume' }).click();
    await expect(rows.nth(1).locator('[data-col="status"]')).toHaveText('Done', { timeout: 20_000 });
    const pushes = await apiCall<PushInfo[]>(server, 'push.list');
    expect(pushes[1]!.failure).toBeNull();

    // A service nobody listens at: Preview says so before anything is planned.
    const port = await closedPort();
    await apiCall(server, 'connectors.save', {
      name: 'Gone sender',
      config: { kind: 'webhook', endpoint: `http://127.0.0.1:${port}/push`, timeoutMs: 5000 },
      secret: sender.secret,
    });
    // The page learns of a connector saved through the API when it loads again.
    await page.reload();
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Deliver', exact: true }).click();
    await push.getByLabel('Send with').selectOption({ label: 'Gone sender' });
    await push.getByRole('button', { name: 'Preview' }).click();
    await expect(push.getByRole('alert')).toHaveText(
      `Nothing was planned. The service at http://127.0.0.1:${port}/push could not be reached (connection refused: nothing is listening at that address) — check the endpoint address or your network.`,
    );
    await expect(push.getByTestId('push-preview')).toHaveCount(0);
    await expect(rows).toHaveCount(3);
  } finally {
    await server.stop();
    await sender.close();
  }
});

test('a connector is edited, its missing secret entered, and its connection tested against the local sending service', async ({
  page,
  tmp,
}) => {
  const { server, sender } = await setUp(tmp);
  try {
    // Saved without its secret (browser mode forgets it when the server stops): "Secret missing".
    await apiCall(server, 'connectors.save', {
      name: 'Sender',
      config: { kind: 'webhook', endpoint: sender.endpoint, timeoutMs: 5000 },
    });
    await openDeliver(page, server);
    const connectors = page.getByRole('region', { name: 'Connectors' });
    const row = connectors.getByTestId('connectors').locator('li').first();
    await expect(row.getByTestId('secret-state')).toHaveText('Secret missing');

    // Testing it says what is missing and where to enter it.
    await row.getByRole('button', { name: 'Test connection of Sender' }).click();
    await expect(row.getByTestId('connection-test')).toContainText('Connection failed');
    await expect(row.getByTestId('connection-test')).toContainText('No signing secret is stored for this connector on this computer');

    // Enter secret opens the edit form with the secret field focused; a wrong one is refused by the service.
    await row.getByRole('button', { name: 'Enter secret' }).click();
    const form = connectors.getByRole('group', { name: 'Edit Sender' });
    const secret = form.getByLabel('Signing secret');
    await expect(secret).toBeFocused();
    await expect(form.getByLabel('Endpoint URL')).toHaveValue(sender.endpoint);
    await secret.fill('whsec_d3JvbmdzZWNyZXR3cm9uZ3NlY3JldA==');
    await form.getByRole('button', { name: 'Test connection' }).click();
    const result = form.getByTestId('connection-test');
    await expect(result).toHaveAttribute('data-ok', 'false');
    await expect(result).toContainText(
      `The service at ${sender.endpoint} refused the credentials (401: missing or bad signature, or timestamp more than 5 minutes from now) — re-enter the signing secret.`,
    );
    await expect(result).toContainText('status 401');

    // The right one works: status and latency come back.
    await secret.fill(sender.secret);
    await form.getByLabel('Name').fill('Local sender (fixed)');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(result).toHaveAttribute('data-ok', 'true');
    await expect(result).toContainText(/The service answered 200 in \d+ ms: the address and the signing secret work\./);
    await expect(result).toContainText(`Asked: POST ${sender.endpoint} (ace.push.ping) · status 200`);
    await page.screenshot({ path: `${SHOTS}/deliver-connector-edit.png`, fullPage: true });
    await form.getByRole('button', { name: 'Save connector' }).click();
    await expect(form).toHaveCount(0);
    await expect(row).toContainText('Local sender (fixed)');
    await expect(row.getByTestId('secret-state')).toHaveText('Secret for this session only');
    await row.getByRole('button', { name: 'Test connection of Local sender (fixed)' }).click();
    await expect(row.getByTestId('connection-test')).toHaveAttribute('data-ok', 'true');

    // The secret never comes back to the page, and the tests delivered nobody.
    const list = await apiCall<ConnectorInfo[]>(server, 'connectors.list');
    expect(JSON.stringify(list)).not.toContain(sender.secret);
    expect(list[0]).toMatchObject({ name: 'Local sender (fixed)', hasSecret: true, secretSource: 'session' });
    expect(sender.deliveries()).toHaveLength(0);
    expect(sender.requests().every((r) => r.key?.startsWith('ping_'))).toBe(true);

    // Edit the endpoint to an address nobody listens at: the stored secret is kept, the test says unreachable.
    const port = await closedPort();
    await row.getByRole('button', { name: 'Edit Local sender (fixed)' }).click();
    const again = connectors.getByRole('group', { name: 'Edit Local sender (fixed)' });
    await expect(again.getByLabel('Signing secret')).toHaveValue('');
    await again.getByLabel('Endpoint URL').fill(`http://127.0.0.1:${port}/push`);
    await again.getByRole('button', { name: 'Test connection' }).click();
    await expect(again.getByTestId('connection-test')).toContainText(
      `The service at http://127.0.0.1:${port}/push could not be reached (connection refused: nothing is listening at that address) — check the endpoint address or your network.`,
    );
    await again.getByRole('button', { name: 'Cancel' }).click();
    expect((await apiCall<ConnectorInfo[]>(server, 'connectors.list'))[0]!.config).toMatchObject({ endpoint: sender.endpoint });

    // Remove asks in the app; Cancel keeps the connector, the red button removes it.
    await row.getByRole('button', { name: 'Remove Local sender (fixed)' }).click();
    const ask = page.getByRole('alertdialog', { name: 'Remove the connector “Local sender (fixed)”?' });
    await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect(ask).toHaveCount(0);
    expect(await apiCall<ConnectorInfo[]>(server, 'connectors.list')).toHaveLength(1);
    await row.getByRole('button', { name: 'Remove Local sender (fixed)' }).click();
    await ask.getByRole('button', { name: 'Remove connector' }).click();
    await expect(connectors).toContainText('No sending service yet');
    expect(await apiCall<ConnectorInfo[]>(server, 'connectors.list')).toHaveLength(0);
  } finally {
    await server.stop();
    await sender.close();
  }
});

test('Send asks in the app with the counts, channel, service and message; Cancel and Escape send nothing', async ({ page, tmp }) => {
  const { server, sender, segmentId } = await setUp(tmp);
  try {
    const con = await apiCall<ConnectorInfo>(server, 'connectors.save', {
      name: 'Local sender',
      config: { kind: 'webhook', endpoint: sender.endpoint, timeoutMs: 5000 },
      secret: sender.secret,
    });
    const expected = await apiCall<PushPreview>(server, 'push.preview', {
      segmentId,
      channel: 'email',
      fields: ['first_name'],
      connectorId: con.connectorId,
    });
    const excluded = Object.values(expected.excluded).reduce((a, b) => a + b, 0);
    expect(excluded).toBeGreaterThan(0);
    let nativeDialogs = 0;
    page.on('dialog', (d) => {
      nativeDialogs++;
      void d.dismiss();
    });
    await openDeliver(page, server);
    const push = page.getByRole('region', { name: 'New push' });
    await push.getByRole('button', { name: 'Preview' }).click();
    await push.getByRole('button', { name: 'Send…' }).click();

    const dialog = page.getByRole('alertdialog', { name: 'Send “Email entrants” by email?' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('confirm-reachable')).toHaveText(fmt(expected.reachable));
    await expect(dialog.getByTestId('confirm-excluded')).toHaveText(`${fmt(excluded)} of ${fmt(expected.people)} in the segment`);
    await expect(dialog.getByTestId('confirm-channel')).toHaveText('Email');
    await expect(dialog.getByTestId('confirm-service')).toHaveText(`Local sender (Signed HTTPS batches (any service), ${sender.endpoint})`);
    await expect(dialog.getByTestId('confirm-message')).toHaveText('None: the service sends its own');
    await expect(dialog.getByRole('button', { name: `Send to ${fmt(expected.reachable)} people` })).toBeFocused();
    await page.screenshot({ path: `${SHOTS}/deliver-confirm.png` });

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    await push.getByRole('button', { name: 'Send…' }).click();
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);

    // Nothing was planned or sent, and the browser's own confirm never appeared.
    // Only the demo's own past push.
    expect(await apiCall<PushInfo[]>(server, 'push.list')).toHaveLength(1);
    expect(batchesReceived(sender)).toHaveLength(0);
    expect(nativeDialogs).toBe(0);
    await expect(push.getByRole('button', { name: 'Send…' })).toBeFocused();
  } finally {
    await server.stop();
    await sender.close();
  }
});
