import { join } from 'node:path';
import type { MessageOutputs } from '../../src-main/contract/messages';
import { apiCall, demoWorkspace, expect, serve, test } from './fixtures';

test('the SMS editor counts characters and segments, insists on the opt-out line, and previews for a real member', async ({
  page,
  tmp,
}) => {
  const workspace = join(tmp, 'campaign.duckdb');
  await demoWorkspace(workspace, { entries: 3000, seed: 9 });
  const server = await serve({ workspace, dataDir: tmp });
  try {
    await apiCall(server, 'segments.save', { name: 'Texters', rule: { type: 'reachable', channel: 'sms' } });
    await page.goto(server.url);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Messages', exact: true }).click();
    const editor = page.getByRole('region', { name: 'Message editor' });
    await editor.getByLabel('Name').fill('Spring reminder');
    const sms = editor.getByLabel('SMS text');

    // 160 GSM characters are one segment; one more makes two (153 each).
    await sms.fill('a'.repeat(139) + ' Reply STOP to opt out');
    await expect(page.getByTestId('sms-count')).toHaveText('161 characters · 2 segments · GSM-7 · 145 left in this segment');
    await expect(editor.getByLabel('Checks')).toContainText('The SMS takes 2 segments');
    await sms.fill('Hi {{first_name | "there"}}! Code {{coupon_code}} 😀 Reply STOP to opt out');
    await expect(page.getByTestId('sms-count')).toContainText('UCS-2');

    // No opt-out line: cannot be saved.
    await sms.fill('Big sale at ACE Shoes this weekend!');
    await expect(editor.getByLabel('Checks')).toContainText('A promotional SMS must say how to opt out');
    await expect(editor.getByRole('button', { name: 'Save message' })).toBeDisabled();

    await sms.fill('Hi {{first_name | "there"}}! Your code: {{coupon_code}}. Reply STOP to opt out');
    await editor.getByRole('button', { name: 'Save message' }).click();
    await expect(editor.getByRole('status')).toHaveText('Saved “Spring reminder”.');
    const [saved] = await apiCall<MessageOutputs['messages.list']>(server, 'messages.list');
    const segs = await apiCall<{ segmentId: string }[]>(server, 'segments.list');
    const expected = await apiCall<MessageOutputs['messages.preview']>(server, 'messages.preview', {
      template: { ...saved, check: undefined },
      segmentId: segs[0]!.segmentId,
    });
    await expect(page.getByTestId('preview-sms')).toHaveText(expected.rendered.sms!);
    expect(expected.rendered.sms).toMatch(/^Hi .+! Your code: .+\. Reply STOP to opt out$/);
    await page.screenshot({ path: 'test-results/screens/messages-light.png', fullPage: true });

    // A long segment name shortens the dropdowns; neither Messages nor Deliver scrolls sideways.
    await apiCall(server, 'segments.save', {
      name: 'Boston and Chicago SMS responders who redeemed at least twice during the spring sweepstakes window',
      rule: { type: 'reachable', channel: 'sms' },
    });
    await page.reload();
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1440, height: 900 },
    ]) {
      await page.setViewportSize(size);
      for (const screen of ['Messages', 'Deliver']) {
        await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click();
        await expect(page.locator('select option', { hasText: 'Boston and Chicago SMS responders' }).first()).toBeAttached();
        expect(await sideways(), `${screen} at ${size.width} px`).toBeLessThanOrEqual(0);
      }
    }
  } finally {
    await server.stop();
  }
});
