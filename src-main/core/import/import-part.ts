import type { DatasetKind, DateOrder, ImportReport } from '../../contract/types';
import type { Writer } from '../db/client';
import { AceError } from '../lib/errors';
import { importDerived } from '../derived/refresh';
import { commitParsed, dropParsed, newRowsView, PARSED_DIRECT } from './commit';
import type { DirectRead } from './direct';
import { KINDS } from './kinds';
import { mappedHeaders, sourceKey, type Mapping } from './mapping';
import type { DecimalMark } from './numbers';
import { dropStagedRows } from './stage';
import { transformSql } from './transform';
import { mergeSql } from '../lib/merge';

/** One kind's rows of a file (most files are one part; an SMS log is entries and opt-outs). */
export interface PartPlan {
  kind: DatasetKind;
  mapping: Mapping;
  /** The rows of this part (SQL over the staged columns); all rows when left out. */
  where?: string;
  /** This part also owns the records DuckDB could not read (the last part of a file). */
  ownsUnreadable: boolean;
}

export interface PartContext {
  fileName: string;
  fileHash: string;
  headers: string[];
  refs: string[];
  started: number;
  dateOrder: DateOrder;
  decimal: DecimalMark;
  timezone: string;
  currency: string;
  /** Structural rejects of the reader (in ace_structural) and records it skipped without a word. */
  structural: number;
  unread: number;
  /** A JSON file's records that are not objects (json.ts): a CSV of line, reason and raw text. */
  jsonRejects: { path: string; count: number } | null;
  longRecords: number[];
  /** The rows that are data (a known export's skip rules left out), or null for all. */
  keep: string | null;
  /** A plain file's parse reads the file itself (direct.ts), not staged rows. */
  direct: DirectRead | null;
  /** Report fields every part shares (dates, numbers, source, skipped...). */
  base: Omit<
    ImportReport,
    | 'kind'
    | 'mapping'
    | 'customColumns'
    | 'importId'
    | 'status'
    | 'message'
    | 'rowsRead'
    | 'rowsImported'
    | 'rowsUpdated'
    | 'rowsRejected'
    | 'duplicatesSkipped'
    | 'rejects'
    | 'seconds'
    | 'rowsPerSecond'
  >;
  onProgress: (phase: string, fraction: number, rows: number) => void;
}

/** Counts the flagged values of each warning (ace_w0, ace_w1, ... of ace_parsed) into sentences. */
async function warningsOf(w: Writer, texts: string[]): Promise<string[]> {
  if (!texts.length) return [];
  const [row] = await w.run<Record<string, string>>(
    `SELECT ${texts.map((_, i) => `count(*) FILTER (WHERE ace_w${i}) AS w${i}`).join(', ')} FROM ace_parsed`,
  );
  return texts
    .map((text, i) => [Number(row![`w${i}`]), text] as const)
    .filter(([n]) => n > 0)
    .map(([n, text]) => text.replace('{n}', n.toLocaleString('en-US')));
}

/**
 * Parses and saves one part inside the import's transaction (the caller began it): its own import
 * record, rejects, duplicates, facts and report. rowsRead = imported + rejected + duplicates, always.
 */
export async function importPart(w: Writer, part: PartPlan, ctx: PartContext): Promise<ImportReport> {
  const parsed = await parsePart(w, part, ctx);
  // A file of several parts is never read the direct way (importer.ts): its parse always gives its rows.
  if (!parsed) throw new AceError('INTERNAL', 'A part of a file was parsed the direct way; nothing was saved.');
  return savePart(w, part, ctx, parsed);
}

export interface ParsedPart {
  rowsRead: number;
  warnings: string[];
}

/**
 * Parses a part's rows into ace_parsed (best outside the transaction: DuckDB reads committed temp data faster).
 * Null when the direct parse's read of the file (ctx.direct) found a record it could not read: nothing is left, and
 * the file is read again the staged way.
 */
export async function parsePart(w: Writer, part: PartPlan, ctx: PartContext): Promise<ParsedPart | null> {
  const { kind, mapping } = part;
  await w.run(`DROP VIEW IF EXISTS ace_part`);
  const where = [ctx.keep, part.where].filter(Boolean).join(' AND ');
  // The direct parse reads every record of the file: a part with row conditions is never read so (importer.ts).
  if (ctx.direct && where) throw new AceError('INTERNAL', 'A part with row conditions was to be parsed the direct way; nothing was saved.');
  if (!ctx.direct) await w.run(`CREATE TEMP VIEW ace_part AS SELECT * FROM ace_stage${where ? ` WHERE ${where}` : ''}`);
  const t = transformSql(
    {
      kind,
      headers: ctx.headers,
      refs: ctx.refs,
      mapping,
      dateOrder: ctx.dateOrder,
      decimal: ctx.decimal,
      timezone: ctx.timezone,
      currency: ctx.currency,
    },
    ctx.direct ? ctx.direct.from : 'ace_part',
  );
  await dropParsed(w);
  if (ctx.direct) {
    // The decisions' columns are not needed any more; the file's path binds last (its reader is the innermost FROM).
    await dropStagedRows(w);
    await w.run(`CREATE TEMP TABLE ${PARSED_DIRECT} AS ${t.sql}`, [...t.params, ...ctx.direct.params]);
    const [r] = await w.run<{ n: string }>(`SELECT count(*) AS n FROM ace_rejects`);
    if (Number(r!.n) > 0) {
      await dropParsed(w);
      return null;
    }
    // The parse kept the file's order (DuckDB inserts a scan's rows in order): record k is on line k + the first line.
    await w.run(
      `CREATE TEMP VIEW ace_parsed AS SELECT * REPLACE (rowid + ${Math.floor(ctx.direct.firstLine)} AS ace_line) FROM ${PARSED_DIRECT}`,
    );
  } else {
    await w.run(`CREATE TEMP TABLE ace_parsed AS ${t.sql}`, t.params);
  }
  // The last part is parsed: the text rows are not needed any more, free their memory before saving.
  if (part.ownsUnreadable && !ctx.direct) await dropStagedRows(w);
  const [n] = await w.run<{ n: string }>(`SELECT count(*) AS n FROM ace_parsed`);
  const unreadable = part.ownsUnreadable ? ctx.structural + ctx.unread + (ctx.jsonRejects?.count ?? 0) : 0;
  const rowsRead = Number(n!.n) + unreadable;
  const warnings = [...ctx.base.warnings, ...(await warningsOf(w, t.warnings))];
  return { rowsRead, warnings };
}

/** Saves a parsed part inside the import's transaction: its import record, rejects, rows, facts and report. */
export async function savePart(w: Writer, part: PartPlan, ctx: PartContext, parsed: ParsedPart): Promise<ImportReport> {
  const { kind, mapping } = part;
  const { rowsRead, warnings } = parsed;
  const used = mappedHeaders(mapping, ctx.headers);
  const base = { ...ctx.base, kind, mapping, customColumns: ctx.headers.filter((h) => !used.has(h)), warnings };
  const [previous] = await w.run<{ import_id: number; finished_at: string }>(
    `SELECT import_id, strftime(finished_at, '%Y-%m-%d %H:%M') AS finished_at FROM imports WHERE file_hash = ? AND kind = ? AND status = 'imported' ORDER BY import_id LIMIT 1`,
    [ctx.fileHash, kind],
  );
  if (previous) {
    return {
      ...base,
      importId: null,
      status: 'unchanged',
      message: `This file was already imported as ${KINDS[kind].label.toLowerCase()} (import #${previous.import_id}, ${previous.finished_at}). Nothing changed.`,
      rowsRead: 0,
      rowsImported: 0,
      rowsUpdated: 0,
      rowsRejected: 0,
      duplicatesSkipped: 0,
      rejects: [],
      seconds: (Date.now() - ctx.started) / 1000,
      rowsPerSecond: 0,
    };
  }
  ctx.onProgress('Saving', 0.7, rowsRead);
  const [idRow] = await w.run<{ id: number }>(`SELECT coalesce(max(import_id), 0) + 1 AS id FROM imports`);
  const importId = Number(idRow!.id);
  await w.run(
    `INSERT INTO imports (import_id, kind, file_name, file_hash, started_at, status, mapping) VALUES (?, ?, ?, ?, to_timestamp(?)::TIMESTAMP, 'running', ?)`,
    [importId, kind, ctx.fileName, ctx.fileHash, ctx.started / 1000, JSON.stringify(mapping)],
  );
  const counts = await commitParsed(w, kind, importId, part.ownsUnreadable && ctx.structural > 0);
  if (part.ownsUnreadable && ctx.unread > 0) counts.rejected += await rejectUnread(w, importId, ctx.unread, ctx.longRecords);
  if (part.ownsUnreadable && ctx.jsonRejects?.count) counts.rejected += await rejectJson(w, importId, ctx.jsonRejects);
  // The parsed rows stay (and their memory with them) while the facts read the new rows from them, when they went in as they are.
  const newRows = counts.straight && counts.imported > 0 ? await newRowsView(w, kind, importId) : null;
  if (!newRows) await dropParsed(w);
  if (counts.imported + counts.rejected + counts.duplicates !== rowsRead) {
    throw new AceError(
      'INTERNAL',
      `Row counts do not add up (${rowsRead} read, ${counts.imported} imported, ${counts.rejected} rejected, ${counts.duplicates} duplicates); nothing was saved.`,
    );
  }
  if (counts.imported + counts.updated > 0) {
    ctx.onProgress('Linking people and media buys', 0.85, rowsRead);
    await importDerived(w, kind, importId, newRows);
  }
  if (newRows) await dropParsed(w);
  const rejects = await w.run<{ line: string; reason: string }>(
    `SELECT line, reason FROM rejects WHERE import_id = ? ORDER BY line LIMIT 20`,
    [importId],
  );
  const seconds = (Date.now() - ctx.started) / 1000;
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
  await w.run(mergeSql('mappings', ['source_key'], [{ source_key: '?', kind: '?', mapping: '?' }]), [
    sourceKey(kind, ctx.headers),
    kind,
    JSON.stringify(mapping),
  ]);
  return report;
}

/** Longest CSV line the reader accepts (DuckDB's max_line_size in stage.ts). */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;

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
      line === null
        ? 'The CSV reader could not read this record (its position in the file is unknown).'
        : `The line is longer than ${MAX_LINE_BYTES / 1024 / 1024} MB and could not be read.`,
    ]);
  }
  return unread;
}

/** A JSON file's records that are not objects, each with its line, reason and text. */
async function rejectJson(w: Writer, importId: number, rejects: { path: string; count: number }): Promise<number> {
  await w.run(
    `INSERT INTO rejects SELECT ?, line, reason, json_object('text', raw) FROM read_csv(?, header = true, auto_detect = false,
       columns = {'line': 'BIGINT', 'reason': 'VARCHAR', 'raw': 'VARCHAR'}, delim = ',', quote = '"', escape = '"', max_line_size = 8388608)`,
    [importId, rejects.path],
  );
  return rejects.count;
}

function summary(c: { imported: number; updated: number; rejected: number; duplicates: number }, read: number, label: string): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const parts = [`${n(c.imported)} of ${n(read)} rows imported as ${label.toLowerCase()}`];
  if (c.updated) parts.push(`${n(c.updated)} of them replaced rows with the same id`);
  if (c.rejected) parts.push(`${n(c.rejected)} rejected (see the rejects)`);
  if (c.duplicates) parts.push(`${n(c.duplicates)} duplicates skipped`);
  return parts.join('; ') + '.';
}
