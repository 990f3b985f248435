import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { neutralise } from '../../contract/formula';

/**
 * The one place tables leave the app as files (CSV, TSV, XLSX). Every text cell a spreadsheet
 * would run as a formula is neutralised the same way everywhere (contract/formula.ts: a leading
 * apostrophe, except on phones, numbers and e-mail addresses). Numbers and booleans are written as
 * they are (a negative number is a number, not a formula).
 */
export type TabularFormat = 'csv' | 'tsv' | 'xlsx';

export { FORMULA_START, neutralise, neutraliseSql } from '../../contract/formula';

const delimiterOf = (format: 'csv' | 'tsv') => (format === 'tsv' ? '\t' : ',');

/** One delimited field: empty for null, text neutralised and quoted when it holds the delimiter, a quote or a line end. */
export function delimitedField(v: unknown, format: 'csv' | 'tsv' = 'csv'): string {
  if (v === null || v === undefined) return '';
  // An empty text is quoted, as DuckDB's COPY writes it: empty and missing stay apart, and every
  // export path writes the same bytes.
  if (v === '') return '""';
  const s =
    typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint'
      ? String(v)
      : neutralise(v instanceof Date ? v.toISOString() : String(v));
  const d = delimiterOf(format);
  return s.includes(d) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function delimitedLine(cells: readonly unknown[], format: 'csv' | 'tsv' = 'csv'): string {
  return cells.map((c) => delimitedField(c, format)).join(delimiterOf(format)) + '\r\n';
}

/** A small table as delimited text in memory (ROI tables, a CLI's stdout). Big ones go through `writeDelimited`. */
export function delimitedText(columns: readonly string[], rows: Iterable<readonly unknown[]>, format: 'csv' | 'tsv' = 'csv'): string {
  let out = delimitedLine(columns, format);
  for (const r of rows) out += delimitedLine(r, format);
  return out;
}

export interface WriteProgress {
  rows: number;
  bytes: number;
}

/**
 * Streams batches of rows to a delimited file, waiting for the disk when its buffer is full, so memory
 * holds one batch at a time whatever the size of the export. Returns the rows and bytes written.
 */
export async function writeDelimited(
  path: string,
  columns: readonly string[],
  batches: AsyncIterable<readonly (readonly unknown[])[]>,
  format: 'csv' | 'tsv' = 'csv',
  onBatch?: (p: WriteProgress) => void,
): Promise<WriteProgress> {
  const out = createWriteStream(path, { mode: 0o600 });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  let rows = 0;
  const write = async (text: string) => {
    if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
  };
  try {
    await write(delimitedLine(columns, format));
    for await (const batch of batches) {
      let text = '';
      for (const r of batch) text += delimitedLine(r, format);
      rows += batch.length;
      await write(text);
      onBatch?.({ rows, bytes: out.bytesWritten + out.writableLength });
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
  } finally {
    if (!out.closed) out.destroy();
  }
  return { rows, bytes: out.bytesWritten };
}

/** Rows a worksheet can hold, the header included (Excel's limit). */
export const XLSX_MAX_ROWS = 1_048_576;

export interface XlsxColumn {
  name: string;
  type?: 'number' | 'text' | 'boolean';
  /** Excel number format, e.g. '#,##0.00'. */
  format?: string;
  width?: number;
}

/**
 * Batches of rows as an XLSX workbook: numbers as numbers, booleans as booleans, text as text. A text
 * cell of a workbook is never run as a formula, so it needs no apostrophe. The workbook writer builds
 * the sheet in memory, so an XLSX is limited to what a worksheet holds (1,048,575 rows): bigger exports
 * are refused before any work with a pointer to CSV.
 */
export async function writeXlsx(
  path: string,
  columns: readonly XlsxColumn[],
  batches: AsyncIterable<readonly (readonly unknown[])[]>,
  onBatch?: (p: WriteProgress) => void,
  opts: { boldLastRow?: boolean } = {},
): Promise<WriteProgress> {
  const { default: writeXlsxFile } = await import('write-excel-file/node');
  const header = columns.map((c) => ({ value: c.name, type: String, fontWeight: 'bold' as const }));
  const sheet: unknown[][] = [header];
  let rows = 0;
  for await (const batch of batches) {
    rows += batch.length;
    if (rows + 1 > XLSX_MAX_ROWS)
      throw new Error(`An XLSX sheet holds at most ${(XLSX_MAX_ROWS - 1).toLocaleString('en-US')} rows; export CSV instead.`);
    for (const r of batch) sheet.push(columns.map((c, i) => xlsxCell(c, r[i])));
    onBatch?.({ rows, bytes: 0 });
  }
  if (opts.boldLastRow && sheet.length > 1)
    sheet[sheet.length - 1] = (sheet[sheet.length - 1] as ({ fontWeight?: string } | null)[]).map((c) =>
      c ? { ...c, fontWeight: 'bold' } : c,
    );
  const widths = columns.some((c) => c.width) ? { columns: columns.map((c) => ({ width: c.width ?? 14 })) } : {};
  await writeXlsxFile(sheet as never, { stickyRowsCount: 1, ...widths }).toFile(path);
  const { statSync } = await import('node:fs');
  return { rows, bytes: statSync(path).size };
}

function xlsxCell(c: XlsxColumn, v: unknown): unknown {
  if (v === null || v === undefined || v === '') return null;
  if (c.type === 'number') {
    const n = Number(v);
    return Number.isFinite(n) ? { value: n, type: Number, ...(c.format ? { format: c.format } : {}) } : { value: String(v), type: String };
  }
  if (c.type === 'boolean' || typeof v === 'boolean') return { value: v === true || v === 'true', type: Boolean };
  return { value: String(v), type: String };
}

/** A ready table as batches (one batch): for small, already computed tables. */
export async function* oneBatch<T>(rows: readonly T[]): AsyncIterable<readonly T[]> {
  yield rows;
}

/**
 * DuckDB writes a big delimited export itself: COPY streams the query's result to the file vector by
 * vector, so memory stays flat at any size and no row crosses into JavaScript. Text columns must be
 * passed through `neutraliseSql` by the caller (it knows which are text). The path is ours (a temp
 * name), quoted as a literal since COPY's target cannot be a parameter.
 */
export function copyDelimitedSql(select: string, path: string, format: 'csv' | 'tsv', header = true): string {
  const target = `'${path.replace(/'/g, "''")}'`;
  return `COPY (${select}) TO ${target} (FORMAT CSV, HEADER ${header ? 'true' : 'false'}, DELIMITER '${format === 'tsv' ? '\\t' : ','}', QUOTE '"', ESCAPE '"', NULLSTR '', NEW_LINE '\\r\\n')`;
}
