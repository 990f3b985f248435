import type { DatasetKind, ImportHistoryItem } from '../../contract/types';
import type { DbClient } from '../db/client';
import { AceError } from '../lib/errors';
import { neutralise, neutraliseSql } from '../export/tabular';
import { copyToFile, type CopyProgress } from '../jobs/copy';
import { Params } from '../lib/params';

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

/** The import's rejects file name: `<file>-rejects.csv`. */
export async function rejectsFileName(db: DbClient, importId: number): Promise<string> {
  const imp = await db.one<{ file_name: string }>(`SELECT file_name FROM imports WHERE import_id = ?`, [importId]);
  if (!imp) throw new AceError('NOT_FOUND', `There is no import #${importId} in this workspace.`);
  return `${imp.file_name.replace(/\.[^.]+$/, '')}-rejects.csv`;
}

/**
 * Every reject of an import to a CSV file: line, reason, then the original columns (in the order they
 * first appear). DuckDB writes it, so a million rejects take no memory; cells that a spreadsheet would
 * run as a formula (= + - @ tab CR) are neutralised (export/tabular).
 */
export async function writeRejects(db: DbClient, importId: number, file: string, opts: CopyProgress = {}): Promise<number> {
  await rejectsFileName(db, importId);
  const keys = await db.rows<{ k: string }>(
    `SELECT k FROM (SELECT unnest(json_keys(raw)) AS k, line * 100000 + generate_subscripts(json_keys(raw), 1) AS o FROM rejects WHERE import_id = ? AND raw IS NOT NULL)
     GROUP BY k ORDER BY min(o), k`,
    [importId],
  );
  const p = new Params();
  const id = p.add(importId);
  const cols = keys.map(
    ({ k }, i) => `${neutraliseSql(`json_extract_string(raw, ${p.add(`$."${k.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)})`)} AS c${i}`,
  );
  const [n] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM rejects WHERE import_id = ?`, [importId]);
  // The original column names come from the file: any text, repeated names included. They go in as
  // the first row (bound values, neutralised), not as SQL names, so COPY writes no header of its own.
  const header = ['line', 'reason', ...keys.map((k) => k.k)].map((h) => p.add(neutralise(h)));
  const names = ['c_line', 'c_reason', ...keys.map((_, i) => `c${i}`)];
  const select = `SELECT ${names.join(', ')} FROM (
      SELECT 0 AS o, 0 AS l, ${header.map((h, i) => `${h}::VARCHAR AS ${names[i]}`).join(', ')}
      UNION ALL
      SELECT 1, line, line::VARCHAR, ${neutraliseSql('reason')}${cols.length ? `, ${cols.join(', ')}` : ''} FROM rejects WHERE import_id = ${id})`;
  const rows = await copyToFile(db, {
    select,
    order: 'ORDER BY o, l',
    params: p.values,
    file,
    format: 'csv',
    total: Number(n!.n) + 1,
    header: false,
    ...opts,
  });
  // The header went out as a row.
  return rows - 1;
}
