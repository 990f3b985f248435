import type { Writer } from '../db/client';
import { AceError } from '../lib/errors';
import { readDirect, type DirectRead } from './direct';
import { MAX_LINE_BYTES } from './import-part';
import type { Prepared } from './prepare';
import { scanFile, type FileScan } from './scan';
import { dropStage, stageFile, type StageResult } from './stage';

/*
 * Reading a prepared file for an import (importer.ts) or a table (table.ts): DuckDB's read beside the scan of the
 * same file (scan.ts), the staged way (stage.ts) or, for a plain file, the direct way (direct.ts).
 */

/** The scan of the file DuckDB reads (scan.ts), started to run beside DuckDB's read of it. */
export function startScan(prepared: Prepared, signal: AbortSignal): Promise<FileScan> {
  const d = prepared.head.dialect;
  const csv = d.format === 'csv';
  const scanning = scanFile(prepared.readPath, {
    csv,
    maxRecordBytes: MAX_LINE_BYTES,
    skipLines: prepared.head.headerLine,
    backslashEscape: csv && d.escape === '\\',
    delimiter: csv ? d.delimiter : ',',
    signal,
  });
  scanning.catch(() => undefined);
  return scanning;
}

/** What a read gives the import: the staged rows (or their count and the parse's source: direct.ts) and the scan. */
export interface FileRead {
  staged: StageResult;
  scan: FileScan;
  retry?: { encoding?: 'windows-1252' };
  direct?: DirectRead;
}

/** A JSON file's CSV holds one record per line: a value with line breaks in it spans lines there, but the record keeps its number. */
const layoutFor = (prepared: Prepared, scanning: Promise<FileScan>) => {
  const layout = layoutOf(scanning, prepared.head.json !== undefined);
  layout.catch(() => undefined);
  return layout;
};

/** A file read the direct way (direct.ts), when the reads find it plain: its decisions' columns staged; else null. */
export async function readPlain(
  w: Writer,
  prepared: Prepared,
  columns: number,
  scanning: Promise<FileScan>,
  onProgress: (pct: number) => void,
  decide: string[],
): Promise<FileRead | null> {
  const d = prepared.head.dialect;
  if (d.format !== 'csv') return null;
  const read = await readDirect(
    w,
    { path: prepared.readPath, dialect: d, columns, headerLine: prepared.head.headerLine, layout: layoutFor(prepared, scanning), decide },
    onProgress,
  );
  if (!read) return null;
  const scan = await scanning;
  // Line ends that change within the file (the staged read reads it again from a normalised copy), or a record the
  // reader left out without a word (every later row's line would be one off): read the staged way.
  if ((scan.crlf > 0 && scan.lf > 0) || scan.records !== read.staged.accepted) {
    await dropStage(w);
    return null;
  }
  return { ...read, scan };
}

/**
 * Stages the prepared file while it is scanned (`scanning`), and says when it must be read again from a normalised
 * copy: line ends that change within the file (DuckDB's reader stops or splits rows wrongly), or bytes
 * that are not UTF-8 in a file that began as UTF-8 (then it is Windows-1252).
 */
export async function readStaged(
  w: Writer,
  prepared: Prepared,
  headers: string[],
  summaryWhenBlank: string[],
  scanning: Promise<FileScan>,
  onProgress: (pct: number) => void,
): Promise<FileRead> {
  const d = prepared.head.dialect;
  const csv = d.format === 'csv';
  const canRetry = !prepared.normalised && csv;
  let staged: StageResult;
  try {
    staged = await stageFile(
      w,
      {
        path: prepared.readPath,
        dialect: d,
        columns: headers.length,
        headers,
        headerLine: prepared.head.headerLine,
        layout: layoutFor(prepared, scanning),
        summaryWhenBlank,
      },
      onProgress,
    );
  } catch (e) {
    if (canRetry && /state machine|invalid state/i.test((e as Error).message))
      return { staged: null as never, scan: await scanning, retry: {} };
    throw readError(e, prepared.head.fileName);
  }
  const scan = await scanning;
  if (canRetry && scan.crlf > 0 && scan.lf > 0) return { staged, scan, retry: {} };
  if (canRetry && d.encoding === 'utf-8' && staged.invalidUtf8 > 0) return { staged, scan, retry: { encoding: 'windows-1252' } };
  return { staged, scan };
}

/** The line layout needs the scan's lists, which come at the end of the scan (awaited once DuckDB has read the file). */
async function layoutOf(scanning: Promise<FileScan>, byRecord: boolean) {
  const scan = await scanning;
  return {
    multiLine: byRecord ? [] : scan.multiLine,
    blanks: scan.blanks,
    textless: scan.textless,
    summaryCandidates: scan.summaryCandidates,
  };
}

/** A reader failure as one sentence that says what to do (never DuckDB's own text). */
function readError(e: unknown, fileName: string): Error {
  if (e instanceof AceError || (e as Error).name === 'AbortError') return e as Error;
  const first = ((e as Error).message ?? String(e)).split('\n')[0]!.replace(/^([A-Za-z ]*Error: )+/, '');
  return new AceError(
    'BAD_INPUT',
    `${fileName} could not be read as a table (${first.slice(0, 200)}). Open it in a spreadsheet, save it as "CSV UTF-8", and import that.`,
  );
}
