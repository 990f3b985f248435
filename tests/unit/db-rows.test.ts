import { DuckDBInstance, type DuckDBConnection, type DuckDBInstance as Instance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowObjectsJson, runSql } from '../../src-main/core/db/rows';

/**
 * The worker's own reading of a result (db/rows.ts) against DuckDB's reader that it replaced: the same rows,
 * value for value, over the types the workspace holds and some it could, in results of several chunks too.
 */
let instance: Instance;
let conn: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  conn = await instance.connect();
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

const theirs = async (sql: string, params?: (string | number | boolean | null)[]) =>
  (await conn.runAndReadAll(sql, params && params.length ? params : undefined)).getRowObjectsJson();
const ours = async (sql: string, params?: (string | number | boolean | null)[]) => rowObjectsJson(await runSql(conn, sql, params));

const QUERIES: [string, (string | number | boolean | null)[]?][] = [
  [`SELECT 1 AS x`],
  [
    `SELECT * FROM (VALUES
       (1, 12345678901234::BIGINT, 170141183460469231731687303715884105727::HUGEINT, 1234.50::DECIMAL(18,2), 3.25::DECIMAL(38,10),
        DATE '2026-03-01', TIMESTAMP '2026-03-01 14:05:00.123456', TIMESTAMPTZ '2026-03-01 14:05:00+02', INTERVAL 90 MINUTE,
        true, 'Ann ✓', 2.5::DOUBLE, 'x'::BLOB, '{"a": [1, null]}'::JSON, [1, 2, NULL], {'k': 'v', 'n': 2}, MAP {'a': 1},
        18446744073709551615::UBIGINT, uuid '123e4567-e89b-12d3-a456-426614174000'),
       (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
     ) t(i, big, huge, money, fine, d, ts, tz, iv, b, s, f, bl, j, l, st, m, ub, u) ORDER BY i`,
  ],
  // The same name twice: DuckDB's reader names the second x_1 (deduplicatedColumnNames), and so must we.
  [`SELECT 1 AS x, 2 AS x, 3 AS x_1`],
  // Several chunks (2,048 rows each), with parameters.
  [`SELECT range AS i, 'name' || range AS name, range * 0.5 AS half FROM range(5000) WHERE range % $1 = $2`, [1, 0]],
  [`SELECT ?::VARCHAR AS a, ?::INTEGER AS b, ?::BOOLEAN AS c, ?::VARCHAR AS d`, ['text', 7, true, null]],
  [`SELECT * FROM range(0) t(i)`],
];

describe('reading a result from its chunks (db/rows.ts)', () => {
  it('gives exactly the rows DuckDB’s reader gives, for every type, name and size', async () => {
    for (const [sql, params] of QUERIES) expect(await ours(sql, params), sql).toEqual(await theirs(sql, params));
  });

  it('runs text of several statements with parameters the usual way (DuckDB prepares one at a time)', async () => {
    await conn.run(`CREATE TABLE t (i INTEGER)`);
    const rows = await ours(`INSERT INTO t VALUES (1), (2); SELECT count(*) AS n FROM t WHERE i >= $1`, [1]);
    expect(rows).toEqual([{ n: '2' }]);
  });

  it('reports a statement’s own error, not a fallback’s', async () => {
    await expect(ours(`SELECT * FROM no_such_table WHERE i = $1`, [1])).rejects.toThrow(/no_such_table/);
    await expect(ours(`SELECT $1::INTEGER AS x`, ['not a number'])).rejects.toThrow(/Could not convert|Conversion/i);
  });
});
