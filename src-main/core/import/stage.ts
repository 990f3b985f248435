import type { Writer } from '../db/client';
import type { CsvDialect } from './sniff';
import { dropAll, dropTemp } from '../lib/drop';
import { sqlIdent } from '../lib/sql-literal';

export interface StageResult {
  /** SQL references to the staged columns, in header order (c0, c1, ... for CSV; quoted names for Parquet). */
  refs: string[];
  accepted: number;
  /** The first records DuckDB could not split into columns (ragged, unterminated quote, bad bytes, over-long line); all are in ace_rejects. */
  structural: { line: number; reason: string }[];
  structuralCount: number;
  /** Rows left out: blank (nothing in any column) and summary rows ("Total ..."). */
  blank: number;
  summary: number;
  /** Records DuckDB refused as not UTF-8 (the file is then read again as Windows-1252). */
  invalidUtf8: number;
}

const DELIMITERS = new Set([',', '\t', ';', '|']);

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

const STAGE_OBJECTS = [
  'ace_part',
  'ace_stage',
  'ace_stage_kept',
  'ace_stage_all',
  'ace_stage_raw',
  'ace_rej_lines',
  'ace_excluded',
  'ace_extra',
  'ace_extra_sum',
  'ace_structural',
];

/** Removes what a staging left behind (views and tables alike, the dependent ones first). */
export async function dropStage(w: Writer): Promise<void> {
  await dropTemp(w, STAGE_OBJECTS);
}

/** The SQL refs of a file's columns once staged: c0, c1, ... for CSV; the quoted names for Parquet. */
export function stageRefs(head: { dialect: { format: string }; headers: string[] }): string[] {
  return head.dialect.format === 'parquet' ? head.headers.map(sqlIdent) : head.headers.map((_, i) => `c${i}`);
}

/** Frees the staged text rows once every part is parsed (the unreadable records in ace_structural stay for the commit). */
export async function dropStagedRows(w: Writer): Promise<void> {
  await dropTemp(
    w,
    STAGE_OBJECTS.filter((n) => n !== 'ace_structural'),
  );
}

/** Where the reader starts and what the scan found: enough to give each row its line in the file. */
export interface StageLayout {
  /** From the scan: records spanning lines and empty lines, by DuckDB's line numbers. */
  multiLine: [number, number][];
  blanks: number[];
  /** Records with no character that could make a value non-blank (scan.ts): 0 means no row can be blank. */
  textless?: number;
  /** Records whose first text could start a summary row (scan.ts): 0 means no row can be one. */
  summaryCandidates?: number;
}

/** A summary row: its first filled value is "Total", "Totals", "Grand total" or "Total: ..." (report exports). */
export function summarySql(refs: string[], whenBlank: string[] = []): string {
  const blankNames = whenBlank.length ? ` OR (${whenBlank.map((r) => `nullif(trim(${r}), '') IS NULL`).join(' AND ')})` : '';
  const first = `coalesce(${refs
    .slice(0, 3)
    .map((r) => `nullif(trim(${r}), '')`)
    .join(', ')}, '')`;
  // A cheap look at the first letters before the pattern: most rows are not summaries.
  return `((lower(left(${first}, 5)) IN ('total', 'grand') AND regexp_full_match(${first}, '(?i)(grand\\s+)?totals?(\\s*[:(\\-–].*)?'))${blankNames})`;
}

/** A row with nothing in it (a blank line of a one-column list, a line of delimiters only). */
export function blankSql(refs: string[]): string {
  return refs.map((r) => `nullif(trim(${r}), '') IS NULL`).join(' AND ');
}

/**
 * DuckDB's reader of a CSV file as the import reads it (the path is its one parameter): every column as text,
 * the lines up to the header skipped, and the records it cannot split or decode kept in ace_rejects (dropped
 * before each read) with their line and reason instead of failing the read.
 */
export function csvReaderSql(file: { dialect: CsvDialect; columns: number; headerLine: number }): string {
  const d = file.dialect;
  if (!DELIMITERS.has(d.delimiter)) throw new Error(`Unsupported delimiter ${JSON.stringify(d.delimiter)}`);
  const delim = d.delimiter === '\t' ? '\\t' : d.delimiter;
  const columns = Array.from({ length: file.columns }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  return `read_csv(?, auto_detect = false, header = false, skip = ${Math.max(0, Math.floor(file.headerLine))},
       delim = '${delim}', quote = '"', escape = '${d.escape === '\\' ? '\\' : '"'}', encoding = 'utf-8', columns = {${columns}},
       null_padding = false, ignore_errors = true, store_rejects = true, rejects_table = 'ace_rejects',
       rejects_scan = 'ace_reject_scans', max_line_size = 8388608, parallel = true)`;
}

/**
 * Reads the whole file into a temp table of text columns, as DuckDB parses it (in parallel), plus
 * `ace_line`: the record's physical line in the file (a quoted value spanning lines starts on the
 * line where the record starts). Blank rows and summary rows are left out and counted; records that
 * cannot be split are kept aside with their line and reason, never dropped.
 */
export async function stageFile(
  w: Writer,
  file: {
    path: string;
    dialect: CsvDialect | { format: 'parquet' };
    columns: number;
    headers: string[];
    /** The header's line: DuckDB skips it and every line above it. */
    headerLine?: number;
    layout?: Promise<StageLayout>;
    /** SQL refs of name columns whose all being blank makes a row a summary (Meta's summary row). */
    summaryWhenBlank?: string[];
  },
  onProgress: (pct: number) => void,
): Promise<StageResult> {
  await dropStage(w);
  if (file.dialect.format === 'parquet') {
    await w.run(`CREATE TEMP TABLE ace_stage_raw AS SELECT COLUMNS(*)::VARCHAR FROM read_parquet(?)`, [file.path], { onProgress });
    await w.run(`CREATE TEMP VIEW ace_stage AS SELECT *, rowid + 1 AS ace_line FROM ace_stage_raw`);
    const [n] = await w.run<{ n: string }>(`SELECT count(*) AS n FROM ace_stage`);
    return {
      refs: file.headers.map(sqlIdent),
      accepted: Number(n!.n),
      structural: [],
      structuralCount: 0,
      blank: 0,
      summary: 0,
      invalidUtf8: 0,
    };
  }
  const headerLine = Math.max(0, Math.floor(file.headerLine ?? 1));
  await dropAll(w, ['ace_rejects', 'ace_reject_scans']);
  await w.run(
    `CREATE TEMP TABLE ace_stage_raw AS SELECT * FROM ${csvReaderSql({ dialect: file.dialect, columns: file.columns, headerLine })}`,
    [file.path],
    {
      onProgress,
    },
  );
  const layout: StageLayout = (await file.layout) ?? { multiLine: [], blanks: [] };
  const refs = file.headers.map((_, i) => `c${i}`);
  const [rejected] = await w.run<{ n: string; utf8: string }>(
    `SELECT count(DISTINCT line) AS n, count(*) FILTER (WHERE error_type::VARCHAR IN ('INVALID UNICODE', 'INVALID ENCODING')) AS utf8 FROM ace_rejects`,
  );
  const plain = Number(rejected!.n) === 0 && layout.multiLine.length === 0 && (layout.blanks.length === 0 || file.columns === 1);
  // DuckDB skips empty lines in a file of several columns; in a one-column file they are rows (left out below).
  const skippedBlanks = file.columns === 1 ? [] : layout.blanks;
  if (plain) {
    // Every record was read, one per line: record k sits on line k + header line. A view, so the rows are not copied.
    await w.run(`CREATE TEMP VIEW ace_stage_all AS SELECT *, rowid + ${headerLine + 1} AS ace_line FROM ace_stage_raw`);
  } else {
    // DuckDB's line D of accepted record k: the k-th line after the header that is neither a reject nor a
    // skipped empty line (each excluded line before it moves it one on). Its physical line is D plus the
    // extra lines of the records spanning lines before it.
    await w.run(`CREATE TEMP TABLE ace_excluded (d BIGINT)`);
    await w.run(`INSERT INTO ace_excluded SELECT DISTINCT line::BIGINT FROM ace_rejects`);
    await insertRows(
      w,
      'ace_excluded',
      skippedBlanks.map((d) => [d]),
    );
    await w.run(`CREATE TEMP TABLE ace_extra (d BIGINT, extra BIGINT)`);
    await insertRows(w, 'ace_extra', layout.multiLine);
    // Excluded lines in a row share their count of accepted records before them: one entry per count,
    // with all of them (an ASOF join among equal keys would pick any one and give later rows too low a line).
    await w.run(`CREATE TEMP TABLE ace_rej_lines AS
      SELECT before_accepted, max(j) AS j FROM (
        SELECT d - ${headerLine} - row_number() OVER (ORDER BY d) AS before_accepted, row_number() OVER (ORDER BY d) AS j
        FROM (SELECT DISTINCT d FROM ace_excluded))
      GROUP BY before_accepted`);
    await w.run(`CREATE TEMP TABLE ace_extra_sum AS SELECT d, sum(extra) OVER (ORDER BY d) AS extra FROM ace_extra`);
    await w.run(`CREATE TEMP TABLE ace_stage_all AS
      SELECT a.* EXCLUDE (ace_d), a.ace_d + coalesce(e.extra, 0) AS ace_line FROM (
        SELECT s.*, ${headerLine} + (s.rowid + 1) + coalesce(r.j, 0) AS ace_d
        FROM ace_stage_raw s ASOF LEFT JOIN ace_rej_lines r ON (s.rowid + 1) > r.before_accepted) a
      ASOF LEFT JOIN ace_extra_sum e ON a.ace_d > e.d`);
    // The unreadable records, by their line in the file.
    await w.run(`CREATE TEMP TABLE ace_structural AS
      SELECT r.line + coalesce(e.extra, 0) AS line, r.error_type, r.error_message, r.csv_line FROM (
        SELECT line::BIGINT AS line, any_value(error_type)::VARCHAR AS error_type, any_value(error_message) AS error_message, any_value(csv_line) AS csv_line
        FROM ace_rejects GROUP BY line) r
      ASOF LEFT JOIN ace_extra_sum e ON r.line > e.d`);
    for (const t of ['ace_stage_raw', 'ace_rej_lines', 'ace_excluded', 'ace_extra', 'ace_extra_sum']) await w.run(`DROP TABLE ${t}`);
  }
  // Likewise summaries: when no record's first text could start "Total" or "Grand", none is looked for (a
  // fifth of a second at 1M rows), unless blank name columns also make one (summaryWhenBlank).
  const noSummary = layout.summaryCandidates === 0 && !file.summaryWhenBlank?.length;
  const summary = noSummary ? 'false' : summarySql(refs, file.summaryWhenBlank ?? []);
  // Looking at every value of every row for a blank one took a tenth of a 1M-row import: when the scan found
  // no record without some character of text, no row can be blank, and only summaries are looked for.
  const blank = layout.textless === 0 ? 'false' : blankSql(refs);
  // One pass counts the rows, the blank ones and the summaries; the filter stays off the view when there
  // are none (the usual case), so the later passes over the rows do not evaluate it again.
  const [counts] = await w.run<{ total: string; blank: string; summary: string }>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE ${blank}) AS blank, count(*) FILTER (WHERE NOT (${blank}) AND ${summary}) AS summary FROM ace_stage_all`,
  );
  const left = Number(counts!.blank) + Number(counts!.summary);
  await w.run(`CREATE TEMP VIEW ace_stage AS SELECT * FROM ace_stage_all${left ? ` WHERE NOT (${blank}) AND NOT ${summary}` : ''}`);
  const rejects = plain
    ? []
    : await w.run<{ line: string; error_type: string; error_message: string }>(
        `SELECT line, error_type, error_message FROM ace_structural ORDER BY line LIMIT 20`,
      );
  return {
    refs,
    accepted: Number(counts!.total) - left,
    structural: rejects.map((r) => ({ line: Number(r.line), reason: structuralReason(r.error_type, r.error_message) })),
    structuralCount: Number(rejected!.n),
    blank: Number(counts!.blank),
    summary: Number(counts!.summary),
    invalidUtf8: Number(rejected!.utf8),
  };
}

/** Whole numbers from the scan, inserted in batches (they are numbers, never text from the file). */
async function insertRows(w: Writer, table: string, rows: number[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    const values = rows.slice(i, i + 5000).map((r) => `(${r.map((x) => Math.trunc(Number(x))).join(', ')})`);
    await w.run(`INSERT INTO ${table} VALUES ${values.join(', ')}`);
  }
}
