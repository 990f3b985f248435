import type { DbClient, Writer } from '../db/client';
import type { SqlParams } from '../db/protocol';
import { AceError } from '../lib/errors';
import { sqlIdent } from '../lib/sql-literal';

/**
 * Reproducible by snapshot (#24): a DuckLake keeps every committed state as a numbered snapshot. A winner
 * draw and a push record the one they read; re-running them later reads the lake as it stood then, so more
 * imports since change nothing. A DuckDB file keeps no snapshots (null).
 */
export async function currentSnapshot(db: DbClient, w?: Writer): Promise<number | null> {
  if (db.engine !== 'lake') return null;
  // Inside a transaction: the snapshot it reads (commits by others since do not move it).
  const sql = `SELECT id FROM ducklake_current_snapshot('ace_lake')`;
  const [r] = w ? await w.run<{ id: unknown }>(sql) : await db.rows<{ id: unknown }>(sql);
  return Number(r!.id);
}

const mentions = (sql: string, name: string) => new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(sql);

/**
 * `fn` reads the lake as it stood at `snapshot`: on the writer connection, in a transaction that is rolled
 * back, every table and view of the lake is shadowed by a temporary view of the same name (DuckDB looks in the
 * temporary schema first): a table as it was (`AT (VERSION => n)`), one made since as empty, a view by its
 * definition then. Derived tables are read as they were (nothing is built: db.snapshot) and nothing is written.
 */
export async function atSnapshot<T>(db: DbClient, snapshot: number, fn: (at: DbClient) => Promise<T>): Promise<T> {
  const meta = db.lakeMetadata;
  if (db.engine !== 'lake' || !meta) throw new AceError('BAD_INPUT', 'Only a DuckLake keeps snapshots; this workspace is a DuckDB file.');
  if (!Number.isSafeInteger(snapshot) || snapshot < 0) throw new AceError('BAD_INPUT', `"${snapshot}" is not a snapshot number.`);
  return db.write(async (w) => {
    const [kept] = await w.run<{ n: unknown }>(`SELECT count(*) AS n FROM ace_lake.snapshots() WHERE snapshot_id = ?`, [snapshot]);
    if (Number(kept!.n) === 0)
      throw new AceError(
        'NOT_FOUND',
        `The lake no longer keeps snapshot ${snapshot} (old snapshots were expired by its upkeep), so it cannot be read as it stood then.`,
      );
    await w.run('BEGIN TRANSACTION');
    try {
      await shadow(w, meta, snapshot);
      const at = Object.create(db) as DbClient;
      const refuse = () => Promise.reject(new AceError('INTERNAL', `Reading snapshot ${snapshot} of the lake writes nothing.`));
      Object.assign(at, {
        snapshot,
        rows: <R>(sql: string, params?: SqlParams) => w.run<R>(sql, params),
        one: async <R>(sql: string, params?: SqlParams) => (await w.run<R>(sql, params))[0],
        arrow: refuse,
        write: refuse,
        transaction: refuse,
        tx: refuse,
      });
      return await fn(at);
    } finally {
      // Rolled back: the shadowing views go with it, and the lake gets no snapshot of ours.
      await w.run('ROLLBACK').catch(() => undefined);
    }
  });
}

/** The temporary views that make the lake read as at snapshot `n` on this connection. */
async function shadow(w: Writer, meta: string, n: number): Promise<void> {
  const live = `begin_snapshot <= ${n} AND (end_snapshot IS NULL OR end_snapshot > ${n})`;
  const main = `(SELECT schema_id FROM ${meta}.ducklake_schema WHERE schema_name = 'main' AND ${live})`;
  const then = new Set(
    (await w.run<{ name: string }>(`SELECT table_name AS name FROM ${meta}.ducklake_table WHERE schema_id IN ${main} AND ${live}`)).map(
      (r) => r.name,
    ),
  );
  const viewsThen = await w.run<{ name: string; sql: string }>(
    `SELECT view_name AS name, sql FROM ${meta}.ducklake_view WHERE schema_id IN ${main} AND ${live} AND dialect = 'duckdb'`,
  );
  const now = await w.run<{ name: string; view: boolean }>(
    `SELECT table_name AS name, false AS view FROM duckdb_tables() WHERE database_name = 'ace_lake' AND schema_name = 'main'
     UNION ALL SELECT view_name, true FROM duckdb_views() WHERE database_name = 'ace_lake' AND schema_name = 'main' AND NOT internal`,
  );
  for (const t of then) await w.run(`CREATE TEMP VIEW ${sqlIdent(t)} AS SELECT * FROM ace_lake.main.${sqlIdent(t)} AT (VERSION => ${n})`);
  const thenViews = new Set(viewsThen.map((v) => v.name));
  // Made since: it had no rows then.
  for (const x of now.filter((x) => !then.has(x.name) && !thenViews.has(x.name)))
    await w.run(`CREATE TEMP VIEW ${sqlIdent(x.name)} AS SELECT * FROM ace_lake.main.${sqlIdent(x.name)} LIMIT 0`);
  // A view's definition reads the shadows; one may read another, so each comes after those it names (a failed
  // statement would end the transaction, so the order is worked out first).
  let left = viewsThen;
  while (left.length) {
    const ready = left.filter((v) => !left.some((o) => o !== v && mentions(v.sql, o.name)));
    for (const v of ready.length ? ready : left) await w.run(`CREATE TEMP VIEW ${sqlIdent(v.name)} AS ${v.sql}`);
    left = ready.length ? left.filter((v) => !ready.includes(v)) : [];
  }
}
