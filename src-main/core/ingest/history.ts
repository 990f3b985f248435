import Papa from 'papaparse';
import type { DatasetKind, ImportHistoryItem } from '../../contract/types';
import type { DbClient } from '../db/client';
import { AceError } from '../errors';

export async function importHistory(db: DbClient): Promise<ImportHistoryItem[]> {
  const rows = await db.rows<Record<string, string | null>>(`
    SELECT import_id, kind, file_name, strftime(started_at, '%Y-%m-%d %H:%M') AS started_at, rows_read, rows_imported,
           rows_rejected, duplicates_skipped, status
    FROM imports ORDER BY import_id DESC`);
  return rows.map((r) => ({
    importId: Number(r.import_id),
    kind: r.kind as DatasetKind,
    fileName: r.file_name ?? '',
    startedAt: r.started_at ?? '',
    rowsRead: Number(r.rows_read ?? 0),
    rowsImported: Number(r.rows_imported ?? 0),
    rowsRejected: Number(r.rows_rejected ?? 0),
    duplicatesSkipped: Number(r.duplicates_skipped ?? 0),
    status: r.status ?? '',
  }));
}

export async function rejectsPage(db: DbClient, importId: number, offset: number, limit: number) {
  const [total] = await db.rows<{ n: string }>(`SELECT count(*) AS n FROM rejects WHERE import_id = ?`, [importId]);
  const rows = await db.rows<{ line: string; reason: string; raw: string | null }>(
    `SELECT line, reason, raw::VARCHAR AS raw FROM rejects WHERE import_id = ? ORDER BY line LIMIT ? OFFSET ?`,
    [importId, limit, offset],
  );
  return {
    total: Number(total!.n),
    rows: rows.map((r) => ({ line: Number(r.line), reason: r.reason, raw: r.raw ? (JSON.parse(r.raw) as Record<string, unknown>) : null })),
  };
}

/**
 * Every reject of an import as CSV: line, reason, then the original columns. Cells that a spreadsheet
 * would run as a formula (= + - @ tab CR) are neutralised.
 */
export async function rejectsCsv(db: DbClient, importId: number): Promise<{ fileName: string; csv: string }> {
  const imp = await db.one<{ file_name: string }>(`SELECT file_name FROM imports WHERE import_id = ?`, [importId]);
  if (!imp) throw new AceError('NOT_FOUND', `There is no import #${importId} in this workspace.`);
  const { rows } = await rejectsPage(db, importId, 0, 10_000_000);
  const columns: string[] = [];
  for (const r of rows) for (const k of Object.keys(r.raw ?? {})) if (!columns.includes(k)) columns.push(k);
  const data = rows.map((r) => [String(r.line), r.reason, ...columns.map((c) => (r.raw?.[c] === null || r.raw?.[c] === undefined ? '' : String(r.raw[c])))]);
  const csv = Papa.unparse({ fields: ['line', 'reason', ...columns], data }, { escapeFormulae: true, newline: '\r\n' });
  const base = imp.file_name.replace(/\.[^.]+$/, '');
  return { fileName: `${base}-rejects.csv`, csv };
}
