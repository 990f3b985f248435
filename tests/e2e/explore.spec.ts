import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { attr, readXlsx } from '../support/xlsx';
import { aceJsonIn, apiCall, expect, preparedWorkspace, serve, test, type Served } from './fixtures';
import { chartsDrawn } from './helpers';
import { ExplorePage } from './pages/ExplorePage';
import { count, expectedCells, FORMATS, grandTotal, type CliPivot } from './cliPivot';
import { neutralise, PLAIN_DATA } from '../../src-main/contract/formula';

const SCREENS = 'test-results/screens';
let dir: string;
let workspace: string;
let server: Served;

// Every CLI answer is read before the server opens the workspace (one process holds it at a time).
let byTypeAndChannel: CliPivot;
let byMarket: CliPivot;
let inBoston: CliPivot;
let radioOnly: CliPivot;
let radioSmsPeople: number;
let radioByType: CliPivot;
let radioWeb: CliPivot;
let withSumOfAge: CliPivot;
let ages25to34: CliPivot;
let ages25to34NoZip: CliPivot;
let noZip: CliPivot;
const TYPE_BY_CHANNEL = ['--rows', 'media_type', '--cols', 'channel', '--measures', 'entries,revenue'];
const BY_TYPE = ['--rows', 'media_type', '--measures', 'entries,redemptions,revenue'];
const AGES_25_TO_34 = { field: 'age', op: 'between', from: 25, to: 34 };
const ZIP_EMPTY = { field: 'zip', op: 'empty' };
const filter = (...fs: object[]) => ['--filter', JSON.stringify(fs)];

test.beforeAll(async () => {
  // A demo, the CLI's answers (one process at a time: each holds the workspace) and the server: more than a test's 60 s on a busy 2-core machine.
  test.setTimeout(120_000);
  dir = mkdtempSync(join(tmpdir(), 'ace-explore-'));
  workspace = join(dir, 'campaign.duckdb');
  // Asked once per run, whichever worker comes first (fixtures.ts preparedWorkspace).
  const cli = await preparedWorkspace('explore', workspace, { entries: 20000, seed: 7 }, async (ws, into) => {
    const pivot = (args: string[]) => aceJsonIn<CliPivot>(['pivot', '--workspace', ws, ...args]);
    // The people behind the radio × sms cell, as the CLI counts them.
    const rule = join(into, 'radio-sms.json');
    writeFileSync(
      rule,
      JSON.stringify({
        type: 'entries',
        filters: [
          { field: 'media_type', op: 'in', values: ['radio'] },
          { field: 'channel', op: 'in', values: ['sms'] },
        ],
      }),
    );
    const radio = { field: 'media_type', op: 'in', values: ['radio'] };
    return {
      byTypeAndChannel: await pivot(TYPE_BY_CHANNEL),
      byMarket: await pivot(['--rows', 'market', '--measures', 'entries']),
      inBoston: await pivot([...TYPE_BY_CHANNEL, '--filter', JSON.stringify([{ field: 'market', op: 'in', values: ['Boston'] }])]),
      radioOnly: await pivot([...TYPE_BY_CHANNEL, '--filter', JSON.stringify([{ field: 'media_type', op: 'in', values: ['radio'] }])]),
      radioSmsPeople: (await aceJsonIn<{ people: number }>(['segment', 'count', '--workspace', ws, '--rule', rule])).people,
      radioByType: await pivot(['--rows', 'media_type', '--measures', 'entries,revenue', ...filter(radio)]),
      radioWeb: await pivot([...TYPE_BY_CHANNEL, ...filter(radio, { field: 'channel', op: 'in', values: ['web'] })]),
      withSumOfAge: await pivot(['--rows', 'media_type', '--cols', 'channel', '--measures', 'entries,revenue,sum:age']),
      ages25to34: await pivot([...BY_TYPE, ...filter(AGES_25_TO_34)]),
      ages25to34NoZip: await pivot([...BY_TYPE, ...filter(AGES_25_TO_34, ZIP_EMPTY)]),
      noZip: await pivot([...BY_TYPE, ...filter(ZIP_EMPTY)]),
    };
  });
  ({
    byTypeAndChannel,
    byMarket,
    inBoston,
    radioOnly,
    radioSmsPeople,
    radioByType,
    radioWeb,
    withSumOfAge,
    ages25to34,
    ages25to34NoZip,
    noZip,
  } = cli);
  server = await serve({ workspace, dataDir: dir });
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The 2-D pivot of these tests: media type down, channel across, entries and revenue. */
async function buildTypeByChannel(ex: ExplorePage): Promise<void> {
  await expect(ex.chip('rows', 'media_type')).toBeVisible();
  await ex.dragField('channel', 'cols');
  await expect(ex.chip('cols', 'channel')).toBeVisible();
  await ex
    .measureChip('redemptions')
    .getByRole('button', { name: /Remove measure/ })
    .click();
  await expect(ex.measureChip('redemptions')).toHaveCount(0);
  await ex.settled();
}

test('a 2-D pivot built by drag and drop equals `ace pivot --json`: every cell, subtotal and total', async ({ page }) => {
  const ex = new ExplorePage(page);
  await ex.open(server.url);
  await buildTypeByChannel(ex);
  expect(await ex.cells()).toEqual(expectedCells(byTypeAndChannel));
  // The grand total is the last line, styled apart, and equals the entries imported.
  const lines = await ex.lines();
  expect(lines.at(-1)).toMatchObject({ kind: 'total', heads: ['Grand total'] });
  expect(grandTotal(byTypeAndChannel)).toBe(20000);
  await expect(ex.table.locator('thead')).toContainText('Total');

  // Sorting by the column total of entries, high to low: the biggest media type first, total still last.
  const totalEntries = ex.table.locator('thead th[data-col="total"][data-m="0"]');
  await totalEntries.getByRole('button').click();
  await expect(totalEntries).toHaveAttribute('aria-sort', 'descending');
  const sorted = (await ex.lines()).filter((l) => l.kind === 'detail').map((l) => l.path[0]);
  const cliOrder = byTypeAndChannel.lines
    .filter((l) => l.level === 1 && l.col_total)
    .sort((a, b) => (b.entries as number) - (a.entries as number))
    .map((l) => l.media_type);
  expect(sorted).toEqual(cliOrder);
  expect((await ex.lines()).at(-1)!.kind).toBe('total');

  // Bar chart of the same pivot, then the screenshots (light and dark).
  await ex.chartType('Bar').click();
  await expect(ex.chart).toBeVisible();
  await chartsDrawn(page);
  await page.screenshot({ path: `${SCREENS}/explore-light.png`, fullPage: true });
  await page.getByLabel('Theme').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await ex.chartType('Heatmap').click();
  await chartsDrawn(page);
  await page.screenshot({ path: `${SCREENS}/explore-dark.png`, fullPage: true });
});

test('a filter chosen from a value list narrows the pivot; removing its chip restores it', async ({ page }) => {
  const ex = new ExplorePage(page);
  await ex.open(server.url);
  await buildTypeByChannel(ex);
  await ex.addByMenu('market', 'Add to filters');
  await expect(ex.filterEditor).toBeVisible();
  const boston = ex.filterEditor.getByTestId('filter-values').locator('label[data-value="Boston"]');
  // The list shows each value's entry count.
  const bostonEntries = byMarket.lines.find((l) => l.market === 'Boston' && l.level === 1)!.entries as number;
  await expect(boston).toContainText(count.format(bostonEntries));
  await boston.getByRole('checkbox').check();
  await ex.filterEditor.getByRole('button', { name: 'Done' }).click();
  await expect(ex.filterTexts).toHaveText(['Market: Boston']);
  await ex.settled();
  expect(await ex.cells()).toEqual(expectedCells(inBoston));
  expect(grandTotal(inBoston)).toBe(bostonEntries);

  await ex.filterChips.getByRole('button', { name: /Remove filter/ }).click();
  await expect(ex.filterChips).toHaveCount(0);
  await ex.settled();
  expect(await ex.cells()).toEqual(expectedCells(byTypeAndChannel));

  // A Top N it cannot use is said, not silently ignored; the pivot keeps every value meanwhile.
  const topN = page.getByRole('spinbutton', { name: 'Top N' });
  await topN.fill('-3');
  await expect(page.getByTestId('topn-error')).toHaveText(/whole number from 1 to 1,000/);
  await expect(topN).toHaveAttribute('aria-invalid', 'true');
  expect(await ex.cells()).toEqual(expectedCells(byTypeAndChannel));
  await topN.fill('');
  await expect(page.getByTestId('topn-error')).toHaveCount(0);
});

test('clicking a row header filters by it (cross-filter); clicking it in the filter again is undone by Ctrl+Z', async ({ page }) => {
  const ex = new ExplorePage(page);
  await ex.open(server.url);
  await buildTypeByChannel(ex);
  await ex.rowHeader('radio').click();
  await expect(ex.filterTexts).toHaveText(['Media type: radio']);
  await ex.settled();
  expect(await ex.cells()).toEqual(expectedCells(radioOnly));
  expect((await ex.lines()).filter((l) => l.kind === 'detail').map((l) => l.path)).toEqual([['radio']]);

  // Undo and redo of pivot edits, by keyboard and by the buttons.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(ex.filterChips).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(ex.measureChip('redemptions')).toBeVisible();
  await page.keyboard.press('Control+Shift+z');
  await expect(ex.measureChip('redemptions')).toHaveCount(0);
  await page.keyboard.press('Control+y');
  await expect(ex.filterTexts).toHaveText(['Media type: radio']);
  await page.getByRole('button', { name: /Undo/ }).click();
  await expect(ex.filterChips).toHaveCount(0);
  await ex.settled();
  expect(await ex.cells()).toEqual(expectedCells(byTypeAndChannel));
});

test('drill-down: the grid of the entries behind a cell has its count and scrolls to a far row', async ({ page }) => {
  const ex = new ExplorePage(page);
  await ex.open(server.url);
  await buildTypeByChannel(ex);
  // One cell: radio entries by sms.
  const radioSms = byTypeAndChannel.lines.find((l) => l.media_type === 'radio' && l.channel === 'sms' && l.level === 1)!.entries as number;
  await ex.cell(['radio'], '["sms"]', 0).dblclick();
  await expect(ex.drill.getByTestId('drill-count')).toHaveText(`${count.format(radioSms)} entries`);
  await expect(ex.drill.locator('[role="row"][aria-rowindex="2"] [data-col="channel"]')).toHaveText('sms');
  // The people behind the cell become a segment in one click, with the CLI's count.
  await ex.drill.getByRole('button', { name: 'Make a segment of these people' }).click();
  await expect(ex.drill.getByTestId('drill-segment')).toContainText(`Saved`);
  await expect(ex.drill.getByTestId('drill-segment')).toContainText(`${count.format(radioSmsPeople)} people`);
  await ex.drill.getByRole('button', { name: 'Close' }).click();

  // The grand total (every entry) by keyboard: focus the cell and press Enter; then scroll to the last row.
  await ex.table.locator('tbody tr[data-kind="total"] td[data-col="total"][data-m="0"]').focus();
  await page.keyboard.press('Enter');
  await expect(ex.drill.getByTestId('drill-count')).toHaveText('20,000 entries');
  await expect(ex.drill.getByRole('grid')).toHaveAttribute('aria-rowcount', '20001');
  const scroller = ex.drill.getByTestId('drill-scroller');
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
  const last = ex.drill.locator('[role="row"][aria-rowindex="20001"]');
  await expect(last).toBeVisible();
  await expect(last.locator('[data-col="entry_id"]')).not.toHaveText('');
  // Only a window of rows is in the page, however many entries there are.
  expect(await ex.drill.locator('.ex-grid-row').count()).toBeLessThan(100);
  // Somewhere in the middle: row 12,345 shows the 12,345th entry.
  await scroller.evaluate((el) => (el.scrollTop = 12344 * 28));
  await expect(ex.drill.locator('[role="row"][aria-rowindex="12346"] [data-col="entry_id"]')).not.toHaveText('');
  await page.screenshot({ path: `${SCREENS}/explore-drill.png` });
});

test('CSV export is the pivot to compute with: pivoted columns, totals, plain numbers, its filters, a name that says what it holds', async ({
  page,
}) => {
  const ex = new ExplorePage(page);
  await ex.open(server.url);
  await buildTypeByChannel(ex);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('toolbar', { name: 'Pivot tools' }).getByRole('button', { name: 'CSV', exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('explore-media-type-by-channel.csv');
  const csv = readFileSync((await download.path())!, 'utf8');

  // Expected, from the CLI: channels in order, each with its two measures, then the totals; entries whole,
  // revenue to the cent, no currency sign or separators; a missing figure empty.
  const p = byTypeAndChannel;
  const channels = [...new Set(p.lines.filter((l) => !l.col_total).map((l) => l.channel as string | null))].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : a < b ? -1 : 1,
  );
  const q = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const figures = (pred: (l: CliPivot['lines'][number]) => boolean) =>
    [
      ...channels.map((c) => p.lines.find((l) => pred(l) && !l.col_total && l.channel === c)),
      p.lines.find((l) => pred(l) && l.col_total),
    ].flatMap((l) => (l ? [String(l.entries), (l.revenue as number).toFixed(2)] : ['', '']));
  const types = p.lines.filter((l) => l.level === 1 && l.col_total).map((l) => l.media_type as string | null);
  const expected = [
    ['Channel', ...channels.flatMap((c) => [c ?? '(empty)', c ?? '(empty)']), 'Total', 'Total'],
    ['Media type', ...channels.flatMap(() => ['Entries', 'Revenue']), 'Entries', 'Revenue'],
    // Entries no media buy owns: the name the ROI screen gives them.
    ...types.map((t) => [t ?? '(unattributed)', ...figures((l) => l.level === 1 && l.media_type === t)]),
    ['Grand total', ...figures((l) => l.level === 0)],
  ];
  const [filters, exported, blank, ...table] = csv.split('\r\n');
  expect(filters).toBe('Filters,none (all entries)');
  expect(exported).toMatch(/^Exported,\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
  expect(blank).toBe('');
  expect(table.join('\r\n')).toBe(expected.map((r) => r.map(q).join(',')).join('\r\n') + '\r\n');

  // Filtered: the file records the filter; with two row fields every line names both (no blank labels).
  await ex.rowHeader('radio').click();
  await ex.addByMenu('market', 'Add to rows');
  await ex.settled();
  const [filtered] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('toolbar', { name: 'Pivot tools' }).getByRole('button', { name: 'CSV', exact: true }).click(),
  ]);
  expect(filtered.suggestedFilename()).toBe('explore-media-type-market-by-channel.csv');
  const lines = Papa.parse<string[]>(readFileSync((await filtered.path())!, 'utf8'), { skipEmptyLines: true }).data;
  expect(lines[0]).toEqual(['Filters', 'Media type: radio']);
  const body = lines.slice(4);
  expect(body.filter((r) => r[0] === '' || (r[1] === '' && r[0] !== 'Grand total'))).toEqual([]);
  expect(body.some((r) => r[0] === 'radio' && r[1] === 'Total')).toBe(true);
});

test('a saved view comes back after a reload: pivot, filters and chart type', async ({ page }) => {
  const ex = new ExplorePage(page);
  await ex.open(server.url);
  await buildTypeByChannel(ex);
  await ex.rowHeader('radio').click();
  await ex.chartType('Stacked').click();
  // Each step checked where it happens: in one run of many the fresh window below showed the table instead, and so
  // had this window after its reload (the chart type was lost before the save, or by it).
  const stacked = page.getByRole('radio', { name: 'Stacked' });
  await expect(stacked).toBeChecked();
  await ex.settled();
  const before = await ex.cells();
  await page.getByRole('button', { name: 'Save as…' }).click();
  await page.getByLabel('View name').fill('Radio by channel');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(ex.savedView).toHaveValue(/.+/);

  // A reload keeps the screen as it was (its state is in the URL), the saved view still chosen.
  await page.reload();
  await ex.settled();
  await expect(ex.savedView.locator('option:checked')).toHaveText('Radio by channel');
  await expect(ex.chip('cols', 'channel')).toBeVisible();
  await expect(stacked).toBeChecked();
  expect(await ex.cells()).toEqual(before);

  // A new window starts from the default pivot; the saved view brings the whole question back.
  const fresh = new ExplorePage(await page.context().newPage());
  await fresh.open(server.url);
  await expect(fresh.chip('cols', 'channel')).toHaveCount(0);
  await fresh.savedView.selectOption({ label: 'Radio by channel' });
  await expect(fresh.chip('cols', 'channel')).toBeVisible();
  await expect(fresh.filterTexts).toHaveText(['Media type: radio']);
  await expect(fresh.page.getByRole('radio', { name: 'Stacked' })).toBeChecked();
  await expect(fresh.chart).toBeVisible();
  await fresh.settled();
  expect(await fresh.cells()).toEqual(before);
});

/** The pivot as laid out (what the table shows), from the CLI: labels as text, figures as numbers, a missing figure empty. */
function expectedSheet(p: CliPivot, measureLabels: string[], rowLabel: string, colLabel: string): (string | number | null)[][] {
  const cols = [...new Set(p.lines.filter((l) => !l.col_total).map((l) => l[p.cols[0]!] as string | null))].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : a < b ? -1 : 1,
  );
  const figures = (pred: (l: CliPivot['lines'][number]) => boolean) =>
    [
      ...cols.map((c) => p.lines.find((l) => pred(l) && !l.col_total && l[p.cols[0]!] === c)),
      p.lines.find((l) => pred(l) && l.col_total),
    ].flatMap((l) => p.measures.map((m) => (l ? (l[m] as number | null) : null)));
  const rowValues = p.lines.filter((l) => l.level === 1 && l.col_total).map((l) => l[p.rows[0]!] as string | null);
  return [
    [colLabel, ...cols.flatMap((c) => p.measures.map(() => c ?? '(empty)')), ...p.measures.map(() => 'Total')],
    [rowLabel, ...[...cols, 'total'].flatMap(() => measureLabels)],
    ...rowValues.map((v) => [
      v ?? (p.rows[0] === 'media_type' ? '(unattributed)' : '(empty)'),
      ...figures((l) => l.level === 1 && l[p.rows[0]!] === v),
    ]),
    ['Grand total', ...figures((l) => l.level === 0)],
  ];
}

test('XLSX export is the pivot as laid out: text labels, figures as numbers in the table formats, frozen headers', async ({ page }) => {
  const ex = new ExplorePage(page);
  await ex.open(server.url);
  await buildTypeByChannel(ex);
  // A plain number measure too (sums of ages are whole numbers: they must read as such in Excel).
  await ex.addByMenu('age', 'Add as measure (sum)');
  await expect(ex.measureChip('sum:age')).toBeVisible();
  await ex.settled();
  const shown = await ex.cells();

  const file = await ex.download('XLSX');
  expect(file.name).toBe('explore-media-type-by-channel.xlsx');
  const { files, cells, rows } = readXlsx(file.bytes);
  const p = withSumOfAge;
  expect(rows).toEqual(expectedSheet(p, ['Entries', 'Revenue', 'Sum of age'], 'Media type', 'Channel'));

  // Labels are shared strings, figures plain numbers; no formula anywhere.
  expect([...cells.values()].filter((c) => c.formula)).toEqual([]);
  expect(cells.get('A1')).toMatchObject({ value: 'Channel', t: 's' });
  expect(cells.get('B1')).toMatchObject({ value: 'banner', t: 's' });
  expect(cells.get('B2')).toMatchObject({ value: 'Entries', t: 's' });
  // Columns: A (media type), then banner, email, sms, web, Total, each with entries, revenue, sum of age.
  const last = rows.length;
  expect(cells.get(`A${last}`)).toMatchObject({ value: 'Grand total', t: 's' });
  const grand = p.lines.find((l) => l.level === 0 && l.col_total)!;
  expect(cells.get(`N${last}`)).toMatchObject({ value: 20000, t: null, format: '#,##0' });
  expect(cells.get(`O${last}`)).toMatchObject({ value: grand.revenue, t: null, format: '"$"#,##0.00' });
  expect(cells.get(`P${last}`)).toMatchObject({ value: grand['sum:age'], t: null, format: '#,##0' });
  // The radio × sms cell, as the table shows it.
  const radioRow = rows.findIndex((r) => r[0] === 'radio') + 1;
  const radioSms = p.lines.find((l) => l.level === 1 && l.media_type === 'radio' && l.channel === 'sms')!;
  expect(cells.get(`H${radioRow}`)).toMatchObject({ value: radioSms.entries, format: '#,##0' });
  expect(cells.get(`I${radioRow}`)).toMatchObject({ value: radioSms.revenue, format: '"$"#,##0.00' });
  expect(shown[`["radio"]|["sms"]|0`]).toBe(count.format(radioSms.entries as number));

  // A whole number reads as the table shows it: no format that would draw "123,456." in Excel.
  for (const c of [...cells.values()].filter((x) => typeof x.value === 'number'))
    expect(c.format, `format of ${c.value}`).not.toMatch(/\.#+$/);
  // The header rows and the row headers stay put while scrolling.
  const pane = /<pane\b[^>]*>/.exec(files['xl/worksheets/sheet1.xml']!)?.[0] ?? '';
  expect(attr(pane, 'xSplit')).toBe('1');
  expect(attr(pane, 'ySplit')).toBe('2');
});

test('Copy as TSV puts the pivot on the clipboard; a label a spreadsheet would run as a formula is neutralised', async ({
  page,
  context,
  tmp,
}) => {
  // A fresh workspace whose entries carry a custom column with values Excel would run as formulas.
  const notes = ['=1+2', '+SUM(A1)', '-5', '@cmd', 'plain, text', '=1+2', 'tab\there'];
  const csv =
    [
      'Entry ID,Date Entered,E-mail Address,ZIP,Note',
      ...notes.map((n, i) => `N${i + 1},03/0${i + 1}/2026 10:00,p${i + 1}@example.com,0213${i},"${n}"`),
    ].join('\r\n') + '\r\n';
  writeFileSync(join(tmp, 'entries.csv'), csv);
  const ws = join(tmp, 'hostile.duckdb');
  await aceJsonIn(['import', join(tmp, 'entries.csv'), '--kind', 'entries', '--workspace', ws]);
  const cli = await aceJsonIn<CliPivot>(['pivot', '--workspace', ws, '--rows', 'attr:Note', '--measures', 'entries,redemptions,revenue']);
  expect(grandTotal(cli)).toBe(notes.length);
  const hostile = await serve({ workspace: ws, dataDir: tmp });
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hostile.origin });
    const ex = new ExplorePage(page);
    await ex.open(hostile.url);
    await ex.chip('rows', 'media_type').getByRole('button', { name: 'Remove Media type from rows' }).click();
    await ex.addByMenu('attr:Note', 'Add to rows');
    await expect(ex.chip('rows', 'attr:Note')).toBeVisible();
    await ex.settled();
    await ex.exportButton('Copy as TSV').click();
    await expect(ex.toolbar.getByRole('status')).toHaveText('Copied the pivot as TSV');
    // The note is no export in progress: the raw rows can be exported right away.
    await expect(ex.exportButton('Raw rows (CSV)')).toBeEnabled({ timeout: 500 });
    const tsv = await page.evaluate(() => navigator.clipboard.readText());

    // Expected, written out from the CLI: one header row (no column fields), a line per note, the total.
    const guard = (s: string) => neutralise(s).replace(/[\t\r\n]+/g, ' ');
    const figures = (l: CliPivot['lines'][number]) => [
      FORMATS.entries!(l.entries as number),
      FORMATS.redemptions!(l.redemptions as number),
      FORMATS.revenue!(l.revenue as number),
    ];
    const expected = [
      ['Note', 'Entries', 'Redemptions', 'Revenue'],
      ...cli.lines.filter((l) => l.level === 1).map((l) => [guard((l['attr:Note'] as string | null) ?? '(empty)'), ...figures(l)]),
      ['Grand total', ...figures(cli.lines.find((l) => l.level === 0)!)],
    ];
    expect(tsv).toBe(expected.map((r) => r.join('\t')).join('\r\n') + '\r\n');
    const table = tsv
      .trimEnd()
      .split('\r\n')
      .map((r) => r.split('\t'));
    expect(table).toHaveLength(1 + new Set(notes).size + 1);
    for (const r of table) expect(r).toHaveLength(4);
    // Said plainly: no cell starts with = + - @ but plain numbers, the formula value keeps its two entries.
    expect(table.flat().filter((c) => /^[=+\-@]/.test(c) && !PLAIN_DATA.test(c))).toEqual([]);
    expect(table.find((r) => r[0] === "'=1+2")).toEqual(["'=1+2", '2', '0', '$0.00']);
    expect(table.map((r) => r[0])).toEqual(expect.arrayContaining(["'+SUM(A1)", '-5', "'@cmd", 'plain, text', 'tab here']));

    // In the workbook the same labels are text cells, kept as they are (a text cell is never run).
    const { cells, rows } = readXlsx((await ex.download('XLSX')).bytes);
    expect(rows.map((r) => r[0])).toEqual([
      'Note',
      ...cli.lines.filter((l) => l.level === 1).map((l) => (l['attr:Note'] as string | null) ?? '(empty)'),
      'Grand total',
    ]);
    const formula = [...cells.values()].find((c) => c.value === '=1+2')!;
    expect(formula).toMatchObject({ t: 's', formula: false });
    expect([...cells.values()].filter((c) => c.formula)).toEqual([]);
  } finally {
    await hostile.stop();
  }
});

test('clicking a bar of the chart filters by its row, a legend entry by its column (cross-filter)', async ({ page }) => {
  const ex = new ExplorePage(page);
  await ex.open(server.url);
  // Entries and revenue: the bar chart draws entries, one bar per media type.
  await ex
    .measureChip('redemptions')
    .getByRole('button', { name: /Remove measure/ })
    .click();
  await expect(ex.measureChip('redemptions')).toHaveCount(0);
  await ex.settled();
  await ex.chartType('Bar').click();
  await expect(ex.chart).toBeVisible();
  const types = (await ex.lines()).filter((l) => l.kind === 'detail').map((l) => l.path[0]);
  expect(types).toContain('radio');
  await expect.poll(async () => (await ex.chartRuns('bars')).length).toBe(types.length);
  const bars = await ex.chartRuns('bars');
  // Left to right in the table's order: the radio bar is the one at radio's place. A real mouse click on it.
  const radio = bars[types.indexOf('radio')]!;
  await page.mouse.click(radio.x, radio.y);
  await expect(ex.filterTexts).toHaveText(['Media type: radio']);
  await ex.settled();
  expect(await ex.cells()).toEqual(expectedCells(radioByType));
  await expect.poll(async () => (await ex.chartRuns('bars')).length).toBe(1);

  // Channels across: a series (and a legend entry) per channel; a click on "web" filters by it.
  await ex.dragField('channel', 'cols');
  await expect(ex.chip('cols', 'channel')).toBeVisible();
  await ex.settled();
  expect(await ex.cells()).toEqual(expectedCells(radioOnly));
  const channels = [...new Set(radioOnly.lines.filter((l) => !l.col_total && l.level === 0).map((l) => l.channel as string))];
  expect(channels).toEqual(['sms', 'web']);
  await expect.poll(async () => (await ex.chartRuns('legend')).length).toBe(channels.length);
  const web = (await ex.chartRuns('legend'))[channels.indexOf('web')]!;
  await page.mouse.click(web.x, web.y);
  await expect(ex.filterTexts).toHaveText(['Media type: radio', 'Channel: web']);
  await ex.settled();
  expect(await ex.cells()).toEqual(expectedCells(radioWeb));

  // The same legend entry again takes its filter off.
  await expect.poll(async () => (await ex.chartRuns('legend')).length).toBe(1);
  const again = (await ex.chartRuns('legend'))[0]!;
  await page.mouse.click(again.x, again.y);
  await expect(ex.filterTexts).toHaveText(['Media type: radio']);
  await ex.settled();
  expect(await ex.cells()).toEqual(expectedCells(radioOnly));
});

/** Adds the filter "age between 25 and 34" through the filter editor (a number opens on its range). */
async function filterAges25to34(ex: ExplorePage): Promise<void> {
  await ex.newFilter('age');
  await expect(ex.filterEditor.getByRole('radio', { name: 'Range' })).toBeChecked();
  await ex.filterEditor.getByLabel('From').fill('25');
  await ex.filterEditor.getByLabel('To').fill('34');
  await ex.closeFilter();
  await expect(ex.filterTexts).toHaveText(['Age: 25 – 34']);
  await ex.settled();
}

test('a range filter (age 25–34) and an "is empty" filter (zip) equal `ace pivot --filter`', async ({ page }) => {
  const ex = new ExplorePage(page);
  await ex.open(server.url);
  await filterAges25to34(ex);
  expect(await ex.cells()).toEqual(expectedCells(ages25to34));

  // The zip values arrive after the editor opens (held here until its controls are measured): the editor keeps
  // its place as they fill it in. Centred, it grew both ways, and a click meant for "Is empty" could land on the
  // spot the control had just left (this test failed once so).
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/rpc/pivot.values', async (route) => {
    await held;
    await route.continue();
  });
  await ex.newFilter('zip');
  const modes = ex.filterEditor.getByRole('radiogroup', { name: 'Filter by' });
  const before = await modes.boundingBox();
  release();
  await expect(ex.filterEditor.getByTestId('filter-values').locator('label').first()).toBeVisible();
  await page.unrouteAll({ behavior: 'wait' });
  expect(await modes.boundingBox()).toEqual(before);
  await ex.filterMode('Is empty').click();
  await ex.closeFilter();
  await expect(ex.filterTexts).toHaveText(['Age: 25 – 34', 'Zip is empty']);
  await ex.settled();
  expect(await ex.cells()).toEqual(expectedCells(ages25to34NoZip));

  // The range filter reopens with its bounds; emptied, it goes away and the zip filter stays alone.
  await ex.filterTexts.first().click();
  await expect(ex.filterEditor.getByLabel('From')).toHaveValue('25');
  await expect(ex.filterEditor.getByLabel('To')).toHaveValue('34');
  await ex.filterEditor.getByLabel('From').fill('');
  await ex.filterEditor.getByLabel('To').fill('');
  await ex.closeFilter();
  await expect(ex.filterTexts).toHaveText(['Zip is empty']);
  await ex.settled();
  expect(await ex.cells()).toEqual(expectedCells(noZip));
  expect(grandTotal(noZip)).toBeGreaterThan(0);
});

/** Raw rows' columns; names, email and phone (the personal ones) only when ticked, in this order. */
const RAW_COLUMNS = [
  'entry_id',
  'entered_at',
  'channel',
  'keyword',
  'media_buy_id',
  'media_buy',
  'entrant_id',
  'email',
  'phone',
  'first_name',
  'last_name',
  'zip',
  'age',
  'product_affinity',
  'purchase_timeframe',
  'email_opt_in',
  'sms_opt_in',
  'coupon_code',
  'redemptions',
  'revenue',
  'valid',
  'invalid_reasons',
];
const PERSONAL = ['email', 'phone', 'first_name', 'last_name'];

test('Raw rows (CSV) is every entry behind the filters; personal columns only when ticked, and then logged', async ({ page }) => {
  const ex = new ExplorePage(page);
  await ex.open(server.url);
  const parse = (bytes: Buffer) => Papa.parse<string[]>(bytes.toString('utf8'), { skipEmptyLines: true }).data;

  // No filter, nothing ticked: all 20,000 entries, each once, and no personal data at all.
  const all = await ex.download('Raw rows (CSV)');
  expect(all.name).toBe('explore-pivot-rows.csv');
  const everyRow = parse(all.bytes);
  const plain = RAW_COLUMNS.filter((c) => !PERSONAL.includes(c));
  expect(everyRow[0]).toEqual(plain);
  expect(everyRow.length - 1).toBe(grandTotal(byMarket));
  expect(new Set(everyRow.slice(1).map((r) => r[0])).size).toBe(20000);
  expect(everyRow.filter((r) => r.length !== plain.length)).toEqual([]);
  expect(all.bytes.toString('utf8')).not.toContain('@');
  expect(await apiCall(server, 'exports.log')).toEqual([]);

  // Ages 25 to 34 with email and phone ticked: as many rows as `ace pivot` counts, each in the range; their
  // redemptions and revenue add up; the names stay out; the file is in the export log.
  await filterAges25to34(ex);
  const some = await ex.download('Raw rows (CSV)', ['Email', 'Phone']);
  const rows = parse(some.bytes);
  const chosen = RAW_COLUMNS.filter((c) => c !== 'first_name' && c !== 'last_name');
  expect(rows[0]).toEqual(chosen);
  const data = rows.slice(1);
  const col = (name: string) => chosen.indexOf(name);
  expect(data).toHaveLength(grandTotal(ages25to34));
  expect(data.filter((r) => r[col('email')] && !r[col('email')]!.includes('@'))).toEqual([]);
  expect(data.filter((r) => !(Number(r[col('age')]) >= 25 && Number(r[col('age')]) <= 34))).toEqual([]);
  const total = ages25to34.lines.find((l) => l.level === 0)!;
  expect(data.reduce((a, r) => a + Number(r[col('redemptions')]), 0)).toBe(total.redemptions);
  expect(Math.round(data.reduce((a, r) => a + Number(r[col('revenue')]), 0) * 100)).toBe(Math.round((total.revenue as number) * 100));
  const log = await apiCall<{ what: string; personal: string[]; rows: number; fileName: string; via: string }[]>(server, 'exports.log');
  expect(log).toHaveLength(1);
  expect(log[0]).toMatchObject({ personal: ['email', 'phone'], rows: data.length, fileName: 'explore-pivot-rows.csv', via: 'browser' });
  expect(log[0]!.what).toMatch(/^Explore rows: Age/);
  await expect(ex.exportButton('Raw rows (CSV)')).toBeEnabled();
});
