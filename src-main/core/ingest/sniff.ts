import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import Papa from 'papaparse';
import { AceError } from '../errors';

export type Encoding = 'utf-8' | 'utf-16' | 'latin-1';

export interface CsvDialect {
  format: 'csv';
  delimiter: string;
  quote: string;
  encoding: Encoding;
  hasBom: boolean;
}

export interface SniffResult {
  path: string;
  fileName: string;
  size: number;
  dialect: CsvDialect | { format: 'parquet' };
  /** Header names as DuckDB will see them: blanks named column_N, repeats suffixed " (2)". */
  headers: string[];
  /** The first rows, as text, for previews. */
  sample: string[][];
}

const SAMPLE_BYTES = 256 * 1024;

function readHead(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Valid UTF-8, ignoring a multi-byte character cut at the end of the sample. */
function isUtf8(buf: Buffer, whole: boolean): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let cut = 0; cut <= (whole ? 0 : 3); cut++) {
    try {
      decoder.decode(buf.subarray(0, buf.length - cut));
      return true;
    } catch {
      /* try a shorter sample */
    }
  }
  return false;
}

/** Blank headers get a name, repeated ones a suffix, so every column can be addressed. */
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

/**
 * Looks at the start of a file: what it is (CSV/TSV or Parquet), its encoding, delimiter and headers.
 * Files that cannot be a table get a clear error that says what to do.
 */
export function sniffFile(path: string, opts: { encoding?: Encoding } = {}): SniffResult | { parquet: true; path: string; fileName: string; size: number } {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new AceError('BAD_INPUT', `${path} is a folder. Choose a CSV, TSV or Parquet file.`);
    size = st.size;
  } catch (e) {
    if (e instanceof AceError) throw e;
    throw new AceError('NOT_FOUND', `Cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`);
  }
  const fileName = basename(path);
  if (size === 0) throw new AceError('BAD_INPUT', `${fileName} is empty (0 bytes). Export the data again.`);
  const head = readHead(path, Math.min(size, SAMPLE_BYTES));
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return { parquet: true, path, fileName, size };
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new AceError('BAD_INPUT', `${fileName} is an Excel workbook or a zip archive, not CSV. Save it as "CSV UTF-8" (or TSV) and import that.`);
  }
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (!utf16 && head.subarray(0, 8192).includes(0)) {
    throw new AceError('BAD_INPUT', `${fileName} is a binary file, not a CSV/TSV or Parquet table. Check that you picked the export itself.`);
  }
  const hasBom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  const encoding: Encoding = opts.encoding ?? (utf16 ? 'utf-16' : 'utf-8');
  if (encoding === 'utf-8' && !isUtf8(head, head.length === size)) {
    throw new AceError(
      'BAD_INPUT',
      `${fileName} is not UTF-8 text (it has bytes that are not valid UTF-8, as Excel's plain "CSV" or Windows exports write). Save it as "CSV UTF-8", or import it with encoding latin-1.`,
      { hint: 'encoding' },
    );
  }
  const text = new TextDecoder(encoding === 'latin-1' ? 'latin1' : encoding).decode(head).replace(/^\uFEFF/, '');
  const firstBreak = text.search(/\r?\n/);
  if (firstBreak < 0 && head.length < size) {
    throw new AceError('BAD_INPUT', `The first line of ${fileName} is longer than ${SAMPLE_BYTES / 1024} KB, so it has no readable header row. Is this really a CSV/TSV export?`);
  }
  const parsed = Papa.parse<string[]>(text, { preview: 51, skipEmptyLines: 'greedy', delimitersToGuess: [',', '\t', ';', '|'] });
  const rows = parsed.data;
  if (rows.length === 0 || rows[0]!.every((h) => !h.trim())) {
    throw new AceError('BAD_INPUT', `${fileName} has no header row. The first line must name the columns.`);
  }
  const delimiter = parsed.meta.delimiter;
  // The last sampled row may be cut off by the sample size: keep only rows that ended.
  const complete = head.length < size ? rows.slice(0, -1) : rows;
  return {
    path,
    fileName,
    size,
    dialect: { format: 'csv', delimiter, quote: '"', encoding, hasBom },
    headers: uniqueHeaders(rows[0]!),
    sample: complete.slice(1, 51),
  };
}
