import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { aceJson, demoWorkspace, expect, serve, test, type Served } from './fixtures';
import { ExplorePage } from './pages/ExplorePage';

/**
 * Exports as jobs in browser mode: the core writes the file, the page follows the job's progress in the
 * jobs tray and downloads the file once from its one-time URL; the URL answers 404 afterwards and the
 * file is gone from the server's private folder.
 */
let dir: string;
let workspace: string;
let server: Served;
let total: number;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = mkdtempSync(join(tmpdir(), 'ace-jobs-'));
  workspace = join(dir, 'campaign.duckdb');
  await demoWorkspace(workspace, { entries: 20000, seed: 7 });
  // The CLI's count, before the server opens (and locks) the workspace.
  total = aceJson<{ lines: { level: number; entries: number }[] }>([
    'pivot',
    '--workspace',
    workspace,
    '--rows',
    'channel',
    '--measures',
    'entries',
  ]).lines.find((l) => l.level === 0)!.entries;
  server = await serve({ workspace, dataDir: dir });
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('raw rows are a job: the tray reports it, the file downloads once by a tokened URL, then it is gone', async ({ page }) => {
  const ex = new ExplorePage(page);
  await ex.open(server.url);
  await ex.exportButton('Raw rows (CSV)').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    ex.rowsDialog.getByRole('button', { name: /^Export [\d,]+ rows$/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('explore-pivot-rows.csv');
  const rows = Papa.parse<string[]>(readFileSync((await download.path())!, 'utf8'), { skipEmptyLines: true }).data;
  expect(rows[0]![0]).toBe('entry_id');
  expect(rows.length - 1).toBe(total);
  // The tray says what happened; the page fetched the file from its one-time URL, the token in the query.
  await expect(page.getByTestId('job-tray')).toContainText('Downloaded explore-pivot-rows.csv');
  const url = download.url();
  expect(url).toMatch(/\/api\/download\/[A-Za-z0-9_-]{24}\?token=/);
  // Without the token: 401 before anything else. With it, a second time: 404 (served once).
  expect((await page.request.get(url.replace(/\?token=.*$/, ''))).status()).toBe(401);
  expect((await page.request.get(url)).status()).toBe(404);
  // Nothing of it is left on the server.
  await expect.poll(() => readdirSync(join(dir, 'downloads'))).toEqual([]);
});
