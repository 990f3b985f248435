import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src-main/core/db/client';
import { forLake } from '../../../src-main/core/db/lake-ddl';
import { lakeConflict } from '../../../src-main/core/engine/lake-watch';
import { AceError } from '../../../src-main/core/lib/errors';
import { duckdbPlatform, extensionsDir, hasExtension } from '../../../src-main/core/engine/extensions';
import { locate } from '../../../src-main/core/engine/location';
import { getRoi } from '../../../src-main/core/roi/metrics';
import { Session } from '../../../src-main/core/session';
import { csv, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';
import { builtWorkerUrl } from '../helpers/worker';
import { aceProcess } from '../helpers/cli';

const dir = tempDir();
const require = createRequire(import.meta.url);
/** @duckdb/node-bindings 1.5.5-r.5 is DuckDB 1.5.5. */
const bindingsVersion = () => (require('@duckdb/node-bindings/package.json') as { version: string }).version.replace(/-r\.\d+$/, '');

/** Every file under `d`, recursively. */
const walk = (d: string): string[] =>
  readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));

describe('the DuckLake engine: shipped extensions, never downloaded, at DuckDB’s own version', () => {
  it('has the extensions for exactly the DuckDB version of @duckdb/node-api (run scripts/duckdb-extensions.mjs after an upgrade)', () => {
    const d = extensionsDir();
    expect(d, 'no resources/duckdb-extensions: run node scripts/duckdb-extensions.mjs').not.toBeNull();
    const version = bindingsVersion();
    for (const name of ['ducklake', 'postgres_scanner'])
      expect(hasExtension(d!, version, name), `${name} for DuckDB ${version} on ${duckdbPlatform()} in ${d}`).toBe(true);
  });

  it('tells a lake from a DuckDB file by its name', () => {
    expect(locate('/x/campaign.ducklake')).toEqual({
      kind: 'lake',
      path: '/x/campaign.ducklake',
      catalog: { file: '/x/campaign.ducklake' },
      dataPath: '/x/campaign.ducklake.files',
    });
    expect(locate('/x/campaign.duckdb')).toEqual({ kind: 'file', path: '/x/campaign.duckdb' });
  });

  it('writes DuckLake’s dialect: no key constraints, literal defaults on added columns; other statements as they are', () => {
    expect(forLake(`CREATE TABLE a (k VARCHAR PRIMARY KEY, v INTEGER, created_at TIMESTAMP DEFAULT current_timestamp)`)).toBe(
      `CREATE TABLE a (k VARCHAR, v INTEGER, created_at TIMESTAMP DEFAULT current_timestamp)`,
    );
    expect(forLake(`CREATE TABLE b (x VARCHAR, y INTEGER, PRIMARY KEY (x, y))`)).toBe(`CREATE TABLE b (x VARCHAR, y INTEGER)`);
    expect(forLake(`ALTER TABLE pushes ADD COLUMN dry_run BOOLEAN DEFAULT false`)).toBe(
      `ALTER TABLE pushes ADD COLUMN dry_run BOOLEAN DEFAULT 'false'`,
    );
    const select = `SELECT 'PRIMARY KEY' AS x`;
    expect(forLake(select)).toBe(select);
  });

  it('tells another program’s winning commit (a conflict on a lake) from a real failure', () => {
    // DuckLake's words when two programs changed the same rows and the other committed first.
    const conflict = new AceError('INTERNAL', 'The workspace database stopped this', {
      cause:
        'TransactionContext Error: Failed to commit: Failed to commit DuckLake transaction.\nTransaction conflict - attempting to insert into table with index "1" - but another transaction has deleted inlined data from it',
    });
    const lake = { engine: 'lake' } as DbClient;
    expect(lakeConflict(lake, conflict)).toBe(true);
    expect(lakeConflict({ engine: 'file' } as DbClient, conflict)).toBe(false);
    expect(lakeConflict(lake, new AceError('INTERNAL', 'Out of memory', { cause: 'Out of Memory Error' }))).toBe(false);
  });
});

describe('a workspace on a DuckLake with a local catalog', () => {
  let s: Session;
  const path = join(dir, 'team.ducklake');
  beforeAll(async () => {
    s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
    await s.open(path, { create: true });
    await imp(
      s,
      file(
        dir,
        'plan.csv',
        csv([
          ['media_buy_id', 'name', 'keyword'],
          ['MB1', 'Globe print', 'GLOBE'],
        ]),
      ),
      'media_buys',
    );
    await imp(
      s,
      file(
        dir,
        'spend.csv',
        csv([
          ['date', 'media_buy_id', 'amount'],
          ['2026-03-02', 'MB1', '1000.10'],
        ]),
      ),
      'spend',
    );
    await imp(
      s,
      file(
        dir,
        'entries.csv',
        csv([
          ['entry_id', 'entered_at', 'keyword', 'email'],
          ['E1', '2026-03-02 10:00', 'GLOBE', 'ann@example.com'],
          ['E2', '2026-03-03 10:00', 'globe', 'bo@example.com'],
          ['E3', '2026-03-04 10:00', 'GLOBE', 'ann@example.com'],
        ]),
      ),
      'entries',
    );
  });
  afterAll(() => s.close());

  it('is a lake: the catalog is private, the data is Parquet in the private folder beside it, every import a snapshot', async () => {
    const db = s.requireDb();
    expect(db.engine).toBe('lake');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}.files`).mode & 0o777).toBe(0o700);
    const [snap] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM ace_lake.snapshots()`);
    expect(Number(snap!.n)).toBeGreaterThan(3);
    // The entries themselves are in the lake's catalog or its files, not in a DuckDB workspace file.
    const [cur] = await db.rows<{ t: string }>(`SELECT current_database() AS t`);
    expect(cur!.t).toBe('ace_lake');
    await s.requireDb().rows('CHECKPOINT');
    const parquet = walk(`${path}.files`).filter((f) => f.endsWith('.parquet'));
    expect(parquet.length).toBeGreaterThan(0);
    expect(readFileSync(parquet[0]!).subarray(0, 4).toString()).toBe('PAR1');
  });

  it('answers ROI to the cent, as a DuckDB file does', async () => {
    const roi = await getRoi(s.requireDb(), { by: 'media_buy', filters: {} });
    expect(roi.total).toMatchObject({ spend: 1000.1, entries: 3, unique_entrants: 2 });
    expect(roi.rows.find((r) => r.key === 'MB1')!.cost_per_entry).toBeCloseTo(333.3666666, 6);
  });

  it('reopens with everything in it, and a second process is refused while it is open (the local catalog has one user)', async () => {
    // Another process: DuckDB's lock on the catalog file is per process.
    const other = aceProcess(['info', '--workspace', path, '--json']);
    expect(other.code).not.toBe(0);
    expect(other.stderr).toContain('open in another program');
    await s.close();
    s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
    const info = await s.open(path);
    expect(info.datasets.find((d) => d.kind === 'entries')!.rows).toBe(3);
  });

  it('moved, or copied, with its .files folder: opens where it is, and what it writes goes into the folder beside it', async () => {
    await s.close();
    const moved = join(dir, 'moved', 'x.ducklake');
    mkdirSync(join(dir, 'moved'));
    renameSync(path, moved);
    // Without its folder: refused with what to do, and no empty folder made in its place.
    const alone = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
    await expect(alone.open(moved)).rejects.toThrow('whose data folder, x.ducklake.files, is not beside it. Move or copy the folder');
    await alone.close();
    expect(existsSync(`${moved}.files`)).toBe(false);
    renameSync(`${path}.files`, `${moved}.files`);
    const parquet = (at: string) =>
      new Set(
        walk(`${at}.files`)
          .filter((f) => f.endsWith('.parquet'))
          .map((f) => f.slice(at.length)),
      );
    // Enough rows to be written as Parquet files rather than inlined in the catalog.
    const rows = (prefix: string) => [
      ['entry_id', 'entered_at', 'keyword', 'email'],
      ...Array.from({ length: 1500 }, (_, i) => [`${prefix}${i}`, '2026-03-05 10:00', 'GLOBE', `${prefix}${i}@example.com`]),
    ];
    s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
    expect((await s.open(moved)).datasets.find((d) => d.kind === 'entries')!.rows).toBe(3);
    expect((await getRoi(s.requireDb(), { by: 'media_buy', filters: {} })).total).toMatchObject({ spend: 1000.1, entries: 3 });
    const before = parquet(moved);
    await imp(s, file(dir, 'moved.csv', csv(rows('m'))), 'entries');
    await s.close();
    expect(parquet(moved).size).toBeGreaterThan(before.size);
    expect(existsSync(`${path}.files`)).toBe(false);

    const copy = join(dir, 'copy', 'x.ducklake');
    mkdirSync(join(dir, 'copy'));
    cpSync(moved, copy);
    cpSync(`${moved}.files`, `${copy}.files`, { recursive: true });
    const c = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
    try {
      expect((await c.open(copy)).datasets.find((d) => d.kind === 'entries')!.rows).toBe(1503);
      await imp(c, file(dir, 'copy.csv', csv(rows('c'))), 'entries');
      expect((await c.info()).datasets.find((d) => d.kind === 'entries')!.rows).toBe(3003);
    } finally {
      await c.close();
    }
    // Each keeps its own: the copy's new files are in its folder only, and the original did not change.
    const mine = parquet(moved);
    expect([...parquet(copy)].filter((f) => !mine.has(f)).length).toBeGreaterThan(0);
    s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
    expect((await s.open(moved)).datasets.find((d) => d.kind === 'entries')!.rows).toBe(1503);
  });
});
