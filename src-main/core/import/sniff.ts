import { basename } from 'node:path';
import Papa from 'papaparse';
import type { ImportSourceInfo } from '../../contract/types';
import { AceError } from '../lib/errors';
import {
  containerOf,
  decode,
  encodingFor,
  encodingOf,
  gunzipHead,
  HEAD_BYTES,
  readBytes,
  readWorkbook,
  statFile,
  type Container,
  type Encoding,
  type EncodingChoice,
} from './source';

export type { Encoding, EncodingChoice } from './source';

export interface CsvDialect {
  format: 'csv';
  delimiter: string;
  quote: string;
  /** How a quote is written inside a quoted value: doubled (RFC 4180) or after a backslash. */
  escape: '"' | '\\';
  encoding: Encoding;
  hasBom: boolean;
  /** Line ends seen at the start and the end of the file. */
  newline: 'lf' | 'crlf' | 'cr' | 'mixed';
}

export interface SniffResult {
  path: string;
  fileName: string;
  size: number;
  container: Container;
  dialect: CsvDialect | { format: 'parquet' };
  /** How the encoding was decided, for the report ("valid UTF-8", "byte order mark", ...). */
  encodingNote: string;
  /** The header's line in the file (1 = the first line). */
  headerLine: number;
  /** Lines above the header: report titles, date ranges, blank or delimiter-only lines. */
  above: { lines: number; titles: string[] };
  /** Header names as DuckDB will see them: blanks named column_N, repeats suffixed " (2)". */
  headers: string[];
  /** The first rows, as text, for previews. */
  sample: string[][];
  /** A workbook's sheets and the one read. */
  sheets?: string[];
  sheet?: string;
  /** A JSON file written out as CSV (json.ts): an array of records, or JSON lines. */
  json?: JsonLayout;
}

const DELIMITERS = [',', '\t', ';', '|'];
const LINES_LOOKED_AT = 200;

/** Blank headers get a name, repeated ones a suffix, so every column can be addressed. */
/** How a JSON file holds its records (import/json.ts): one array of objects, one object per line, or a known report nesting them (json-reports.ts). */
export type JsonLayout = 'array' | 'lines' | 'report';

export function uniqueHeaders(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    let name = h.replace(/^\uFEFF/, '').trim() || `column_${i + 1}`;
    const n = (seen.get(name.toLowerCase()) ?? 0) + 1;
    seen.set(name.toLowerCase(), n);
    if (n > 1) name = `${name} (${n})`;
    return name;
  });
}

const filled = (row: string[]) => row.filter((v) => v.trim() !== '').length;

/** Rows of the text with the line each starts on (1-based), as PapaParse reads them. */
function rowsWithLines(text: string, delimiter: string, escape: string, limit: number): { row: string[]; line: number }[] {
  const out: { row: string[]; line: number }[] = [];
  let line = 1;
  let at = 0;
  Papa.parse<string[]>(text, {
    delimiter,
    escapeChar: escape,
    newline: '\n',
    preview: limit,
    step: (r) => {
      const end = r.meta.cursor;
      out.push({ row: r.data, line });
      for (let i = at; i < end && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
      // A row ends on its line end: the next row starts on the following line.
      at = end;
    },
  });
  return out;
}

/** The most common number of fields among rows that hold something, preferring tables of two or more columns. */
function modalWidth(rows: { row: string[] }[]): { width: number; share: number } {
  const counts = new Map<number, number>();
  let total = 0;
  for (const { row } of rows) {
    if (!filled(row)) continue;
    counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
    total++;
  }
  const wide = [...counts].filter(([w]) => w > 1).sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
  // A few lines with a delimiter in a one-column list do not make it a table of two columns.
  const [best, bestN] = wide && wide[1] >= (counts.get(1) ?? 0) ? wide : [1, counts.get(1) ?? 0];
  return { width: best, share: total ? bestN / total : 0 };
}

/**
 * Where the table starts and how it is written: the delimiter whose rows agree most on a width of two
 * or more fields, the header as the first row of that width with most of its cells named (lines above it
 * are report titles, date ranges or blank), and backslash escapes when doubled quotes do not read.
 */
export function locateTable(text: string): {
  delimiter: string;
  escape: '"' | '\\';
  headerIndex: number;
  rows: { row: string[]; line: number }[];
} {
  const lines = text
    .split('\n', LINES_LOOKED_AT + 1)
    .slice(0, LINES_LOOKED_AT)
    .join('\n');
  let best: { delimiter: string; width: number; score: number } = { delimiter: ',', width: 1, score: -1 };
  for (const d of DELIMITERS) {
    const { width, share } = modalWidth(rowsWithLines(lines, d, '"', LINES_LOOKED_AT));
    const score = width > 1 ? share * 100 + Math.min(width, 50) / 100 : 0;
    if (score > best.score) best = { delimiter: d, width, score };
  }
  let escape: '"' | '\\' = '"';
  let rows = rowsWithLines(lines, best.delimiter, '"', LINES_LOOKED_AT);
  if (/\\"/.test(lines)) {
    const alt = rowsWithLines(lines, best.delimiter, '\\', LINES_LOOKED_AT);
    const off = (rs: { row: string[] }[]) => rs.filter((r) => filled(r.row) && r.row.length !== best.width).length;
    if (modalWidth(alt).width === best.width && off(alt) < off(rows)) {
      escape = '\\';
      rows = alt;
    }
  }
  const { width } = modalWidth(rows);
  const need = width === 1 ? 1 : Math.max(2, Math.ceil(width / 2));
  // A header without the trailing delimiter every data line has is one field short of them.
  const least = width >= 3 ? width - 1 : width;
  const headerIndex = rows.findIndex((r) => r.row.length >= least && filled(r.row) >= need);
  return { delimiter: best.delimiter, escape, headerIndex: headerIndex < 0 ? rows.findIndex((r) => filled(r.row) > 0) : headerIndex, rows };
}

function newlineOf(text: string): 'lf' | 'crlf' | 'cr' | 'mixed' | null {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/(^|[^\r])\n/g) ?? []).length;
  const cr = (text.match(/\r(?!\n)/g) ?? []).length - (text.endsWith('\r') ? 1 : 0);
  const kinds = [crlf && 'crlf', lf && 'lf', cr > 0 && 'cr'].filter(Boolean) as ('lf' | 'crlf' | 'cr')[];
  return kinds.length === 1 ? kinds[0]! : kinds.length === 0 ? null : 'mixed';
}

/** The text of a file's start (decoded), and what it takes to read the rest the same way. */
async function headText(path: string, size: number, fileName: string, choice?: EncodingChoice, sheet?: string) {
  const raw = readBytes(path, Math.min(size, HEAD_BYTES));
  const container = containerOf(raw);
  if (container === 'parquet')
    return {
      container,
      text: '',
      whole: true,
      encoding: 'utf-8' as Encoding,
      encodingNote: 'Parquet',
      hasBom: false,
      newline: 'lf' as const,
      book: undefined,
    };
  if (container === 'xlsx') {
    const book = await readWorkbook(path, sheet);
    const text = Papa.unparse(book.rows.slice(0, LINES_LOOKED_AT + 60), { newline: '\n' });
    return {
      container,
      text,
      whole: true,
      encoding: 'utf-8' as Encoding,
      encodingNote: 'Excel workbook',
      hasBom: false,
      newline: 'lf' as const,
      book,
    };
  }
  let head = raw;
  let whole = raw.length === size;
  if (container === 'gzip') ({ head, whole } = await gunzipHead(path));
  const { encoding, detected } = encodingFor(head, whole, fileName, encodingOf(choice));
  const hasBom =
    encoding === 'utf-8'
      ? head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf
      : encoding !== 'windows-1252' && (head[0] === 0xff || head[0] === 0xfe);
  let text = decode(head, encoding);
  // A character cut at the end of the sample decodes as U+FFFD: drop the unfinished last line.
  if (!whole) text = text.slice(0, Math.max(0, text.lastIndexOf('\n') + 1));
  let newline: CsvDialect['newline'] = newlineOf(text) ?? 'lf';
  if (container === 'text' && !whole && newline !== 'mixed' && encoding === 'utf-8') {
    // Rows appended in another editor: the end of the file may end its lines differently.
    const tail = readBytes(path, Math.min(size, 64 * 1024), Math.max(0, size - 64 * 1024)).toString('latin1');
    const end = newlineOf(tail.slice(tail.indexOf('\n') + 1));
    if (end && end !== newline) newline = 'mixed';
  }
  return { container, text, whole, encoding, encodingNote: detected, hasBom, newline, book: undefined };
}

/**
 * Looks at the start of a file: what it is (CSV/TSV, gzip, Excel or Parquet), its encoding, delimiter,
 * where its header is and what it holds. Files that cannot be a table get a clear error that says what to do.
 */
export async function sniffFile(
  path: string,
  opts: { encoding?: EncodingChoice; sheet?: string } = {},
): Promise<SniffResult | { parquet: true; path: string; fileName: string; size: number }> {
  const size = statFile(path);
  const fileName = basename(path);
  const h = await headText(path, size, fileName, opts.encoding, opts.sheet);
  if (h.container === 'parquet') return { parquet: true, path, fileName, size };
  if (!h.text.includes('\n') && !h.whole) {
    throw new AceError(
      'BAD_INPUT',
      `The first line of ${fileName} is longer than ${HEAD_BYTES / 1024} KB, so it has no readable header row. Is this really a CSV/TSV export?`,
    );
  }
  const text = h.newline === 'lf' ? h.text : h.text.replace(/\r\n?/g, '\n');
  const t = locateTable(text);
  const header = t.rows[t.headerIndex];
  if (!header || !filled(header.row))
    throw new AceError('BAD_INPUT', `${fileName} has no header row: it holds no text that names columns.`);
  let headerRow = header.row;
  // A stray quote in the header swallows the lines after it: name the columns from the line itself.
  const headerText = text.split('\n')[header.line - 1] ?? '';
  if ((headerText.match(/"/g) ?? []).length % 2 === 1) headerRow = headerText.split(t.delimiter).map((v) => v.replace(/^\s*"|"\s*$/g, ''));
  const above = t.rows.slice(0, t.headerIndex);
  const body =
    headerRow === header.row
      ? t.rows.slice(t.headerIndex + 1)
      : rowsWithLines(text.split('\n').slice(header.line).join('\n'), t.delimiter, t.escape, 60).map((r) => ({
          ...r,
          line: r.line + header.line,
        }));
  // The last sampled row may be cut off by the sample size: keep only rows that ended.
  const complete = h.whole ? body : body.slice(0, -1);
  headerRow = fitTrailingDelimiter(
    headerRow,
    complete.map((r) => r.row).filter((r) => filled(r) > 0),
  );
  return {
    path,
    fileName,
    size,
    container: h.container,
    dialect: {
      format: 'csv',
      delimiter: t.delimiter,
      quote: '"',
      escape: t.escape,
      encoding: h.encoding,
      hasBom: h.hasBom,
      newline: h.newline,
    },
    encodingNote: h.encodingNote,
    headerLine: header.line,
    above: {
      lines: header.line - 1,
      titles: above
        .filter((r) => filled(r.row))
        .map((r) =>
          r.row
            .filter((v) => v.trim())
            .join(' ')
            .slice(0, 120),
        ),
    },
    headers: uniqueHeaders(headerRow),
    sample: complete
      .filter((r) => filled(r.row) && !isSummaryRow(r.row))
      .slice(0, 50)
      .map((r) => r.row),
    ...(h.book ? { sheets: h.book.sheets, sheet: h.book.sheet } : {}),
  };
}

/**
 * A delimiter at the end of every data line but not of the header (an empty last field, as Twilio's
 * export writes), or at the end of the header only: the header gets (or loses) that empty column, so
 * the rows are not all rejected for a column count that differs by an empty field.
 */
function fitTrailingDelimiter(header: string[], rows: string[][]): string[] {
  if (rows.length === 0) return header;
  const wider = rows.filter((r) => r.length === header.length + 1);
  if (wider.length === rows.length && wider.every((r) => r[r.length - 1]!.trim() === '')) return [...header, ''];
  const narrower = rows.filter((r) => r.length === header.length - 1);
  if (header.length > 1 && header[header.length - 1]!.trim() === '' && narrower.length === rows.length) return header.slice(0, -1);
  return header;
}

/** A summary row ("Total", "Totals", "Grand total", "Total: ..."), as stage.ts's summarySql decides for every row. */
function isSummaryRow(row: string[]): boolean {
  const first =
    row
      .slice(0, 3)
      .find((v) => v.trim() !== '')
      ?.trim() ?? '';
  return /^(grand\s+)?totals?(\s*[:(\-–].*)?$/i.test(first);
}

/** How a file is read, for the mapping step and the report. */
export function sourceInfo(head: SniffResult): ImportSourceInfo {
  const csv = head.dialect.format === 'csv' ? head.dialect : null;
  return {
    format: head.json ? 'json' : head.container === 'xlsx' ? 'xlsx' : head.dialect.format,
    encoding: csv?.encoding ?? null,
    encodingNote: head.encodingNote,
    delimiter: csv?.delimiter ?? null,
    gzip: head.container === 'gzip',
    sheet: head.sheet ?? null,
    headerLine: head.headerLine,
  };
}
