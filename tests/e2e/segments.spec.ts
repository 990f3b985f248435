import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { aceJson, expect, serve, test, type Served } from './fixtures';

const SCREENS = 'test-results/screens';
const count = new Intl.NumberFormat('en-US');

let dir: string;
let workspace: string;
let server: Served;
/** The CLI's answers, computed before the server opens (and locks) the workspace. */
let smsNotRedeemed: { people: number; reachable: { email: number; sms: number } };
let loyal: { people: number };
let exported: string;
let pairPeople: number;

const SMS_NOT_REDEEMED = { all: [{ type: 'response', field: 'channel', values: ['sms'] }, { not: { type: 'redeemed', value: true } }] };
const LOYAL = { type: 'number', field: 'entries', min: 3, max: null };

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ace-segments-'));
  workspace = join(dir, 'campaign.duckdb');
  aceJson(['demo', '--workspace', workspace, '--entries', '20000', '--seed', '5']);
  const rule = (name: string, r: unknown) => {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, JSON.stringify(r));
    return path;
  };
  smsNotRedeemed = aceJson(['segment', 'count', '--workspace', workspace, '--rule', rule('sms', SMS_NOT_REDEEMED)]);
  loyal = aceJson(['segment', 'count', '--workspace', workspace, '--rule', rule('loyal', LOYAL)]);
  const out = join(dir, 'cli-export.csv');
  aceJson(['segment', 'export', '--workspace', workspace, '--rule', rule('sms', SMS_NOT_REDEEMED), '--columns', 'entrant_id,zip,entries,reachable_email,reachable_sms', '--out', out]);
  exported = readFileSync(out, 'utf8');
  // Two saved segments for the overlap, and what both hold.
  aceJson(['segment', 'save', '--workspace', workspace, '--rule', rule('loyal', LOYAL), '--name', 'Entered 3+ times']);
  aceJson(['segment', 'save', '--workspace', workspace, '--rule', rule('sms', SMS_NOT_REDEEMED), '--name', 'SMS, not redeemed']);
  pairPeople = aceJson<{ people: number }>(['segment', 'count', '--workspace', workspace, '--rule', rule('both', { all: [LOYAL, SMS_NOT_REDEEMED] })]).people;
  server = await serve({ workspace, dataDir: dir });
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function openSegments(page: Page) {
  await page.goto(server.url);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Segments', exact: true }).click();
  await expect(page.getByTestId('segment-list')).toBeVisible();
}

test('a rule built in the editor counts the people `ace segment count` counts, and is saved as versions', async ({ page }) => {
  await openSegments(page);
  await page.getByLabel('Add a condition').selectOption('response');
  await page.getByLabel('Add a condition').selectOption('redeemed');
  await page.getByLabel('Condition 2: not').check();
  await expect(page.getByTestId('segment-people')).toHaveText(count.format(smsNotRedeemed.people));
  await expect(page.getByTestId('segment-email')).toHaveText(count.format(smsNotRedeemed.reachable.email));
  await expect(page.getByTestId('segment-sms')).toHaveText(count.format(smsNotRedeemed.reachable.sms));
  await expect(page.getByTestId('segment-preview').locator('tbody tr')).toHaveCount(20);
  const breakdown = await page.getByTestId('segment-breakdown').locator('td.num').allTextContents();
  expect(breakdown.reduce((a, t) => a + Number(t.replace(/,/g, '')), 0)).toBe(smsNotRedeemed.people);

  await page.getByLabel('Name', { exact: true }).fill('SMS entrants who never redeemed');
  await page.getByRole('button', { name: 'Save segment' }).click();
  await expect(page.getByTestId('segment-saved')).toHaveText('Saved “SMS entrants who never redeemed”.');
  await page.getByRole('button', { name: 'Save new version' }).click();
  await expect(page.getByTestId('segment-saved')).toContainText('version 2');
  await page.screenshot({ path: `${SCREENS}/segments-light.png`, fullPage: true });
  await page.reload();
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Segments', exact: true }).click();
  await expect(page.getByTestId('segment-list')).toContainText('SMS entrants who never redeemed');
  await page.getByLabel('Theme').selectOption('dark');
  await page.screenshot({ path: `${SCREENS}/segments-dark.png`, fullPage: true });
});

test('a ready-made segment opens and counts; export and overlap agree with the CLI', async ({ page }) => {
  await openSegments(page);
  await page.getByTestId('segment-templates').getByRole('button', { name: 'Entered 3+ times' }).click();
  await expect(page.getByTestId('segment-people')).toHaveText(count.format(loyal.people));

  await page.getByTestId('segment-list').getByRole('button', { name: 'SMS, not redeemed' }).click();
  await expect(page.getByTestId('segment-people')).toHaveText(count.format(smsNotRedeemed.people));
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await (await download).path();
  expect(readFileSync(file!, 'utf8')).toBe(exported);
  // The same members as a workbook: a header row plus one row per person, entries as numbers.
  const xlsxDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export XLSX' }).click();
  const xlsx = await (await xlsxDownload).path();
  const { unzipSync, strFromU8 } = await import('fflate');
  const sheet = strFromU8(unzipSync(new Uint8Array(readFileSync(xlsx!)))['xl/worksheets/sheet1.xml']!);
  expect((sheet.match(/<row /g) ?? []).length).toBe(smsNotRedeemed.people + 1);
  expect(sheet).toMatch(/<c r="C2"[^>]*><v>\d+<\/v><\/c>/);

  await page.getByLabel('Entered 3+ times').check();
  await page.getByLabel('SMS, not redeemed').check();
  await expect(page.getByTestId('segment-overlap')).toContainText(count.format(pairPeople));
});
