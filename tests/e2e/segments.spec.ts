import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SegmentCount, SegmentInfo } from '../../src-main/contract/segments';
import { aceJsonIn, expect, preparedWorkspace, serve, test, type Served } from './fixtures';
import { SegmentsPage } from './pages/SegmentsPage';

const SCREENS = 'test-results/screens';
const count = new Intl.NumberFormat('en-US');

// The rules the tests build in the UI, written out independently as the CLI reads them.
const SMS_NOT_REDEEMED = { all: [{ type: 'response', field: 'channel', values: ['sms'] }, { not: { type: 'redeemed', value: true } }] };
const LOYAL = { type: 'number', field: 'entries', min: 3, max: null };
const EXPORT_COLUMNS = ['entrant_id', 'email', 'zip', 'entries', 'reachable_sms'];

let dir: string;
let server: Served;
/** The CLI's answers, computed before the server opens (and locks) the workspace. */
let smsNotRedeemed: SegmentCount;
let loyal: SegmentCount;
let nested: SegmentCount;
let exported: string;
let pairPeople: number;
let savedIds: { loyal: string; sms: string };
let NESTED: unknown;
let nearAnyStore: SegmentCount;
const NEAR_ANY_STORE = { type: 'near', miles: 4, anyStore: true };

test.beforeAll(async () => {
  // A demo, the CLI's answers (one at a time: each holds the workspace) and the server: more than a test's 60 s on a busy 2-core machine.
  test.setTimeout(120_000);
  dir = mkdtempSync(join(tmpdir(), 'ace-segments-'));
  mkdirSync(SCREENS, { recursive: true });
  const workspace = join(dir, 'campaign.duckdb');
  // Asked and saved once per run, whichever worker comes first (fixtures.ts preparedWorkspace).
  const cli = await preparedWorkspace('segments', workspace, { entries: 20000, seed: 5 }, async (wsPath, into) => {
    const rule = (name: string, r: unknown) => {
      const path = join(into, `${name}.json`);
      writeFileSync(path, JSON.stringify(r));
      return path;
    };
    const ws = ['--workspace', wsPath];
    const counts = {
      smsNotRedeemed: await aceJsonIn<SegmentCount>(['segment', 'count', ...ws, '--rule', rule('sms', SMS_NOT_REDEEMED)]),
      loyal: await aceJsonIn<SegmentCount>(['segment', 'count', ...ws, '--rule', rule('loyal', LOYAL)]),
    };
    const out = join(into, 'cli-export.csv');
    await aceJsonIn([
      'segment',
      'export',
      ...ws,
      '--rule',
      rule('sms', SMS_NOT_REDEEMED),
      '--columns',
      EXPORT_COLUMNS.join(','),
      '--out',
      out,
    ]);
    // Two saved segments for the overlap, what both hold, and one whose custom column no import has.
    const saved = {
      loyal: (await aceJsonIn<SegmentInfo>(['segment', 'save', ...ws, '--rule', rule('loyal', LOYAL), '--name', 'Entered 3+ times']))
        .segmentId,
      sms: (
        await aceJsonIn<SegmentInfo>(['segment', 'save', ...ws, '--rule', rule('sms', SMS_NOT_REDEEMED), '--name', 'SMS, not redeemed'])
      ).segmentId,
    };
    await aceJsonIn([
      'segment',
      'save',
      ...ws,
      '--rule',
      rule('gone', { type: 'answer', field: 'attr:no_such_column', values: ['x'] }),
      '--name',
      'Old custom column',
    ]);
    const pair = (await aceJsonIn<SegmentCount>(['segment', 'count', ...ws, '--rule', rule('both', { all: [LOYAL, SMS_NOT_REDEEMED] })]))
      .people;
    // A nested rule built in the UI: (web or email) and in the saved "Entered 3+ times", reachable by email.
    const nestedRule = {
      all: [
        {
          any: [
            { type: 'response', field: 'channel', values: ['web'] },
            { type: 'response', field: 'channel', values: ['email'] },
          ],
        },
        { type: 'segment', segmentId: saved.loyal },
        { type: 'reachable', channel: 'email' },
      ],
    };
    return {
      ...counts,
      exported: readFileSync(out, 'utf8'),
      savedIds: saved,
      pairPeople: pair,
      NESTED: nestedRule as unknown,
      nested: await aceJsonIn<SegmentCount>(['segment', 'count', ...ws, '--rule', rule('nested', nestedRule)]),
      nearAnyStore: await aceJsonIn<SegmentCount>(['segment', 'count', ...ws, '--rule', rule('near', NEAR_ANY_STORE)]),
    };
  });
  ({ smsNotRedeemed, loyal, exported, savedIds, pairPeople, NESTED, nested, nearAnyStore } = cli);
  server = await serve({ workspace, dataDir: dir });
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a rule built in the editor counts what `ace segment count` counts, is saved as versions and listed after a reload', async ({
  page,
}) => {
  const sg = new SegmentsPage(page);
  await sg.open(server.url);
  await expect(page.getByTestId('segment-problem')).toContainText('no_such_column');

  // Channel sms AND none of (redeemed): the same rule as the CLI's, JSON for JSON.
  await sg.addCondition('response');
  await sg.pickValues('1', ['sms']);
  await sg.addGroup();
  await sg.combine('none', '2');
  await sg.addCondition('redeemed', '2');
  await sg.settled();
  expect(await sg.rule()).toEqual(SMS_NOT_REDEEMED);
  await expect(sg.people).toHaveText(count.format(smsNotRedeemed.people));
  await expect(sg.email).toHaveText(count.format(smsNotRedeemed.reachable.email));
  await expect(sg.sms).toHaveText(count.format(smsNotRedeemed.reachable.sms));
  await expect(sg.preview.locator('tbody tr')).toHaveCount(100);
  await expect(sg.breakdown.locator('tbody tr').first()).toBeVisible();
  expect(await sg.breakdownTotal()).toBe(smsNotRedeemed.people);

  // Reordering from the keyboard changes the order, not the people.
  await page.getByRole('button', { name: 'Move condition 1 down' }).focus();
  await page.keyboard.press('Enter');
  await sg.settled();
  expect(await sg.rule()).toEqual({ all: [...SMS_NOT_REDEEMED.all].reverse() });
  await expect(sg.people).toHaveText(count.format(smsNotRedeemed.people));

  await sg.save('SMS entrants who never redeemed');
  await expect(sg.saved).toHaveText('Saved “SMS entrants who never redeemed”.');
  await expect(sg.list).toContainText('SMS entrants who never redeemed');
  await sg.saveNewVersion();
  await expect(sg.saved).toContainText('Saved as version 2 of “SMS entrants who never redeemed”');
  await page.screenshot({ path: `${SCREENS}/segments-light.png`, fullPage: true });

  await page.reload();
  await sg.nav.click();
  await expect(sg.list.getByRole('button', { name: 'SMS entrants who never redeemed' })).toContainText('v2');
  await sg.openSaved('SMS entrants who never redeemed');
  await sg.settled();
  await expect(sg.people).toHaveText(count.format(smsNotRedeemed.people));
  await page.getByLabel('Theme').selectOption('dark');
  await page.screenshot({ path: `${SCREENS}/segments-dark.png`, fullPage: true });
});

test('nested groups and a saved segment in a rule count what the CLI counts', async ({ page }) => {
  const sg = new SegmentsPage(page);
  await sg.open(server.url);
  await sg.addGroup();
  await sg.combine('any', '1');
  await sg.addCondition('response', '1');
  await sg.pickValues('1.1', ['web']);
  await sg.addCondition('response', '1');
  await sg.pickFirstMatchByKeyboard('1.2', 'email');
  await sg.addCondition('segment');
  await page.getByLabel('Condition 2 segment').selectOption({ label: 'Entered 3+ times' });
  await sg.addCondition('reachable');
  await sg.settled();
  expect(await sg.rule()).toEqual(NESTED);
  await expect(sg.people).toHaveText(count.format(nested.people));
  await expect(sg.email).toHaveText(count.format(nested.reachable.email));
  await page.getByTestId('value-picker').first().locator('summary').click();
  await page.screenshot({ path: `${SCREENS}/segments-builder-light.png` });
});

test('"within N miles of any store" counts what the CLI counts; the store picker lists names, sorted', async ({ page }) => {
  const sg = new SegmentsPage(page);
  await sg.open(server.url);
  await sg.addCondition('near');
  await page.getByLabel('Condition 1 near what').selectOption('store');
  const picker = page.getByLabel('Condition 1 store');
  await expect(picker.locator('option').first()).toHaveText('Pick a store…'); // the list has loaded
  const names = await picker.locator('option').allTextContents();
  const listed = names.slice(1);
  expect(listed.length).toBeGreaterThan(3);
  expect(listed.every((n) => / \(S[\w-]+\)/.test(n))).toBe(true); // "Name (id)", not a bare id
  const lower = listed.map((n) => n.toLowerCase());
  expect(lower).toEqual([...lower].sort());
  await page.getByLabel('Condition 1 near what').selectOption('any');
  await page.getByLabel('Condition 1 miles').fill('4');
  await sg.settled();
  expect(await sg.rule()).toEqual({ all: [NEAR_ANY_STORE] });
  await expect(sg.people).toHaveText(count.format(nearAnyStore.people));
  expect(nearAnyStore.people).toBeGreaterThan(0);
});

test('a ready-made segment opens and counts; export and overlap agree with the CLI', async ({ page }) => {
  const sg = new SegmentsPage(page);
  await sg.open(server.url);
  await sg.openTemplate('Entered 3+ times');
  await sg.settled();
  await expect(sg.people).toHaveText(count.format(loyal.people));

  await sg.openSaved('SMS, not redeemed');
  await sg.settled();
  await expect(sg.people).toHaveText(count.format(smsNotRedeemed.people));
  // Personal data is off until ticked.
  for (const pii of ['first name', 'last name', 'email', 'phone']) await expect(sg.exportColumn(pii)).not.toBeChecked();
  await sg.chooseColumns(['entrant id', 'email', 'zip', 'entries', 'reachable sms']);
  expect(await sg.exportCsvText()).toBe(exported);
  await expect(page.getByTestId('export-note')).toContainText(
    `Exported ${count.format(smsNotRedeemed.people)} people as CSV, with personal data (email)`,
  );
  // The same members as a workbook: a header row plus one row per person, entries as numbers.
  const xlsx = await sg.download('Export XLSX');
  const { unzipSync, strFromU8 } = await import('fflate');
  const sheet = strFromU8(unzipSync(new Uint8Array(readFileSync(xlsx)))['xl/worksheets/sheet1.xml']!);
  expect((sheet.match(/<row /g) ?? []).length).toBe(smsNotRedeemed.people + 1);
  expect(sheet).toMatch(/<c r="D2"[^>]*><v>\d+<\/v><\/c>/);

  await page.getByRole('group', { name: 'Segments to compare' }).getByLabel('Entered 3+ times').check();
  await page.getByRole('group', { name: 'Segments to compare' }).getByLabel('SMS, not redeemed').check();
  await expect(sg.overlapCell(savedIds.loyal, savedIds.sms)).toContainText(count.format(pairPeople));
  await expect(sg.overlapCell(savedIds.sms, savedIds.loyal)).toContainText(count.format(pairPeople));
  await expect(sg.overlapCell(savedIds.loyal, savedIds.loyal)).toHaveText(count.format(loyal.people));
  // Everything fits the window: wide tables scroll inside their cards, the page never sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
  await sg.overlap.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/segments-results-light.png`, fullPage: true });
});
