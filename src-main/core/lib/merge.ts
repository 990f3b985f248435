/**
 * An upsert written as MERGE INTO, the one form both engines run: a DuckDB file (whose tables have primary
 * keys) and a DuckLake (whose tables cannot: PRIMARY KEY and UNIQUE are not in its specification, so
 * INSERT OR REPLACE and ON CONFLICT have nothing to conflict on). The key columns find the row.
 *
 * `rows` maps each column to its SQL for that row (a placeholder such as `?` or `$3`, or an expression such as
 * `current_timestamp`); every row names the same columns. A matched row has its other columns set (or, with
 * `ignore`, is left as it is); `set` adds assignments on a match only (e.g. `updated_at = now()`). Table and
 * column names come from code, never from input.
 */
export function mergeSql(
  table: string,
  key: string[],
  rows: Record<string, string>[],
  opts: { ignore?: boolean; set?: Record<string, string> } = {},
): string {
  const cols = Object.keys(rows[0] ?? {});
  const names = [table, ...cols, ...key, ...Object.keys(opts.set ?? {})];
  if (!rows.length || names.some((n) => !/^[a-z_][a-z0-9_]*$/.test(n))) throw new Error(`Bad merge into ${table}`);
  const source = `(VALUES ${rows.map((r) => `(${cols.map((c) => r[c]).join(', ')})`).join(', ')}) s(${cols.join(', ')})`;
  const on = key.map((k) => `t.${k} = s.${k}`).join(' AND ');
  const sets = opts.ignore
    ? []
    : [
        ...cols.filter((c) => !key.includes(c)).map((c) => `${c} = s.${c}`),
        ...Object.entries(opts.set ?? {}).map(([c, e]) => `${c} = ${e}`),
      ];
  return `MERGE INTO ${table} t USING ${source} ON ${on}${sets.length ? ` WHEN MATCHED THEN UPDATE SET ${sets.join(', ')}` : ''}
    WHEN NOT MATCHED THEN INSERT (${cols.join(', ')}) VALUES (${cols.map((c) => `s.${c}`).join(', ')})`;
}

/** Sets workspace metadata (ace_meta) rows: key and value SQL per row, as `mergeSql` takes them. */
export const metaMergeSql = (rows: [key: string, value: string][]) =>
  mergeSql(
    'ace_meta',
    ['key'],
    rows.map(([key, value]) => ({ key, value })),
  );

/**
 * How many rows an UPDATE or DELETE changed, from the count DuckDB answers it with: UPDATE … RETURNING is not
 * supported on a DuckLake table, and this works on both engines.
 */
export const changed = (result: Record<string, unknown>[]) => Number(result[0]?.Count ?? 0);
