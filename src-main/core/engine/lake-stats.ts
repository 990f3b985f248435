import type { DbClient } from '../db/client';
import { sqlIdent } from '../lib/sql-literal';

/**
 * DuckLake (the build for DuckDB 1.5.5) keeps no statistics for a table that has never held a row, and does not
 * remember that it found none: every query that reads such a table asks the catalog again, once per column it
 * plans with (duckdb/ducklake#1313, fixed upstream after this build). A 12-column table costs ~23 ms a query empty
 * against ~1.2 ms once it has held one row; a new workspace has 25 of its 44 tables empty (imports, rejects,
 * segments, connectors, ...), read by every import and push.
 *
 * So each lake table without statistics is given them: one row inserted and deleted in the same transaction
 * (DuckLake then writes the table's statistics; no row is ever visible, at any snapshot). The values are the
 * plainest of their type, in the columns that refuse NULL; the statistics' min and max then include them, which
 * can only make a filter skip less, never skip a row it needs. Drop this when the app's DuckLake caches the empty result.
 *
 * Measured (2026-12-06, a new lake with the demo's 2,500 entries, reopened): the list calls the first screens make
 * (views, segments, dashboards, objectives, import history, connectors, pushes, messages, schedules, syncs, draws,
 * watched folders, exports, rules) 580 ms in all without, 273 ms with; with the catalog in PostgreSQL 952-1,184
 * against 684-781 ms; a query on the empty imports table 43 against 8 ms.
 *
 * Best effort: it is one commit, made once per table; a lake this member may not write to, or a commit another
 * member made at the same moment, leaves the tables as they were (slower, never wrong). Returns the tables seeded.
 */
export async function seedLakeStats(db: DbClient): Promise<string[]> {
  const meta = db.lakeMetadata;
  if (db.engine !== 'lake' || !meta) return [];
  try {
    const plan = await seedPlan(db, meta);
    if (plan.statements.length) await db.tx(plan.statements);
    return plan.tables;
  } catch {
    return [];
  }
}

/** For each live lake table without statistics whose required columns all have a plain value: its insert and delete. */
async function seedPlan(db: DbClient, meta: string): Promise<{ tables: string[]; statements: { sql: string }[] }> {
  const bare = await db.rows<{ name: string }>(
    `SELECT t.table_name AS name FROM ${meta}.ducklake_table t
       JOIN ${meta}.ducklake_schema sc ON sc.schema_id = t.schema_id AND sc.end_snapshot IS NULL AND sc.schema_name = 'main'
      WHERE t.end_snapshot IS NULL AND NOT EXISTS (SELECT 1 FROM ${meta}.ducklake_table_stats s WHERE s.table_id = t.table_id)`,
  );
  if (!bare.length) return { tables: [], statements: [] };
  const required = await db.rows<{ t: string; c: string; ty: string }>(
    `SELECT table_name AS t, column_name AS c, data_type AS ty FROM duckdb_columns()
      WHERE database_name = 'ace_lake' AND schema_name = 'main' AND NOT is_nullable`,
  );
  const tables: string[] = [];
  const statements: { sql: string }[] = [];
  for (const { name } of bare) {
    const cols = required.filter((c) => c.t === name);
    const values = cols.map((c) => plainValue(c.ty));
    if (values.some((v) => v === null)) continue;
    const t = sqlIdent(name);
    const insert = cols.length
      ? `INSERT INTO ${t} (${cols.map((c) => sqlIdent(c.c)).join(', ')}) VALUES (${values.join(', ')})`
      : `INSERT INTO ${t} DEFAULT VALUES`;
    statements.push({ sql: insert }, { sql: `DELETE FROM ${t}` });
    tables.push(name);
  }
  return { tables, statements };
}

/** The plainest literal of a column type, or null for a type not listed here (its table is left as it is). */
function plainValue(type: string): string | null {
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\))$/.test(type))
    return `CAST(0 AS ${type})`;
  if (type === 'VARCHAR') return `''`;
  if (type === 'JSON') return `'null'::JSON`;
  if (type === 'BOOLEAN') return 'false';
  if (/^(DATE|TIMESTAMP|TIMESTAMP WITH TIME ZONE)$/.test(type)) return `CAST('1970-01-01' AS ${type})`;
  if (/\[\]$/.test(type)) return `CAST([] AS ${type})`;
  return null;
}
