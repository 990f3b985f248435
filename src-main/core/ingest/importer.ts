import type { DatasetKind, DateOrder, ImportReport } from '../../contract/types';
import type { DbClient, Writer } from '../db/client';
import { AceError } from '../errors';
import { updateFacts } from '../facts';
import { commitParsed } from './commit';
import { decideDateOrder } from './dates';
import { scanFile, type FileScan } from './scan';
import { KINDS } from './kinds';
import { MACROS } from './macros';
import { checkMapping, guessKind, mappedHeaders, sourceKey, suggestMapping, type Mapping } from './mapping';
import { decideNumberFormat, decimalQuestion, NUMBER_MACROS, numericRefs, type DecimalMark } from './numbers';
import { prepareSource, type Prepared, type SourceOptions } from './prepare';
import { sourceInfo } from './preview';
import type { EncodingChoice } from './sniff';
import { dropStage, stageFile, type StageResult } from './stage';
import { transformSql } from './transform';

export { readFileHead } from './prepare';

export interface ImportOptions {
  path: string;
  kind?: DatasetKind;
  mapping?: Mapping;
  encoding?: EncodingChoice;
  /** A workbook's sheet (the first when left out). */
  sheet?: string;
  dateOrder?: DateOrder;
  /** The decimal mark, when the file cannot tell (see numbers.ts). */
  decimal?: DecimalMark;
  /** The name to record (an uploaded file's original name). */
  fileName?: string;
  signal?: AbortSignal;
  onProgress?: (p: { phase: string; fraction: number; rows?: number; rowsPerSecond?: number }) => void;
}

/** Longest CSV line the reader accepts (DuckDB's max_line_size in stage.ts). */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;

/** Kinds whose rows change who an entrant is or which media buy owns what. */
const FACT_KINDS = new Set<DatasetKind>(['entries', 'media_buys', 'redemptions']);

export async function workspaceSettings(db: DbClient): Promise<{ currency: string; timezone: string }> {
  const rows = await db.rows<{ key: string; value: string }>(`SELECT key, value FROM ace_meta WHERE key IN ('currency', 'timezone')`);
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  const currency = get('currency') ?? 'USD';
  const timezone = get('timezone') ?? 'America/New_York';
  if (!/^[A-Z]{3}$/.test(currency) || !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(timezone)) {
    throw new AceError('WORKSPACE_INVALID', 'The workspace currency or time zone setting is not valid.');
  }
  return { currency, timezone };
}

export async function savedMapping(db: DbClient, kind: DatasetKind, headers: string[]): Promise<Mapping | null> {
  const row = await db.one<{ mapping: string }>(`SELECT mapping FROM mappings WHERE source_key = ?`, [sourceKey(kind, headers)]);
  return row ? (JSON.parse(row.mapping) as Mapping) : null;
}

/** Counts the flagged values of each warning (ace_w0, ace_w1, ... of ace_parsed) into sentences. */
async function warningsOf(w: Writer, texts: string[]): Promise<string[]> {
  if (!texts.length) return [];
  const [row] = await w.run<Record<string, string>>(`SELECT ${texts.map((_, i) => `count(*) FILTER (WHERE ace_w${i}) AS w${i}`).join(', ')} FROM ace_parsed`);
  return texts
    .map((text, i) => [Number(row![`w${i}`]), text] as const)
    .filter(([n]) => n > 0)
    .map(([n, text]) => text.replace('{n}', n.toLocaleString('en-US')));
}

/**
 * Imports one file as one transaction: a cancel, an error or a crash leaves the workspace as it was.
 * rowsRead = rowsImported + rowsRejected + duplicatesSkipped, always.
 */
export async function importFile(db: DbClient, opts: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  const progress = opts.onProgress ?? (() => undefined);
  const source: SourceOptions = { encoding: opts.encoding, sheet: opts.sheet };
  let prepared = await prepareSource(db, opts.path, { ...source, signal: opts.signal });
  const head = prepared.head;
  const fileName = opts.fileName ?? head.fileName;
  const kind = opts.kind ?? guessKind(head.headers, fileName).kind;
  const mapping = checkMapping(kind, head.headers, opts.mapping ?? (await savedMapping(db, kind, head.headers)) ?? suggestMapping(kind, head.headers));
  const settings = await workspaceSettings(db);
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  opts.signal?.addEventListener('abort', onAbort);
  try {
    return await db.write(async (w) => {
      for (const m of [...MACROS, ...NUMBER_MACROS]) await w.run(m);
      progress({ phase: 'Reading', fraction: 0 });
      let read = await readStaged(w, prepared, head.headers, abort.signal, (pct) => progress({ phase: 'Reading', fraction: (0.5 * pct) / 100 }));
      const again = read.retry;
      if (again) {
        // Found only once the whole file was read: line ends that change, or bytes that are not UTF-8.
        prepared.cleanup();
        prepared = await prepareSource(db, opts.path, { ...source, force: again, signal: opts.signal });
        read = await readStaged(w, prepared, head.headers, abort.signal, (pct) => progress({ phase: 'Reading', fraction: (0.5 * pct) / 100 }));
      }
      const { staged, scan } = read;
      const dialect = prepared.head.dialect;
      // Records the CSV reader skipped without a reject are still read rows: counted, and rejected with what is known.
      const unread = scan.records !== null ? Math.max(0, scan.records - staged.accepted - staged.summary - staged.structuralCount) : 0;
      const rowsRead = staged.accepted + staged.structuralCount + unread;
      const readSeconds = (Date.now() - started) / 1000;
      progress({ phase: 'Checking', fraction: 0.5, rows: rowsRead, rowsPerSecond: rowsRead / Math.max(readSeconds, 0.001) });
      const dates = await decideDateOrder(w, kind, head.headers, staged.refs, mapping, opts.dateOrder);
      const numbers = await decideNumberFormat(w, numericRefs(kind, head.headers, staged.refs, mapping), opts.decimal);
      if (numbers.ambiguous) throw decimalQuestion(numbers);
      const t = transformSql({ kind, headers: head.headers, refs: staged.refs, mapping, dateOrder: dates.order, decimal: numbers.decimal, ...settings });
      await w.run(`DROP TABLE IF EXISTS ace_parsed`);
      await w.run(`CREATE TEMP TABLE ace_parsed AS ${t.sql}`, t.params, { onProgress: (pct) => progress({ phase: 'Checking', fraction: 0.5 + (0.2 * pct) / 100 }) });
      // The text stage is no longer needed: free its memory before the heavier steps (structural rejects stay for the commit).
      await w.run(`DROP VIEW IF EXISTS ace_stage`);
      const warnings = await warningsOf(w, t.warnings);
      if (dates.ambiguous) warnings.unshift(dates.note);
      const used = mappedHeaders(mapping);
      const customColumns = head.headers.filter((h) => !used.has(h));
      const fileHash = scan.sha256;
      const previous = await w.run<{ import_id: number; finished_at: string }>(
        `SELECT import_id, strftime(finished_at, '%Y-%m-%d %H:%M') AS finished_at FROM imports WHERE file_hash = ? AND kind = ? AND status = 'imported' ORDER BY import_id LIMIT 1`,
        [fileHash, kind],
      );
      const base = {
        kind,
        fileName,
        mapping,
        customColumns,
        dates: { order: dates.order, style: dates.style, ambiguous: dates.ambiguous, note: dates.note },
        numbers: { decimal: numbers.decimal, note: numbers.note },
        source: sourceInfo(head),
        skipped: { aboveHeader: head.above.lines, titles: head.above.titles, blank: head.headers.length === 1 ? Math.max(staged.blank, scan.blankLines) : staged.blank + scan.blankLines, summary: staged.summary },
        warnings,
      };
      if (previous[0]) {
        const seconds = (Date.now() - started) / 1000;
        return {
          ...base,
          importId: null,
          status: 'unchanged',
          message: `This file was already imported as ${KINDS[kind].label.toLowerCase()} (import #${previous[0].import_id}, ${previous[0].finished_at}). Nothing changed.`,
          rowsRead: 0,
          rowsImported: 0,
          rowsUpdated: 0,
          rowsRejected: 0,
          duplicatesSkipped: 0,
          rejects: [],
          seconds,
          rowsPerSecond: 0,
        } satisfies ImportReport;
      }
      progress({ phase: 'Saving', fraction: 0.7, rows: rowsRead });
      await w.run('BEGIN TRANSACTION');
      try {
        const [idRow] = await w.run<{ id: number }>(`SELECT coalesce(max(import_id), 0) + 1 AS id FROM imports`);
        const importId = Number(idRow!.id);
        await w.run(`INSERT INTO imports (import_id, kind, file_name, file_hash, started_at, status, mapping) VALUES (?, ?, ?, ?, to_timestamp(?)::TIMESTAMP, 'running', ?)`, [
          importId,
          kind,
          fileName,
          fileHash,
          started / 1000,
          JSON.stringify(mapping),
        ]);
        const counts = await commitParsed(w, kind, importId, staged.structuralCount > 0);
        if (unread > 0) counts.rejected += await rejectUnread(w, importId, unread, scan.longRecords);
        for (const table of ['ace_parsed', 'ace_ok']) await w.run(`DROP TABLE IF EXISTS ${table}`);
        if (counts.imported + counts.rejected + counts.duplicates !== rowsRead) {
          throw new AceError('INTERNAL', `Row counts do not add up (${rowsRead} read, ${counts.imported} imported, ${counts.rejected} rejected, ${counts.duplicates} duplicates); nothing was saved.`);
        }
        // Consent comes from contacts and opt-outs too: the people table is rebuilt when next needed.
        if (kind === 'contacts' || kind === 'optouts') await w.run(`DROP TABLE IF EXISTS segment_people`);
        if (FACT_KINDS.has(kind) && counts.imported + counts.updated > 0) {
          progress({ phase: 'Linking people and media buys', fraction: 0.85, rows: rowsRead });
          await updateFacts(w, kind, importId);
        }
        const rejects = await w.run<{ line: string; reason: string }>(`SELECT line, reason FROM rejects WHERE import_id = ? ORDER BY line LIMIT 20`, [importId]);
        const seconds = (Date.now() - started) / 1000;
        const report: ImportReport = {
          ...base,
          importId,
          status: 'imported',
          message: summary(counts, rowsRead, KINDS[kind].label),
          rowsRead,
          rowsImported: counts.imported,
          rowsUpdated: counts.updated,
          rowsRejected: counts.rejected,
          duplicatesSkipped: counts.duplicates,
          rejects: rejects.map((r) => ({ line: Number(r.line), reason: r.reason })),
          seconds,
          rowsPerSecond: Math.round(rowsRead / Math.max(seconds, 0.001)),
        };
        await w.run(
          `UPDATE imports SET finished_at = current_localtimestamp(), status = 'imported', rows_read = ?, rows_imported = ?, rows_rejected = ?, duplicates_skipped = ?, report = ? WHERE import_id = ?`,
          [rowsRead, counts.imported, counts.rejected, counts.duplicates, JSON.stringify(report), importId],
        );
        await w.run(`INSERT OR REPLACE INTO mappings (source_key, kind, mapping) VALUES (?, ?, ?)`, [sourceKey(kind, head.headers), kind, JSON.stringify(mapping)]);
        await w.run('COMMIT');
        progress({ phase: 'Done', fraction: 1, rows: rowsRead });
        return report;
      } catch (e) {
        await w.run('ROLLBACK').catch(() => undefined);
        throw e;
      }
    }, opts.signal);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    abort.abort();
    prepared.cleanup();
    await db
      .write(async (w) => {
        await dropStage(w);
        for (const t of ['ace_parsed', 'ace_ok', 'ace_rejects', 'ace_reject_scans']) await w.run(`DROP TABLE IF EXISTS ${t}`);
      })
      .catch(() => undefined);
  }
}

/**
 * Stages the prepared file while scanning it, and says when it must be read again from a normalised
 * copy: line ends that change within the file (DuckDB's reader stops or splits rows wrongly), or bytes
 * that are not UTF-8 in a file that began as UTF-8 (then it is Windows-1252).
 */
async function readStaged(
  w: Writer,
  prepared: Prepared,
  headers: string[],
  signal: AbortSignal,
  onProgress: (pct: number) => void,
): Promise<{ staged: StageResult; scan: FileScan; retry?: { encoding?: 'windows-1252' } }> {
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
  const canRetry = !prepared.normalised && csv;
  const layout = layoutOf(scanning);
  layout.catch(() => undefined);
  let staged: StageResult;
  try {
    staged = await stageFile(w, { path: prepared.readPath, dialect: d, columns: headers.length, headers, headerLine: prepared.head.headerLine, layout }, onProgress);
  } catch (e) {
    if (canRetry && /state machine|invalid state/i.test((e as Error).message)) return { staged: null as never, scan: await scanning, retry: {} };
    throw readError(e, prepared.head.fileName);
  }
  const scan = await scanning;
  if (canRetry && scan.crlf > 0 && scan.lf > 0) return { staged, scan, retry: {} };
  if (canRetry && d.encoding === 'utf-8' && staged.invalidUtf8 > 0) return { staged, scan, retry: { encoding: 'windows-1252' } };
  return { staged, scan };
}

/** The line layout needs the scan's lists, which come at the end of the scan (awaited once DuckDB has read the file). */
async function layoutOf(scanning: Promise<FileScan>) {
  const scan = await scanning;
  return { multiLine: scan.multiLine, blanks: scan.blanks };
}

/** A reader failure as one sentence that says what to do (never DuckDB's own text). */
function readError(e: unknown, fileName: string): Error {
  if (e instanceof AceError || (e as Error).name === 'AbortError') return e as Error;
  const first = ((e as Error).message ?? String(e)).split('\n')[0]!.replace(/^([A-Za-z ]*Error: )+/, '');
  return new AceError('BAD_INPUT', `${fileName} could not be read as a table (${first.slice(0, 200)}). Open it in a spreadsheet, save it as "CSV UTF-8", and import that.`);
}

/** Rejects for records the reader skipped silently: by line where the scan saw an over-long record, else without a line. */
async function rejectUnread(w: Writer, importId: number, unread: number, longRecords: number[]): Promise<number> {
  const known = await w.run<{ line: string }>(`SELECT DISTINCT line FROM rejects WHERE import_id = ?`, [importId]);
  const seen = new Set(known.map((k) => Number(k.line)));
  const lines: (number | null)[] = longRecords.filter((l) => !seen.has(l)).slice(0, unread);
  while (lines.length < unread) lines.push(null);
  for (const line of lines) {
    await w.run(`INSERT INTO rejects VALUES (?, ?, ?, NULL)`, [
      importId,
      line,
      line === null ? 'The CSV reader could not read this record (its position in the file is unknown).' : `The line is longer than ${MAX_LINE_BYTES / 1024 / 1024} MB and could not be read.`,
    ]);
  }
  return unread;
}

function summary(c: { imported: number; updated: number; rejected: number; duplicates: number }, read: number, label: string): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const parts = [`${n(c.imported)} of ${n(read)} rows imported as ${label.toLowerCase()}`];
  if (c.updated) parts.push(`${n(c.updated)} of them replaced rows with the same id`);
  if (c.rejected) parts.push(`${n(c.rejected)} rejected (see the rejects)`);
  if (c.duplicates) parts.push(`${n(c.duplicates)} duplicates skipped`);
  return parts.join('; ') + '.';
}
