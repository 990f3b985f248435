import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DbClient } from '../../src-main/core/db/client';
import { limitMb, memoryLimit } from '../../src-main/core/db/memory';
import { keepEnv } from './helpers/env';
import { tempDir } from './helpers/tmp';
import { onEveryCore } from './helpers/threads';

onEveryCore();

/**
 * The workspace's memory limit (#20: a 10M-entry import within about 2 GB): DuckDB is opened with 1.25 GB
 * unless ACE_MEMORY_LIMIT says otherwise, spills to `<workspace>.tmp` under it, and work that cannot fit
 * is refused with OUT_OF_MEMORY, saying how to raise it, with nothing saved and the workspace still usable.
 */
const dir = tempDir();
afterEach(keepEnv('ACE_MEMORY_LIMIT'));

/** DuckDB's own reading of its limit ("1.3 GiB", "244.1 MiB"), in MiB. */
async function duckdbLimitMib(db: DbClient): Promise<number> {
  const [r] = await db.rows<{ m: string }>(`SELECT current_setting('memory_limit') AS m`);
  const m = /^([\d.]+) (MiB|GiB)$/.exec(r!.m);
  expect(m, r!.m).not.toBeNull();
  return Number(m![1]) * (m![2] === 'GiB' ? 1024 : 1);
}

describe('the workspace memory limit', () => {
  it('is 1.25 GB by default, not DuckDB’s 80 % of the machine', async () => {
    delete process.env.ACE_MEMORY_LIMIT;
    const db = new DbClient();
    await db.open(join(dir, 'default.duckdb'));
    // 1.25 GB = 1.25e9 bytes, which DuckDB shows as 1.1–1.2 GiB.
    expect(await duckdbLimitMib(db)).toBeGreaterThan(1100);
    expect(await duckdbLimitMib(db)).toBeLessThan(1250);
    expect(db.memoryLimitMb).toBe(1280);
    await db.close();
  });

  it('gives memory DuckDB freed back to the system as it goes, not at its peak (its allocator’s settings)', async () => {
    delete process.env.ACE_MEMORY_LIMIT;
    const db = new DbClient();
    await db.open(join(dir, 'allocator.duckdb'));
    const [r] = await db.rows<{ flush: string; bulk: string; background: string }>(
      `SELECT current_setting('allocator_flush_threshold') AS flush, current_setting('allocator_bulk_deallocation_flush_threshold') AS bulk,
              current_setting('allocator_background_threads')::VARCHAR AS background`,
    );
    // 32 MB and 64 MB as DuckDB shows them (DuckDB's own: 128 MiB and 512 MiB); the purging thread on (off by default).
    expect(r).toEqual({ flush: '30.5 MiB', bulk: '61.0 MiB', background: 'true' });
    await db.close();
  });

  it('work that does not fit is refused with what to do; nothing of it is saved, and the workspace goes on', async () => {
    process.env.ACE_MEMORY_LIMIT = '256MB';
    const path = join(dir, 'small.duckdb');
    const db = new DbClient();
    await db.open(path);
    expect(await duckdbLimitMib(db)).toBeCloseTo(244.1, 0);
    await db.transaction((w) => w.run(`CREATE TABLE kept AS SELECT 1 AS x`));
    // One list of 40M numbers (320 MB) is one aggregate state: it cannot be spilled.
    const err = await db
      .transaction(async (w) => {
        await w.run(`INSERT INTO kept VALUES (2)`);
        await w.run(`CREATE TABLE big AS SELECT length(list(i)) AS n FROM range(40000000) t(i)`);
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'OUT_OF_MEMORY' });
    expect((err as Error).message).toContain('(256MB)');
    expect((err as Error).message).toContain('ACE_MEMORY_LIMIT=');
    expect(await db.rows(`SELECT x FROM kept ORDER BY x`)).toEqual([{ x: 1 }]);
    expect(await db.rows(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'big'`)).toEqual([{ n: 0 }]);
    await db.close();
  }, 30_000);

  it('staged rows larger than the limit spill to a folder beside the workspace instead of growing past it', async () => {
    process.env.ACE_MEMORY_LIMIT = '256MB';
    const path = join(dir, 'spill.duckdb');
    const db = new DbClient();
    await db.open(path);
    // As an import stages a file: a temporary table of 5M rows (about 400 MB) under a 256 MB limit. Each row's
    // 64 characters are its number padded (two md5s a row cost twice the CPU for the same bytes).
    const r = await db.write(async (w) => {
      await w.run(`CREATE TEMP TABLE staged AS SELECT i, lpad(i::VARCHAR, 64, '0') AS pad FROM range(5000000) t(i)`);
      const [files] = await w.run<{ n: number; mb: number }>(
        `SELECT count(*)::INTEGER AS n, (sum(size) / 1e6)::INTEGER AS mb FROM duckdb_temporary_files()`,
      );
      const [rows] = await w.run<{ n: number; last: string }>(`SELECT count(*)::INTEGER AS n, max(pad) AS last FROM staged`);
      await w.run(`DROP TABLE staged`);
      return { files: files!, rows: rows! };
    });
    expect(r.rows.n).toBe(5_000_000);
    expect(r.rows.last).toBe('4999999'.padStart(64, '0'));
    expect(r.files.n).toBeGreaterThan(0);
    expect(r.files.mb).toBeGreaterThan(50);
    await db.close();
    // DuckDB's temporary folder for a file is `<file>.tmp`; it is removed again when the workspace closes.
    expect(existsSync(`${path}.tmp`)).toBe(false);
  }, 60_000);

  it('ACE_MEMORY_LIMIT is read as a size or refused with an example', () => {
    expect(memoryLimit({})).toBe('1.25GB');
    expect(memoryLimit({ ACE_MEMORY_LIMIT: ' 4GB ' })).toBe('4GB');
    expect(memoryLimit({ ACE_MEMORY_LIMIT: '2500 MB' })).toBe('2500MB');
    expect(limitMb('4GB')).toBe(4096);
    expect(limitMb('2GiB')).toBe(2048);
    for (const bad of ['lots', '4', '-1GB', '100MB', '4TB']) {
      expect(() => memoryLimit({ ACE_MEMORY_LIMIT: bad }), bad).toThrow(/ACE_MEMORY_LIMIT.*at least 256MB, such as 1.5GB/);
    }
  });

  it('a bad ACE_MEMORY_LIMIT stops the open with that message, before DuckDB starts', async () => {
    process.env.ACE_MEMORY_LIMIT = 'lots';
    const db = new DbClient();
    await expect(db.open(join(dir, 'bad.duckdb'))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(existsSync(join(dir, 'bad.duckdb'))).toBe(false);
    await db.close();
  });
});
