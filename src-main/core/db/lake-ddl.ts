/**
 * The few statements DuckLake takes differently from a DuckDB file, rewritten for it (the engine seam,
 * docs/lake.md); everything else runs as written.
 *
 * - PRIMARY KEY and UNIQUE are not in DuckLake's specification: a table is made without them, and every
 *   upsert is a MERGE on the key columns (core/lib/merge.ts), so nothing relies on them.
 * - A column added with a default must have a literal one: `DEFAULT false` is an expression to DuckLake,
 *   `DEFAULT 'false'` (the same value, cast to the column's type) a literal.
 */
export function forLake(sql: string): string {
  if (/^\s*ALTER\s+TABLE\b.*\bADD\s+COLUMN\b/is.test(sql)) return sql.replace(/\bDEFAULT\s+(true|false)\b/gi, "DEFAULT '$1'");
  if (!/^\s*CREATE\s+(OR\s+REPLACE\s+)?TABLE\b/i.test(sql) || !/PRIMARY\s+KEY|UNIQUE/i.test(sql)) return sql;
  return sql
    .replace(/,\s*PRIMARY\s+KEY\s*\([^)]*\)/gi, '')
    .replace(/\s+PRIMARY\s+KEY\b/gi, '')
    .replace(/\s+UNIQUE\b/gi, '');
}
