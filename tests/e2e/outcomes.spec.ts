import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dashboard } from '../../src-main/contract/dashboards';
import type { PushPreview } from '../../src-main/contract/deliver';
import type { BestTimeResult, OutcomesResult } from '../../src-main/contract/outcomes';
import { startSendServer } from '../support/sending/server';
import { apiCall, demoWorkspace, expect, serve, test } from './fixtures';

const fmt = (n: number) => n.toLocaleString('en-US');

test('a push that holds people out, then its results: the service’s events and the lift over the held-out', async ({ page, tmp }) => {
  const workspace = join(tmp, 'campaign.duckdb');
  await demoWorkspace(workspace, { entries: 4000, seed: 8 });
  const sender = await startSendServer();
  const server = await serve({ workspace, dataDir: tmp });
  try {
    const seg = await apiCall<{ segmentId: string }>(server, 'segments.save', {
      name: 'SMS entrants',
      rule: { type: 'response', field: 'channel', values: ['sms'] },
    });
    const con = await apiCall<{ connectorId: string }>(server, 'connectors.save', {
      name: 'Local sender',
      config: { kind: 'webhook', endpoint: sender.endpoint },
      secret: sender.secret,
    });
    await page.goto(server.url);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Deliver', exact: true }).click();
    const results = page.getByRole('region', { name: 'Results' });
    // The demo's own past push is there already, with its lift.
    // One push (its lift reads on a line of its own below its figures).
    await expect(results.getByTestId('push-results').locator('tbody tr[data-push]')).toHaveCount(1);

    const push = page.getByRole('region', { name: 'New push' });
    await push.getByLabel('Hold out').selectOption('20');
    await push.getByRole('button', { name: 'Preview' }).click();
    const expected = await apiCall<PushPreview>(server, 'push.preview', {
      segmentId: seg.segmentId,
      channel: 'email',
      fields: ['first_name'],
      connectorId: con.connectorId,
      holdout: { share: 0.2 },
    });
    expect(expected.heldOut).toBe(Math.round((expected.reachable + expected.heldOut) * 0.2));
    await expect(push.getByTestId('preview-held-out')).toHaveText(fmt(expected.heldOut));
    await expect(push.getByTestId('preview-reachable')).toHaveText(fmt(expected.reachable));
    await push.getByRole('button', { name: 'Send…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Send “SMS entrants” by email?' });
    await expect(confirm.getByTestId('confirm-held-out')).toContainText(fmt(expected.heldOut));
    await confirm.getByRole('button', { name: `Send to ${fmt(expected.reachable)} people` }).click();
    // Newest first: this push above the demo's own past one.
    const historyRows = page.getByRole('region', { name: 'Push history' }).getByTestId('push-history').locator('tbody tr');
    await expect(historyRows).toHaveCount(2);
    const row = historyRows.first();
    await expect(row.locator('[data-col="status"]')).toHaveText('Done', { timeout: 20_000 });
    expect(sender.addressesDelivered().size).toBe(expected.reachable);

    // The service's report comes back as an import: three delivered, one opened, one address it never sent to.
    const sent = [...sender.addressesDelivered().keys()].slice(0, 3);
    const file = join(tmp, 'activity.csv');
    const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
    writeFileSync(
      file,
      [
        'email,event,timestamp',
        ...sent.map((a) => `${a},delivered,${now}Z`),
        `${sent[0]},open,${now}Z`,
        `nobody@example.com,delivered,${now}Z`,
      ].join('\n') + '\n',
    );
    await apiCall(server, 'import.run', { taskId: 'outcomes-e2e', path: file, kind: 'message_events' });

    const api = await apiCall<OutcomesResult>(server, 'outcomes.results', { windowDays: 14 });
    const r = api.pushes[0]!;
    expect(r.events).toMatchObject({ delivered: 3, opened: 1 });
    expect(api.unlinkedEvents).toBe(1);
    const line = results.getByTestId('push-results').locator(`tr[data-push="${r.pushId}"]`);
    await expect(line.locator('[data-col="delivered"]')).toContainText('3');
    await expect(line.locator('[data-col="opened"]')).toContainText('1');
    await expect(results.getByTestId('push-results').locator(`tr[data-lift-of="${r.pushId}"]`).getByTestId('lift')).toContainText(
      `held out ${fmt(expected.heldOut)}: 0 redeemed`,
    );
    await expect(results.getByTestId('results-note')).toContainText('1 imported event ties to no push');
    await page.screenshot({ path: 'test-results/screens/deliver-results.png', fullPage: true });

    // The best time to send: the one open, at its hour in the opener's local time, with the count behind it.
    const best = await apiCall<BestTimeResult>(server, 'outcomes.bestTime', {});
    const card = page.getByRole('region', { name: 'Best time to send' });
    if (best.best) {
      const h = String(best.best.hour).padStart(2, '0');
      await expect(card.getByTestId('best-time')).toContainText(`Most responses come ${h}:00`);
      await expect(card.getByTestId('best-time-evidence')).toContainText(
        `${fmt(best.responses)} responses from ${fmt(best.people)} people`,
      );
    } else await expect(card.getByTestId('best-time')).toHaveText(best.note!);
    expect(best.byKind.opened + best.withoutZone).toBeGreaterThanOrEqual(1);

    // A frequency cap of one message a week: everyone just sent is held back from the next push.
    const capCard = page.getByRole('region', { name: 'Frequency cap' });
    await capCard.getByLabel('Messages').fill('1');
    await capCard.getByLabel('Days').fill('7');
    await capCard.getByRole('button', { name: 'Set cap' }).click();
    await expect(capCard).toContainText('Now: at most 1 message per person per 7 days');
    await push.getByLabel('Hold out').selectOption('0');
    await push.getByRole('button', { name: 'Preview' }).click();
    await expect(push.locator('tr[data-reason="frequency_cap"] td.num')).toHaveText(fmt(expected.reachable));
    await expect(push.getByTestId('preview-reachable')).toHaveText(fmt(expected.heldOut));

    // What a message costs: the push's cost and its cost per redemption appear in Results.
    const costs = page.getByRole('region', { name: 'Message costs' });
    await costs.getByLabel('Email cost per message').fill('0.02');
    await costs.getByRole('button', { name: 'Save costs' }).click();
    await expect(costs.getByRole('status')).toContainText('Saved');
    const costed = (await apiCall<OutcomesResult>(server, 'outcomes.results', { windowDays: 14 })).pushes[0]!;
    expect(costed.cost).toBe(Math.round(expected.reachable * 0.02 * 100) / 100);
    await expect(line.locator('[data-col="cost"]')).toHaveText(`$${costed.cost!.toFixed(2)}`);
    await page.screenshot({ path: 'test-results/screens/deliver-cap.png', fullPage: true });

    // The same results on a dashboard: a Push results tile on the built-in dashboard.
    const [d] = await apiCall<Dashboard[]>(server, 'dashboards.list');
    await apiCall(server, 'dashboards.save', {
      dashboardId: d!.dashboardId,
      name: d!.name,
      tiles: [...d!.tiles, { tileId: 'pushes', kind: 'push_results', title: 'Push results', note: '', x: 0, y: 100, w: 12, h: 3 }],
      filters: d!.filters,
    });
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Dashboards', exact: true }).click();
    const tile = page.getByTestId('dash-push-results');
    await expect(tile.locator('tbody tr')).toHaveCount(2);
    await expect(tile.locator('tbody tr').first().locator('td').nth(1)).toHaveText(fmt(expected.reachable));
    await expect(tile.locator('tbody tr').first().locator('td').nth(2)).toHaveText(`${((3 / expected.reachable) * 100).toFixed(1)}%`);
    await tile.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screens/dashboard-push-results.png' });

    // Explore lists the push group and message response among the person fields, under Messages.
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Explore', exact: true }).click();
    await expect(page.getByTestId('field-list').locator('li[data-field="push_group"]')).toContainText('Push group (latest push)');
    await expect(page.getByTestId('field-list').locator('li[data-field="message_response"]')).toContainText('Message response');
    await page.screenshot({ path: 'test-results/screens/explore-messages-fields.png' });
  } finally {
    await server.stop();
    await sender.close();
  }
});
