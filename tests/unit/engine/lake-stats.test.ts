import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLakeStats } from '../../../src-main/core/engine/lake-stats';
import { Session } from '../../../src-main/core/session';
import { tempDir } from '../helpers/tmp';
import { builtWorkerUrl } from '../helpers/worker';

/**
 * A lake's tables that never held a row get DuckLake's statistics when the workspace opens (engine/lake-stats.ts,
 * a workaround for duckdb/ducklake#1313): afterwards no table lacks them, and no table shows a row it should not.
 */
const dir = tempDir('ace-lake-stats-');
const path = join(dir, 'stats.ducklake');
let s: Session;

const bareTables = async (sess: Session) => {
  const db = sess.requireDb();
  const meta = db.lakeMetadata!;
  const rows = await db.rows<{ name: string }>(
    `SELECT t.table_name AS name FROM ${meta}.ducklake_table t WHERE t.end_snapshot IS NULL
       AND NOT EXISTS (SELECT 1 FROM ${meta}.ducklake_table_stats s WHERE s.table_id = t.table_id) ORDER BY 1`,
  );
  return rows.map((r) => r.name);
};
const rowCounts = async (sess: Session) => {
  const db = sess.requireDb();
  const tables = await db.rows<{ t: string }>(
    `SELECT table_name AS t FROM duckdb_tables() WHERE database_name = 'ace_lake' AND NOT temporary ORDER BY 1`,
  );
  const out: Record<string, number> = {};
  for (const { t } of tables) out[t] = Number((await db.one<{ n: unknown }>(`SELECT count(*) AS n FROM "${t}"`))!.n);
  return out;
};

beforeAll(async () => {
  s = new Session({ workerUrl: builtWorkerUrl(), dataDir: join(dir, 'data') });
  await s.open(path, { create: true });
});
afterAll(async () => {
  await s.close();
});

describe('a lake’s empty tables and DuckLake’s statistics', () => {
  it('a new lake has statistics for every table, and its tables hold no rows', async () => {
    expect(s.requireDb().engine).toBe('lake');
    expect(await bareTables(s)).toEqual([]);
    const counts = await rowCounts(s);
    // ace_meta holds the schema version; every other table of a new workspace is empty, the seeded ones too.
    expect(Object.keys(counts).length).toBeGreaterThan(30);
    expect(Object.entries(counts).filter(([t, n]) => n > 0 && t !== 'ace_meta')).toEqual([]);
  });

  it('a table made later without rows is seeded at the next open; a seeded table then counts and takes rows as before', async () => {
    const db = s.requireDb();
    await db.tx([
      {
        sql: `CREATE TABLE later_t (id INTEGER NOT NULL, label VARCHAR NOT NULL, seen_at TIMESTAMP NOT NULL, ok BOOLEAN NOT NULL, note VARCHAR)`,
      },
    ]);
    expect(await bareTables(s)).toEqual(['later_t']);
    expect(await seedLakeStats(db)).toEqual(['later_t']);
    expect(await bareTables(s)).toEqual([]);
    expect(await seedLakeStats(db)).toEqual([]);
    expect(await db.rows(`SELECT * FROM later_t`)).toEqual([]);
    await db.tx([{ sql: `INSERT INTO later_t VALUES (5, 'x', TIMESTAMP '2026-03-01 10:00', true, NULL)` }]);
    expect(await db.rows(`SELECT id, label, count(*) OVER () AS n, min(id) OVER () AS lo FROM later_t`)).toEqual([
      { id: 5, label: 'x', n: '1', lo: 5 },
    ]);
  });

  it('reopened, the lake seeds nothing more and its rows are as they were', async () => {
    const before = await rowCounts(s);
    await s.close();
    s = new Session({ workerUrl: builtWorkerUrl(), dataDir: join(dir, 'data') });
    await s.open(path, { create: false });
    expect(await bareTables(s)).toEqual([]);
    expect(await rowCounts(s)).toEqual(before);
  });

  it('a DuckDB file is left alone', async () => {
    const f = new Session({ workerUrl: builtWorkerUrl(), dataDir: join(dir, 'data-file') });
    await f.open(join(dir, 'plain.duckdb'), { create: true });
    try {
      expect(await seedLakeStats(f.requireDb())).toEqual([]);
    } finally {
      await f.close();
    }
  });
});
