import type { DbClient } from '../db/client';
import { AceError } from '../lib/errors';
import { jsonHead, jsonLayoutOf, jsonToCsv, scanJson } from './json';
import { sniffFile, type EncodingChoice, type JsonLayout, type SniffResult } from './sniff';
import { containerOf, normaliseText, privateTempDir, readBytes, readWorkbook, workbookToCsv, type Encoding } from './source';

/** How to open a file: an encoding other than the one detected, a workbook's sheet. */
export interface SourceOptions {
  encoding?: EncodingChoice;
  sheet?: string;
}

/** Sniffs a CSV/TSV, gzip, Excel, Parquet or JSON file into headers and sample rows (Parquet through DuckDB). */
export async function readFileHead(db: DbClient, path: string, opts: SourceOptions = {}): Promise<SniffResult> {
  // A JSON file's header is the keys of all its records: one streamed pass, nothing written.
  const layout = await jsonLayoutOf(path);
  if (layout) return jsonHead(path, await scanJson(path, layout), containerOf(readBytes(path, 2)) === 'gzip');
  const s = await sniffFile(path, opts);
  if (!('parquet' in s)) return s;
  const cols = await db
    .rows<{ name: string }>(`SELECT column_name AS name FROM (DESCRIBE SELECT * FROM read_parquet(?))`, [path])
    .catch((e: Error) => {
      throw new AceError(
        'BAD_INPUT',
        `${s.fileName} looks like Parquet but cannot be read (${e.message.split('\n')[0]!.replace(/^[A-Za-z ]*Error: /, '')}). Export it again.`,
      );
    });
  const sample = await db.rows<Record<string, string | null>>(`SELECT COLUMNS(*)::VARCHAR FROM read_parquet(?) LIMIT 50`, [path]);
  const headers = cols.map((c) => c.name);
  return {
    path,
    fileName: s.fileName,
    size: s.size,
    container: 'parquet',
    dialect: { format: 'parquet' },
    encodingNote: 'Parquet',
    headerLine: 0,
    above: { lines: 0, titles: [] },
    headers,
    sample: sample.map((r) => headers.map((h) => r[h] ?? '')),
  };
}

/** A file ready for DuckDB's reader: the path it reads and the sniff that says how. */
export interface Prepared {
  head: SniffResult;
  /** The file DuckDB reads: the original, or a UTF-8 copy with "\n" line ends in a private temp folder. */
  readPath: string;
  /** Whether readPath is such a copy. */
  normalised: boolean;
  /** A JSON file's records that are not objects: a CSV of (line, reason, raw), each rejected by the import. */
  jsonRejects?: { path: string; count: number };
  cleanup: () => void;
}

/**
 * Makes a file readable by DuckDB at full speed: a plain UTF-8 file with one kind of line end is read
 * where it is; UTF-16, Windows-1252, gzip, a workbook, or line ends that change (`force`: found later
 * in the file) are first written out as UTF-8 with "\n", line for line, so every line number holds.
 * JSON (an array of records, or JSON lines) is written out as the CSV of its records, record for line.
 */
export async function prepareSource(
  db: DbClient,
  path: string,
  opts: SourceOptions & { force?: { encoding?: Encoding }; signal?: AbortSignal } = {},
): Promise<Prepared> {
  const layout = await jsonLayoutOf(path);
  if (layout) return prepareJson(path, layout, opts.signal);
  const head = await readFileHead(db, path, opts.force?.encoding ? { ...opts, encoding: opts.force.encoding } : opts);
  if (head.dialect.format === 'parquet') return { head, readPath: path, normalised: false, cleanup: () => undefined };
  const d = head.dialect;
  const needed =
    opts.force !== undefined || head.container !== 'text' || d.encoding !== 'utf-8' || d.newline === 'cr' || d.newline === 'mixed';
  if (!needed) return { head, readPath: path, normalised: false, cleanup: () => undefined };
  const tmp = privateTempDir();
  try {
    const readPath =
      head.container === 'xlsx'
        ? await workbookToCsv((await readWorkbook(path, opts.sheet)).rows, tmp.dir)
        : await normaliseText(path, head.container === 'gzip' ? 'gzip' : 'text', d.encoding, tmp.dir, opts.signal);
    // The copy is UTF-8 with "\n": say so to the reader, keep what was detected for the report.
    const dialect = { ...d, newline: 'lf' as const };
    return { head: { ...head, dialect }, readPath, normalised: true, cleanup: tmp.remove };
  } catch (e) {
    tmp.remove();
    throw e;
  }
}

/** A JSON array or JSON lines, written out as the CSV of its records (json.ts). */
async function prepareJson(path: string, layout: JsonLayout, signal?: AbortSignal): Promise<Prepared> {
  const scan = await scanJson(path, layout, signal);
  const tmp = privateTempDir();
  try {
    const out = await jsonToCsv(path, scan, tmp.dir, signal);
    return {
      head: jsonHead(path, scan, containerOf(readBytes(path, 2)) === 'gzip'),
      readPath: out.csvPath,
      normalised: true,
      jsonRejects: { path: out.rejectsPath, count: out.rejected },
      cleanup: tmp.remove,
    };
  } catch (e) {
    tmp.remove();
    throw e;
  }
}
