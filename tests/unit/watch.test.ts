import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../../src-main/core/session';
import { ace } from './helpers/cli';
import { demoSession } from './helpers/demo';
import { tempDir } from './helpers/tmp';
import { builtWorkerUrl } from './helpers/worker';

/**
 * Watched folders: a file dropped in is imported (same validation and counts as a manual import) once
 * it is complete; one still being written is not imported half; a grown file brings only its new rows.
 */
const dir = tempDir('ace-watch-');
const folder = join(dir, 'entries-drop');
let s: Session;
const changed: number[] = [];

const header = 'entry_id,entered_at,channel,email,first_name,email_opt_in\n';
const rows = (from: number, n: number) =>
  Array.from(
    { length: n },
    (_, i) => `W${from + i},2026-04-20 10:${String((from + i) % 60).padStart(2, '0')}:00,web,watch${from + i}@example.com,Wanda,yes\n`,
  ).join('');

async function entries(): Promise<number> {
  const [r] = await s.requireDb().rows<{ n: unknown }>(`SELECT count(*) AS n FROM entries WHERE entry_id LIKE 'W%'`);
  return Number(r!.n);
}

beforeAll(async () => {
  mkdirSync(folder, { recursive: true });
  const demo = await demoSession(dir, 'watch.duckdb', 800);
  await demo.close();
  s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir, watch: { quietMs: 300 } });
  await s.open(join(dir, 'watch.duckdb'));
  s.events.subscribe((name) => name === 'workspace.changed' && changed.push(Date.now()));
  await s.watcher.add(folder, 'entries');
}, 60_000);
afterAll(() => s.close());

const settle = (ms = 350) => new Promise((r) => setTimeout(r, ms));

describe('watched folders', () => {
  it('imports a complete file once it has stayed the same for the quiet time, and screens hear of it', async () => {
    writeFileSync(join(folder, 'batch1.csv'), header + rows(0, 25));
    expect(await s.watcher.poll()).toEqual([]); // first sight: wait for it to settle
    await settle();
    const before = changed.length;
    expect(await s.watcher.poll()).toEqual([join(folder, 'batch1.csv')]);
    expect(await entries()).toBe(25);
    expect(changed.length).toBeGreaterThan(before);
    // Nothing new: nothing imported again.
    await settle();
    expect(await s.watcher.poll()).toEqual([]);
    const listed = await s.watcher.list();
    expect(listed[0]!.files[0]).toMatchObject({ path: join(folder, 'batch1.csv'), status: 'imported' });
  });

  it('does not import a file still being written: not half, not while it grows', async () => {
    const path = join(folder, 'batch2.csv');
    // Half a line at the end: the writer is mid-row.
    writeFileSync(path, header + rows(100, 10) + 'W110,2026-04-20 10:');
    await s.watcher.poll();
    await settle();
    expect(await s.watcher.poll()).toEqual([]);
    await settle();
    expect(await s.watcher.poll()).toEqual([]);
    expect(await entries()).toBe(25);
    // Still growing by whole lines: each change restarts the quiet time.
    appendFileSync(path, '30:00,web,watch110@example.com,Wanda,yes\n');
    await s.watcher.poll();
    appendFileSync(path, rows(111, 4));
    await s.watcher.poll();
    expect(await entries()).toBe(25);
    await settle();
    expect(await s.watcher.poll()).toEqual([path]);
    expect(await entries()).toBe(25 + 15);
  });

  it('a grown file brings only its new rows; a bad one is recorded as failed with the reason', async () => {
    const path = join(folder, 'batch1.csv');
    appendFileSync(path, rows(25, 5));
    await s.watcher.poll();
    await settle();
    expect(await s.watcher.poll()).toEqual([path]);
    expect(await entries()).toBe(45);
    const history = await s
      .requireDb()
      .rows<{ rows_imported: unknown; duplicates_skipped: unknown }>(
        `SELECT rows_imported, duplicates_skipped FROM imports ORDER BY import_id DESC LIMIT 1`,
      );
    expect(Number(history[0]!.rows_imported)).toBe(5);
    expect(Number(history[0]!.duplicates_skipped)).toBe(25);

    writeFileSync(join(folder, 'junk.csv'), 'colour,shape\nred,round\n');
    await s.watcher.poll();
    await settle();
    expect(await s.watcher.poll()).toEqual([]);
    const junk = (await s.watcher.list())[0]!.files.find((f) => f.path.endsWith('junk.csv'))!;
    expect(junk.status).toBe('failed');
    expect(junk.message).toBeTruthy();
  });
});

describe('ace watch', () => {
  it('adds a folder and imports what is there with --once', async () => {
    const d = tempDir('ace-watch-cli-');
    const demo = await demoSession(d, 'cli.duckdb', 500);
    await demo.close();
    const ws = join(d, 'cli.duckdb');
    const drop = join(d, 'drop');
    mkdirSync(drop);
    writeFileSync(join(drop, 'more.csv'), header + rows(500, 7));
    expect((await ace(['watch', '--workspace', ws, '--add', drop, '--kind', 'entries'])).code).toBe(0);
    const r = await ace(['watch', '--workspace', ws, '--once', '--quiet-seconds', '0']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(`Imported ${join(drop, 'more.csv')}`);
    const none = await ace(['watch', '--workspace', join(d, 'cli.duckdb'), '--remove', drop]);
    expect(none.code).toBe(0);
    const bad = await ace(['watch', '--workspace', ws, '--add', join(d, 'nope'), '--kind', 'entries']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/is not a folder/);
  }, 120_000);
});
