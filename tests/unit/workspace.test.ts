import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { DbClient } from '../../src-main/core/db/client';
import { Session } from '../../src-main/core/session';
import { SCHEMA_VERSION } from '../../src-main/core/workspace/schema';
import { tempDir } from './helpers/tmp';
import { builtWorkerUrl } from './helpers/worker';

const dir = tempDir();

async function rawDuck(path: string, sql: string[]): Promise<void> {
  const inst = await DuckDBInstance.create(path);
  const c = await inst.connect();
  for (const s of sql) await c.run(s);
  c.closeSync();
  inst.closeSync();
}

describe('workspace file', () => {
  it('creates a new workspace at the current schema version with every dataset table, and reopens it', async () => {
    const path = join(dir, 'new.duckdb');
    const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
    const info = await s.open(path, { create: true });
    expect(info.schemaVersion).toBe(SCHEMA_VERSION);
    expect(info.datasets.map((d) => d.kind)).toEqual([
      'media_buys',
      'spend',
      'entries',
      'redemptions',
      'stores',
      'contacts',
      'optouts',
      'message_events',
      'replies',
    ]);
    expect(info.datasets.every((d) => d.rows === 0)).toBe(true);
    expect(info.dateRange).toBeNull();
    const tables = await s.requireDb().rows<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables ORDER BY 1`);
    expect(tables.map((r) => r.t)).toEqual(expect.arrayContaining(['ace_meta', 'saved_views', 'segments', 'pushes', 'imports', 'rejects']));
    await s.setName('Spring test');
    await s.close();
    const again = await s.open(path);
    expect(again.name).toBe('Spring test');
    expect(again.schemaVersion).toBe(SCHEMA_VERSION);
    await s.close();
  });

  it('answers its info again from what it read until the next write, and a write or a rename shows at once', async () => {
    const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
    await s.open(join(dir, 'info.duckdb'), { create: true });
    try {
      const first = await s.info();
      // A caller changing what it got changes nothing of the next answer.
      first.datasets[0]!.rows = 99;
      first.name = 'changed by a caller';
      const again = await s.info();
      expect(again.name).toBe('info');
      expect(again.datasets.every((d) => d.rows === 0)).toBe(true);
      await s.requireDb().transaction(async (w) => {
        await w.run(`INSERT INTO entries (entry_id, entered_at, email) VALUES ('e1', '2026-03-02 10:00', 'a@example.com')`);
      });
      const after = await s.info();
      expect(after.datasets.find((d) => d.kind === 'entries')!.rows).toBe(1);
      expect(after.dateRange).toEqual({ from: '2026-03-02', to: '2026-03-02' });
      await s.setName('Spring');
      expect((await s.info()).name).toBe('Spring');
    } finally {
      await s.close();
    }
  });

  it('refuses to open a missing file unless asked to create it', async () => {
    const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
    await expect(s.open(join(dir, 'nope.duckdb'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(s.isOpen).toBe(false);
  });

  it('refuses a DuckDB file that is not a workspace, and leaves it untouched', async () => {
    const path = join(dir, 'foreign.duckdb');
    await rawDuck(path, ['CREATE TABLE sales (id INTEGER)', 'INSERT INTO sales VALUES (1), (2)']);
    const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
    await expect(s.open(path)).rejects.toMatchObject({ code: 'WORKSPACE_INVALID' });
    const db = new DbClient();
    await db.open(path);
    expect(await db.rows('SELECT table_name FROM information_schema.tables')).toEqual([{ table_name: 'sales' }]);
    await db.close();
  });

  it('refuses a workspace written by a newer app version', async () => {
    const path = join(dir, 'future.duckdb');
    await rawDuck(path, [
      `CREATE TABLE ace_meta (key VARCHAR PRIMARY KEY, value VARCHAR)`,
      `INSERT INTO ace_meta VALUES ('schema_version', '${SCHEMA_VERSION + 5}')`,
    ]);
    const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
    await expect(s.open(path)).rejects.toMatchObject({ code: 'WORKSPACE_INVALID', message: expect.stringContaining('newer') });
  });

  it('refuses a file that is not a database at all', async () => {
    const path = join(dir, 'notes.duckdb');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, 'Dear diary, this is not a database.\n'.repeat(200));
    const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
    await expect(s.open(path)).rejects.toMatchObject({ code: 'WORKSPACE_INVALID' });
  });

  it('gives WORKSPACE_LOCKED, not a crash, when another process holds the file', async () => {
    const path = join(dir, 'locked.duckdb');
    const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
    await s.open(path, { create: true });
    await s.close();
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `require('@duckdb/node-api').DuckDBInstance.create(${JSON.stringify(path)}).then(() => { console.log('held'); setInterval(() => {}, 1000); })`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      const err = await s.open(path).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'WORKSPACE_LOCKED', message: expect.stringContaining('open in another program') });
      expect(s.isOpen).toBe(false);
    } finally {
      const gone = holder.exitCode === null && holder.signalCode === null ? new Promise((r) => holder.once('exit', r)) : null;
      holder.kill('SIGKILL');
      await gone;
    }
    // Once the other process is gone, the file opens and is intact.
    const info = await s.open(path);
    expect(info.schemaVersion).toBe(SCHEMA_VERSION);
    await s.close();
  });
});
