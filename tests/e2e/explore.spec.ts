import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aceJson, expect, serve, test, type Served } from './fixtures';
import { ExplorePage, type ShownCells } from './pages/ExplorePage';

const SCREENS = 'test-results/screens';
const DASH = '–';

// The formats the issue asks for, written out independently of the renderer's code.
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const FORMATS: Record<string, (v: number | null) => string> = {
  entries: (v) => (v === null ? DASH : count.format(v)),
  revenue: (v) => (v === null ? DASH : money.format(v)),
};

interface CliPivot {
  rows: string[];
  cols: string[];
  measures: string[];
  lines: Record<string, string | number | boolean | null>[];
}

let dir: string;
let workspace: string;
let server: Served;
const pivotCli = (args: string[]) => aceJson<CliPivot>(['pivot', '--workspace', workspace, ...args]);

/** What the table must show for a CLI pivot: every figure, by row path, column key and measure. */
function expectedCells(p: CliPivot): ShownCells {
  const out: ShownCells = {};
  // A combination with no entries has no line: the table shows a dash there.
  const paths = new Set<string>();
  const cols = new Set<string>();
  for (const l of p.lines) {
    paths.add(JSON.stringify(p.rows.slice(0, l.level as number).map((r) => l[r] as string | null)));
    cols.add(p.cols.length ? (l.col_total ? 'total' : JSON.stringify(p.cols.map((c) => l[c] as string | null))) : '[]');
  }
  for (const path of paths) for (const col of cols) p.measures.forEach((_, i) => (out[`${path}|${col}|${i}`] = DASH));
  for (const l of p.lines) {
    const level = l.level as number;
    const path = p.rows.slice(0, level).map((r) => l[r] as string | null);
    const col = p.cols.length ? (l.col_total ? 'total' : JSON.stringify(p.cols.map((c) => l[c] as string | null))) : '[]';
    p.measures.forEach((m, i) => (out[`${JSON.stringify(path)}|${col}|${i}`] = FORMATS[m]!(l[m] as number | null)));
  }
  return out;
}
const grandTotal = (p: CliPivot, m = 'entries') => p.lines.find((l) => l.level === 0 && (p.cols.length === 0 || l.col_total))![m] as number;

// Every CLI answer is read before the server opens the workspace (one process holds it at a time).
let byTypeAndChannel: CliPivot;
let byMarket: CliPivot;
let inBoston: CliPivot;
let radioOnly: CliPivot;
let radioSmsPeople: number;
const TYPE_BY_CHANNEL = ['--rows', 'media_type', '--cols', 'channel', '--measures', 'entries,revenue'];

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ace-explore-'));
  workspace = join(dir, 'campaign.duckdb');
  aceJson(['demo', '--workspace', workspace, '--entries', '20000', '--seed', '7']);
  byTypeAndChannel = pivotCli(TYPE_BY_CHANNEL);
  byMarket = pivotCli(['--rows', 'market', '--measures', 'entries']);
  inBoston = pivotCli([...TYPE_BY_CHANNEL, '--filter', JSON.stringify([{ field: 'market', op: 'in', values: ['Boston'] }])]);
  radioOnly = pivotCli([...TYPE_BY_CHANNEL, '--filter', JSON.stringify([{ field: 'media_type', op: 'in', values: ['radio'] }])]);
  // The people behind the radio × sms cell, as the CLI counts them (before the server locks the file).
  const rule = join(dir, 'radio-sms.json');
  writeFileSync(rule, JSON.stringify({ type: 'entries', filters: [{ field: 'media_type', op: 'in', values: ['radio'] }, { field: 'channel', op: 'in', values: ['sms'] }] }));
  radioSmsPeople = aceJson<{ people: number }>(['segment', 'count', '--workspace', workspace, '--rule', rule]).people;
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
  await ex.measureChip('redemptions').getByRole('button', { name: /Remove measure/ }).click();
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
  await expect(page.getByTestId('echart')).toBeVisible();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SCREENS}/explore-light.png`, fullPage: true });
  await page.getByLabel('Theme').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await ex.chartType('Heatmap').click();
  await page.waitForTimeout(300);
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

test('CSV export is the pivot as laid out: pivoted columns, totals, formatted figures', async ({ page }) => {
  const ex = new ExplorePage(page);
  await ex.open(server.url);
  await buildTypeByChannel(ex);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('toolbar', { name: 'Pivot tools' }).getByRole('button', { name: 'CSV', exact: true }).click()]);
  expect(download.suggestedFilename()).toBe('explore-pivot.csv');
  const csv = readFileSync((await download.path())!, 'utf8');

  // Expected, from the CLI: channels in order, each with its two measures, then the totals.
  const p = byTypeAndChannel;
  const channels = [...new Set(p.lines.filter((l) => !l.col_total).map((l) => l.channel as string | null))].sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : 1));
  const q = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const figures = (pred: (l: CliPivot['lines'][number]) => boolean) =>
    [...channels.map((c) => p.lines.find((l) => pred(l) && !l.col_total && l.channel === c)), p.lines.find((l) => pred(l) && l.col_total)].flatMap((l) =>
      l ? [FORMATS.entries!(l.entries as number), FORMATS.revenue!(l.revenue as number)] : [DASH, DASH],
    );
  const types = p.lines.filter((l) => l.level === 1 && l.col_total).map((l) => l.media_type as string | null);
  const expected = [
    ['Channel', ...channels.flatMap((c) => [c ?? '(empty)', c ?? '(empty)']), 'Total', 'Total'],
    ['Media type', ...channels.flatMap(() => ['Entries', 'Revenue']), 'Entries', 'Revenue'],
    ...types.map((t) => [t ?? '(empty)', ...figures((l) => l.level === 1 && l.media_type === t)]),
    ['Grand total', ...figures((l) => l.level === 0)],
  ];
  expect(csv).toBe(expected.map((r) => r.map(q).join(',')).join('\r\n') + '\r\n');
});

test('a saved view comes back after a reload: pivot, filters and chart type', async ({ page }) => {
  const ex = new ExplorePage(page);
  await ex.open(server.url);
  await buildTypeByChannel(ex);
  await ex.rowHeader('radio').click();
  await ex.chartType('Stacked').click();
  await ex.settled();
  const before = await ex.cells();
  await page.getByRole('button', { name: 'Save as…' }).click();
  await page.getByLabel('View name').fill('Radio by channel');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(ex.savedView).toHaveValue(/.+/);

  await page.reload();
  await ex.nav.click();
  await ex.settled();
  await expect(ex.chip('cols', 'channel')).toHaveCount(0);
  await ex.savedView.selectOption({ label: 'Radio by channel' });
  await expect(ex.chip('cols', 'channel')).toBeVisible();
  await expect(ex.filterTexts).toHaveText(['Media type: radio']);
  await expect(page.getByRole('radio', { name: 'Stacked' })).toBeChecked();
  await expect(page.getByTestId('echart')).toBeVisible();
  await ex.settled();
  expect(await ex.cells()).toEqual(before);
});
