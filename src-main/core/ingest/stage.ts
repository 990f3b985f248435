import type { Writer } from '../db/client';
import type { CsvDialect } from './sniff';

export interface StageResult {
  /** SQL references to the staged columns, in header order (c0, c1, ... for CSV; quoted names for Parquet). */
  refs: string[];
  accepted: number;
  /** The first records DuckDB could not split into columns (ragged, unterminated quote, bad bytes, over-long line); all are in ace_rejects. */
  structural: { line: number; reason: string }[];
  structuralCount: number;
}

const DELIMITERS = new Set([',', '\t', ';', '|']);
const ENCODINGS: Record<CsvDialect['encoding'], string> = { 'utf-8': 'utf-8', 'utf-16': 'utf-16', 'latin-1': 'latin-1' };

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export const STRUCTURAL_REASONS: Record<string, string> = {
  'TOO MANY COLUMNS': 'more columns than the header',
  'UNQUOTED VALUE': 'a quote that is not closed or not escaped',
  'MISSING COLUMNS': 'fewer columns than the header',
  'UNTERMINATED QUOTES': 'a quoted value that never ends',
  'INVALID ENCODING': 'bytes that are not valid text in the file’s encoding',
  'INVALID UNICODE': 'bytes that are not valid UTF-8',
  'LINE SIZE OVER MAXIMUM': 'a line longer than 8 MB',
};

export function structuralReason(type: string, message: string): string {
  return `The line has ${STRUCTURAL_REASONS[type] ?? type.toLowerCase()} (${message.split('\n')[0]!.slice(0, 160)}).`;
}

/** The same reasons in SQL, for storing every structural reject (ace_rejects is DuckDB's reject table). */
export function structuralReasonSql(): string {
  const cases = Object.entries(STRUCTURAL_REASONS)
    .map(([k, v]) => `WHEN '${k}' THEN '${v.replace(/'/g, "''")}'`)
    .join(' ');
  return `'The line has ' || (CASE error_type::VARCHAR ${cases} ELSE lower(error_type::VARCHAR) END) || ' (' || left(split_part(error_message, chr(10), 1), 160) || ').'`;
}

/** Removes what a staging left behind (ace_stage is a view or a table, depending on rejects). */
export async function dropStage(w: Writer): Promise<void> {
  const [view] = await w.run<{ n: string }>(`SELECT count(*) AS n FROM duckdb_views() WHERE view_name = 'ace_stage'`);
  await w.run(Number(view!.n) > 0 ? `DROP VIEW ace_stage` : `DROP TABLE IF EXISTS ace_stage`);
  await w.run(`DROP TABLE IF EXISTS ace_stage_raw`);
  await w.run(`DROP TABLE IF EXISTS ace_rej_lines`);
}

/**
 * Reads the whole file into a temp table of text columns, as DuckDB parses it (in parallel), plus
 * `ace_line`: the record's line number in the file (header = line 1; a quoted value spanning lines
 * counts as one record, as DuckDB's own reject lines do). Records that cannot be split are kept aside
 * with their line and reason, never dropped.
 */
export async function stageFile(
  w: Writer,
  file: { path: string; dialect: CsvDialect | { format: 'parquet' }; columns: number; headers: string[] },
  onProgress: (pct: number) => void,
): Promise<StageResult> {
  await dropStage(w);
  if (file.dialect.format === 'parquet') {
    await w.run(`CREATE TEMP TABLE ace_stage_raw AS SELECT COLUMNS(*)::VARCHAR FROM read_parquet(?)`, [file.path], { onProgress });
    await w.run(`CREATE TEMP VIEW ace_stage AS SELECT *, rowid + 1 AS ace_line FROM ace_stage_raw`);
    const [n] = await w.run<{ n: string }>(`SELECT count(*) AS n FROM ace_stage`);
    return { refs: file.headers.map(quoteIdent), accepted: Number(n!.n), structural: [], structuralCount: 0 };
  }
  const d = file.dialect;
  if (!DELIMITERS.has(d.delimiter)) throw new Error(`Unsupported delimiter ${JSON.stringify(d.delimiter)}`);
  const delim = d.delimiter === '\t' ? '\\t' : d.delimiter;
  const columns = Array.from({ length: file.columns }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  await w.run(`DROP TABLE IF EXISTS ace_rejects`);
  await w.run(`DROP TABLE IF EXISTS ace_reject_scans`);
  await w.run(
    `CREATE TEMP TABLE ace_stage_raw AS SELECT * FROM read_csv(?, auto_detect = false, header = false, skip = 1,
       delim = '${delim}', quote = '"', escape = '"', encoding = '${ENCODINGS[d.encoding]}', columns = {${columns}},
       null_padding = false, ignore_errors = true, store_rejects = true, rejects_table = 'ace_rejects',
       rejects_scan = 'ace_reject_scans', max_line_size = 8388608, parallel = true)`,
    [file.path],
    { onProgress },
  );
  const [rejected] = await w.run<{ n: string }>(`SELECT count(DISTINCT line) AS n FROM ace_rejects`);
  if (Number(rejected!.n) === 0) {
    // Every record was read: record k sits on line k + 1. A view, so the rows are not copied.
    await w.run(`CREATE TEMP VIEW ace_stage AS SELECT *, rowid + 2 AS ace_line FROM ace_stage_raw`);
  } else {
    // Accepted record k (1-based) sits after the header, k-1 accepted records and every rejected record
    // before it. Reject j at line r_j has r_j - j - 1 accepted records before it.
    await w.run(`CREATE TEMP TABLE ace_rej_lines AS
      SELECT line::BIGINT AS line, (line::BIGINT - row_number() OVER (ORDER BY line) - 1) AS before_accepted, row_number() OVER (ORDER BY line) AS j
      FROM (SELECT DISTINCT line FROM ace_rejects)`);
    await w.run(`CREATE TEMP TABLE ace_stage AS
      SELECT s.*, 1 + (s.rowid + 1) + coalesce(r.j, 0) AS ace_line
      FROM ace_stage_raw s ASOF LEFT JOIN ace_rej_lines r ON (s.rowid + 1) > r.before_accepted`);
    await w.run(`DROP TABLE ace_stage_raw`);
    await w.run(`DROP TABLE ace_rej_lines`);
  }
  const rejects = await w.run<{ line: string; error_type: string; error_message: string }>(
    `SELECT line, any_value(error_type) AS error_type, any_value(error_message) AS error_message FROM ace_rejects GROUP BY line ORDER BY line::BIGINT LIMIT 20`,
  );
  const [counts] = await w.run<{ accepted: string }>(`SELECT count(*) AS accepted FROM ace_stage`);
  return {
    refs: file.headers.map((_, i) => `c${i}`),
    accepted: Number(counts!.accepted),
    structural: rejects.map((r) => ({
      line: Number(r.line),
      reason: structuralReason(r.error_type, r.error_message),
    })),
    structuralCount: Number(rejected!.n),
  };
}
