import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { aceJson, demoExports, expect, serve, test } from './fixtures';
import { emptyWorkspace } from './helpers';
import { DataPage } from './pages/DataPage';

interface Info {
  datasets: { kind: string; rows: number }[];
}

const fmt = (n: number) => n.toLocaleString('en-US');
const SCREENS = 'test-results/screens';

/** An entries export with bad rows: an unreadable date (line 3), no email nor phone (line 4), an impossible date (line 6), a repeat (line 7). */
const BAD_ENTRIES = [
  'Entry ID,Date Entered,E-mail Address,Mobile Number,ZIP,Favorite Color',
  'A1,03/01/2026 10:00,ann@example.com,,02134,blue',
  'A2,not a date,bob@example.com,,02135,green',
  'A3,03/02/2026 11:00,,,02136,red',
  'A4,03/03/2026 12:00,,617-555-0101,02137,',
  'A5,13/45/2026 09:00,cy@example.com,,02138,teal',
  'A1,03/01/2026 10:00,ann@example.com,,02134,blue',
  'A6,03/21/2026 08:30,dee@example.com,,02139,pink',
].join('\r\n');

test('an entries export is recognised, mapped and imported; the report adds up and matches `ace info`', async ({ page, tmp }) => {
  // 8,000 entries make a file over 1 MB: uploaded in more than one chunk.
  const files = await demoExports(join(tmp, 'csv'), 8000);
  const records = Papa.parse(readFileSync(files.entries!, 'utf8'), { header: true, skipEmptyLines: true }).data.length;
  const workspace = await emptyWorkspace(join(tmp, 'campaign.duckdb'));
  const server = await serve({ workspace, dataDir: tmp });
  const counts = { read: 0, imported: 0, rejected: 0, duplicates: 0 };
  try {
    const data = new DataPage(page);
    await data.open(server.url);
    await expect(data.dropZone).toContainText('Drop CSV, TSV, Excel or Parquet exports here (gzip too)');
    await expect(data.datasetRows('entries')).toHaveText('0');
    await page.screenshot({ path: `${SCREENS}/data-page-empty.png`, fullPage: true });

    await data.choose(files.entries!);
    await expect(data.kind).toHaveValue('entries');
    await expect(data.column('email')).toHaveValue('E-mail Address');
    await expect(data.column('phone')).toHaveValue('Mobile Number');
    await expect(data.column('entered_at')).toHaveValue('Date Entered');
    await expect(data.mappingRow('entered_at')).toContainText('2026-');
    await expect(data.mappingSource).toHaveAttribute('data-source', 'suggested');
    await expect(data.customColumns).toContainText('Kept as custom attributes');
    await expect(data.customColumns).toContainText('Shoe Size');
    await expect(data.problems).toHaveCount(0);
    await expect(data.importButton).toBeEnabled();
    await page.screenshot({ path: `${SCREENS}/import-mapping.png`, fullPage: true });

    await data.importButton.click();
    await expect(data.report).toBeVisible();
    for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] = await data.count(k);
    expect(counts.read).toBe(records);
    expect(counts.read).toBe(counts.imported + counts.rejected + counts.duplicates);
    await expect(data.report.getByTestId('report-message')).toContainText(`${fmt(counts.imported)} of ${fmt(counts.read)} rows imported`);
    await expect(data.report.getByTestId('report-custom')).toContainText('Shoe Size');
    await expect(data.report.getByTestId('report-dates')).not.toBeEmpty();
    // The workspace refreshes: datasets and history show the import.
    await expect(data.datasetRows('entries')).toHaveText(fmt(counts.imported));
    await expect(data.historyRow('entries.csv')).toContainText(fmt(counts.imported));
    await page.screenshot({ path: `${SCREENS}/import-report.png`, fullPage: true });

    await data.card.getByRole('button', { name: 'Done' }).click();
    await expect(data.card).toHaveCount(0);
    await page.screenshot({ path: `${SCREENS}/data-page-light.png`, fullPage: true });
    await page.getByLabel('Theme').selectOption('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await data.choose(files.media_buys!);
    await expect(data.kind).toHaveValue('media_buys');
    await data.settled();
    await page.screenshot({ path: `${SCREENS}/data-page-dark.png`, fullPage: true });

    // The overview counts the same entries.
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Overview' }).click();
    await expect(page.getByTestId('kpi-entries').locator('.kpi-value')).toHaveText(fmt(counts.imported));
  } finally {
    await server.stop();
  }
  const info = aceJson<Info>(['info', '--workspace', workspace]);
  expect(info.datasets.find((d) => d.kind === 'entries')!.rows).toBe(counts.imported);
});

test('bad rows are rejected with their line and reason, listed in the viewer and exported as CSV', async ({ page, tmp }) => {
  const file = join(tmp, 'entries-march.csv');
  writeFileSync(file, BAD_ENTRIES);
  const server = await serve({ workspace: await emptyWorkspace(join(tmp, 'campaign.duckdb')), dataDir: tmp });
  try {
    const data = new DataPage(page);
    await data.open(server.url);
    await data.choose(file);
    await expect(data.kind).toHaveValue('entries');
    await expect(data.mappingRow('entered_at').getByTestId('unreadable-entered_at')).toBeVisible();
    await expect(data.customColumns).toContainText('Favorite Color');
    await data.importButton.click();

    await expect(data.report).toBeVisible();
    expect([await data.count('read'), await data.count('imported'), await data.count('rejected'), await data.count('duplicates')]).toEqual([
      7, 3, 3, 1,
    ]);
    await page.screenshot({ path: `${SCREENS}/import-report-rejects.png`, fullPage: true });
    const firstRejects = data.reportRejects.locator('tbody tr');
    await expect(firstRejects).toHaveCount(3);
    await expect(firstRejects.nth(0)).toContainText('3');
    await expect(firstRejects.nth(0)).toContainText('Cannot read entered_at "not a date"');
    await expect(firstRejects.nth(1)).toContainText('4');
    await expect(firstRejects.nth(1)).toContainText('Neither email nor phone');
    await expect(firstRejects.nth(2)).toContainText('6');

    // The viewer shows every reject with the values as they were in the file.
    await data.report.getByRole('button', { name: 'View all rejects' }).click();
    const dialog = data.rejectsDialog;
    await expect(dialog).toBeVisible();
    const rows = dialog.getByRole('table', { name: 'Rejects' }).locator('tbody tr');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0).locator('td').nth(0)).toHaveText('3');
    await expect(rows.nth(0)).toContainText('bob@example.com');
    await expect(rows.nth(1).locator('td').nth(0)).toHaveText('4');
    await expect(rows.nth(1)).toContainText('A3');
    await expect(rows.nth(2)).toContainText('13/45/2026 09:00');
    await expect(dialog).toContainText('3 rows not imported');
    await page.screenshot({ path: `${SCREENS}/rejects-dialog.png` });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toHaveCount(0);

    // The same from the import history, and the export carries them all.
    const row = data.historyRow('entries-march.csv');
    await expect(row).toContainText('3');
    await row.getByRole('button', { name: 'View rejects' }).click();
    await expect(data.rejectsDialog.getByRole('table', { name: 'Rejects' }).locator('tbody tr')).toHaveCount(3);
    await page.keyboard.press('Escape');
    await expect(data.rejectsDialog).toHaveCount(0);

    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Export rejects CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('entries-march-rejects.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    const parsed = Papa.parse<Record<string, string>>(csv.trim(), { header: true }).data;
    expect(parsed.map((r) => r.line)).toEqual(['3', '4', '6']);
    expect(parsed[0]!.reason).toContain('not a date');
    expect(parsed[1]!.reason).toContain('Neither email nor phone');
    expect(parsed[2]!['Date Entered']).toBe('13/45/2026 09:00');
  } finally {
    await server.stop();
  }
});

test('re-importing the same file changes nothing and says so', async ({ page, tmp }) => {
  const files = await demoExports(join(tmp, 'csv'), 3000);
  const server = await serve({ workspace: await emptyWorkspace(join(tmp, 'campaign.duckdb')), dataDir: tmp });
  try {
    const data = new DataPage(page);
    await data.open(server.url);
    await data.choose(files.redemptions!);
    await expect(data.kind).toHaveValue('redemptions');
    await data.importButton.click();
    await expect(data.report).toHaveAttribute('data-status', 'imported');
    const imported = await data.count('imported');
    await expect(data.datasetRows('redemptions')).toHaveText(fmt(imported));
    await data.card.getByRole('button', { name: 'Done' }).click();

    // The same export again: its mapping is remembered, and the import changes nothing.
    await data.choose(files.redemptions!);
    await expect(data.mappingSource).toHaveAttribute('data-source', 'saved');
    await data.importButton.click();
    await expect(data.report).toHaveAttribute('data-status', 'unchanged');
    await expect(data.report).toContainText('Already imported: nothing changed.');
    await expect(data.report).toContainText('This file was already imported as');
    await expect(data.datasetRows('redemptions')).toHaveText(fmt(imported));
    await expect(data.history.locator('tbody tr')).toHaveCount(1);
  } finally {
    await server.stop();
  }
});

test('a file whose bytes stop being UTF-8 past its start is read as Windows-1252, and the card and report say so', async ({
  page,
  tmp,
}) => {
  // 8,000 entries, valid UTF-8 for their first 256 KB (what the preview reads); line 7,002 names "René" in Windows-1252.
  const rows = ['Entry ID,Date Entered,E-mail Address,First Name'];
  for (let i = 0; i < 8000; i++) rows.push(`W${i},03/0${1 + (i % 9)}/2026 10:00,p${i}@example.com,Ann`);
  const path = join(tmp, 'entries-excel.csv');
  const late = Buffer.concat([Buffer.from(rows[7001]!.replace(/Ann$/, 'Ren')), Buffer.from([0xe9])]);
  writeFileSync(
    path,
    Buffer.concat([Buffer.from(rows.slice(0, 7001).join('\n') + '\n'), late, Buffer.from('\n' + rows.slice(7002).join('\n') + '\n')]),
  );
  const server = await serve({ workspace: await emptyWorkspace(join(tmp, 'campaign.duckdb')), dataDir: tmp });
  try {
    const data = new DataPage(page);
    await data.open(server.url);
    await data.choose(path);
    await expect(data.card.locator('header')).toContainText('UTF-8');
    await data.importButton.click();
    await expect(data.report).toHaveAttribute('data-status', 'imported');
    await expect(data.report).toContainText('windows-1252 (not valid UTF-8 past its start');
    await expect(data.card.locator('header')).toContainText('WINDOWS-1252');
    await expect(data.card.locator('header')).not.toContainText('UTF-8');
  } finally {
    await server.stop();
  }
});

test('a required column left unmapped blocks the import and says which', async ({ page, tmp }) => {
  const files = await demoExports(join(tmp, 'csv'), 3000);
  const server = await serve({ workspace: await emptyWorkspace(join(tmp, 'campaign.duckdb')), dataDir: tmp });
  try {
    const data = new DataPage(page);
    await data.open(server.url);
    await data.choose(files.entries!);
    await expect(data.importButton).toBeEnabled();

    await data.column('entered_at').selectOption({ label: '— not in file —' });
    await expect(data.problems).toContainText('Required column entered_at is not mapped');
    await expect(data.importButton).toBeDisabled();
    await expect(data.customColumns).toContainText('Date Entered');
    await expect(data.mappingSource).toHaveAttribute('data-source', 'given');

    // Neither email nor phone: one of them is needed.
    await data.column('email').selectOption('');
    await data.column('phone').selectOption('');
    await expect(data.problems).toContainText('Map at least one of email or phone');
    await data.settled();
    await page.getByLabel('Theme').selectOption('dark');
    await page.screenshot({ path: `${SCREENS}/import-problems-dark.png` });

    // Mapping them back clears the problems.
    await data.column('entered_at').selectOption('Date Entered');
    await data.column('email').selectOption('E-mail Address');
    await expect(data.problems).toHaveCount(0);
    await expect(data.importButton).toBeEnabled();

    // Another kind brings its own mapping and problems; a header maps to one column at a time.
    await data.kind.selectOption('redemptions');
    await expect(data.problems).toContainText('redeemed_at');
    await expect(data.importButton).toBeDisabled();
    await data.kind.selectOption('entries');
    await expect(data.importButton).toBeEnabled();
    await data.column('source').selectOption('Keyword');
    await expect(data.column('keyword')).toHaveValue('');
    await expect(data.column('source')).toHaveValue('Keyword');
    await data.settled();

    // Removing the card frees the copy uploaded for the preview (named as the dropped file).
    const uploads = join(tmp, 'uploads');
    expect(readdirSync(uploads).flatMap((d) => readdirSync(join(uploads, d)))).toEqual(['entries.csv']);
    await data.card.getByRole('button', { name: 'Remove' }).click();
    await expect(data.card).toHaveCount(0);
    await expect.poll(() => readdirSync(uploads)).toEqual([]);
  } finally {
    await server.stop();
  }
});

test('a large export previews instantly, uploads with progress, and an import can be cancelled and run again', async ({ page, tmp }) => {
  // Two uploads of 38 MB and an import of 300,000 rows: minutes when another test runs beside it on 2 cores.
  test.setTimeout(180_000);
  // 300,000 entries: a 40 MB file, uploaded in about 10 slices; its import takes a few seconds.
  const files = await demoExports(join(tmp, 'csv'), 300_000);
  const server = await serve({ workspace: await emptyWorkspace(join(tmp, 'campaign.duckdb')), dataDir: tmp, everyCore: true });
  try {
    const data = new DataPage(page);
    await data.open(server.url);
    // Hold the upload at its third slice (raw bytes, PUT /api/upload): the browser's own preview of the
    // first 64 KB is already there.
    let chunks = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/upload/**', async (route) => {
      if (++chunks === 3) await held;
      await route.continue();
    });
    await data.choose(files.entries!);
    const instant = page.getByTestId('instant-preview');
    await expect(instant.getByRole('columnheader', { name: 'E-mail Address' })).toBeVisible();
    await expect(instant).toContainText('E00000000');
    const upload = page.getByRole('progressbar', { name: 'Upload progress' });
    await expect(upload).toBeVisible();
    // Two 4 MB slices are in.
    await expect(page.getByTestId('import-progress')).toContainText(/8\.0 MB of 3\d MB/);
    await page.screenshot({ path: `${SCREENS}/import-instant-preview.png`, fullPage: true });
    release();
    // Stop intercepting (each intercepted chunk is slow) once the held chunk has gone on, then let the
    // rest of the 38 MB arrive.
    await page.unrouteAll({ behavior: 'wait' });
    await expect(data.kind).toHaveValue('entries', { timeout: 60_000 });
    await expect(instant).toHaveCount(0);

    await data.importButton.click();
    const progress = page.getByTestId('import-progress');
    await expect(progress.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await expect(data.card.getByRole('status').filter({ hasText: 'Import cancelled' })).toBeVisible();
    await expect(data.importButton).toBeEnabled();
    await expect(data.datasetRows('entries')).toHaveText('0');
    await expect(page.getByTestId('history-empty')).toBeVisible();

    // Again: the core removed the upload when the import ended, so the file is sent again.
    await data.importButton.click();
    await expect(data.report).toBeVisible({ timeout: 90_000 });
    const read = await data.count('read');
    expect(read).toBe(300_000);
    expect(read).toBe((await data.count('imported')) + (await data.count('rejected')) + (await data.count('duplicates')));
    await expect(data.datasetRows('entries')).toHaveText(fmt(await data.count('imported')));
  } finally {
    await server.stop();
  }
});

test('files dropped on any screen are queued and imported one after another', async ({ page, tmp }) => {
  const files = await demoExports(join(tmp, 'csv'), 3000);
  const server = await serve({ workspace: await emptyWorkspace(join(tmp, 'campaign.duckdb')), dataDir: tmp });
  try {
    const data = new DataPage(page);
    await page.goto(server.url);
    await expect(page.getByTestId('empty-state')).toBeVisible();
    // Drop two exports on the overview: the app goes to the Data screen with both.
    const contents = [readFileSync(files.media_buys!, 'utf8'), readFileSync(files.stores!, 'utf8')];
    const dropped = await page.evaluateHandle(([plan, stores]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([plan!], 'media_plan.csv', { type: 'text/csv' }));
      dt.items.add(new File([stores!], 'stores.csv', { type: 'text/csv' }));
      return dt;
    }, contents);
    await page.dispatchEvent('main', 'dragenter', { dataTransfer: dropped });
    await page.dispatchEvent('main', 'drop', { dataTransfer: dropped });
    await expect(data.nav).toHaveAttribute('aria-current', 'page');
    await expect(data.card).toHaveAttribute('aria-label', 'Import media_plan.csv');
    await expect(page.getByRole('region', { name: 'Files waiting' })).toContainText('stores.csv');
    await expect(data.kind).toHaveValue('media_buys');
    await data.importButton.click();
    await expect(data.report).toBeVisible();
    const plans = await data.count('imported');

    await data.card.getByRole('button', { name: 'Next file: stores.csv' }).click();
    await expect(data.card).toHaveAttribute('aria-label', 'Import stores.csv');
    await expect(page.getByRole('region', { name: 'Files waiting' })).toHaveCount(0);
    await expect(data.kind).toHaveValue('stores');
    await data.importButton.click();
    await expect(data.report).toBeVisible();
    const stores = await data.count('imported');
    expect(plans).toBeGreaterThan(0);
    expect(stores).toBeGreaterThan(0);
    await expect(data.datasetRows('media_buys')).toHaveText(fmt(plans));
    await expect(data.datasetRows('stores')).toHaveText(fmt(stores));
    await expect(data.history.locator('tbody tr')).toHaveCount(2);
  } finally {
    await server.stop();
  }
});

test('a file the core cannot read shows why, in place', async ({ page, tmp }) => {
  const file = join(tmp, 'entries.csv');
  writeFileSync(file, '');
  const server = await serve({ workspace: await emptyWorkspace(join(tmp, 'campaign.duckdb')), dataDir: tmp });
  try {
    const data = new DataPage(page);
    await data.open(server.url);
    await data.choose(file);
    await expect(data.error).toContainText('is empty');
    await expect(data.card.getByRole('button', { name: 'Try again' })).toBeVisible();
    await data.card.getByRole('button', { name: 'Remove' }).click();
    await expect(data.card).toHaveCount(0);
  } finally {
    await server.stop();
  }
});
