import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { DbClient } from '../../src-main/core/db/client';
import { duckdbThreads } from '../../src-main/core/db/threads';
import { Session } from '../../src-main/core/session';
import { keepEnv } from './helpers/env';
import { tempDir } from './helpers/tmp';
import { builtWorkerUrl } from './helpers/worker';

/**
 * How many threads a workspace's DuckDB runs on: every core (DuckDB's default) unless ACE_THREADS says otherwise,
 * read when a workspace opens, for a DuckDB file and a DuckLake alike; a value that is not a whole number from 1 is
 * refused with what to give instead.
 */
const dir = tempDir();
afterEach(keepEnv('ACE_THREADS'));

async function threadsOf(db: DbClient): Promise<number> {
  const [r] = await db.rows<{ t: number }>(`SELECT current_setting('threads')::INTEGER AS t`);
  return r!.t;
}

/** What DuckDB itself would run on, from an instance opened with no settings. */
async function duckdbDefault(): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const reader = await conn.runAndReadAll(`SELECT current_setting('threads')::INTEGER AS t`);
  const [[t]] = reader.getRows() as [[number]];
  conn.closeSync();
  instance.closeSync();
  return t;
}

describe('the threads a workspace runs on', () => {
  it('are DuckDB’s own default (every core) when ACE_THREADS is not set', async () => {
    delete process.env.ACE_THREADS;
    const db = new DbClient();
    await db.open(join(dir, 'default.duckdb'));
    expect(await threadsOf(db)).toBe(await duckdbDefault());
    await db.close();
  });

  it('are what ACE_THREADS says, for a file and for a lake', async () => {
    process.env.ACE_THREADS = '3';
    const db = new DbClient();
    await db.open(join(dir, 'three.duckdb'));
    expect(await threadsOf(db)).toBe(3);
    await db.close();

    process.env.ACE_THREADS = ' 1 ';
    const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
    await s.open(join(dir, 'one.ducklake'), { create: true });
    expect(s.requireDb().engine).toBe('lake');
    expect(await threadsOf(s.requireDb())).toBe(1);
    await s.close();
  });

  it('refuses a value that is not a whole number from 1, saying what to give', async () => {
    for (const v of ['0', 'two', '1.5', '-2', '4 cores']) {
      expect(() => duckdbThreads({ ACE_THREADS: v })).toThrow(`ACE_THREADS is "${v}": give a whole number of threads from 1`);
    }
    expect(duckdbThreads({ ACE_THREADS: '' })).toBeUndefined();
    process.env.ACE_THREADS = 'all';
    const db = new DbClient();
    await expect(db.open(join(dir, 'refused.duckdb'))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await db.close();
  });
});
