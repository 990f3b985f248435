/**
 * Text written into SQL as a literal, for values the code itself holds (mapping constants, known value lists,
 * generated data): its single quotes doubled, as DuckDB reads a standard string. Values from people go in as
 * parameters (lib/params.ts), not through here.
 */
export const sqlText = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** A name (a table's, a column's, a file's header) written into SQL as an identifier: its double quotes doubled. */
export const sqlIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A list of texts as a SQL list literal: ['a', 'b']. */
export const sqlTextList = (xs: readonly string[]): string => `[${xs.map(sqlText).join(', ')}]`;
