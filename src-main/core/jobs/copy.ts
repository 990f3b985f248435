import { statSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import type { SqlParams } from '../db/protocol';
import type { DbClient } from '../db/client';
import { copyDelimitedSql, delimitedText } from '../export/tabular';

export interface CopyProgress {
  signal?: AbortSignal;
  /** Rows written so far (estimated from the file's size while DuckDB writes), of `total`. */
  onProgress?: (rows: number, total: number) => void;
}

/**
 * A delimited export written by DuckDB itself (COPY on a reader connection): the rows stream from the
 * query to the file inside the database worker, so memory stays flat at 10M rows and nothing crosses
 * into JavaScript. DuckDB reports no progress for reads, so progress is the file's size over the
 * average row size of a small sample (an estimate, kept under the total until COPY says how many rows
 * it wrote). Cancel interrupts the query; the caller deletes the partial file.
 *
 * `select` must produce neutralised text (see `neutraliseSql`) and `order` its ORDER BY clause; the
 * sample query runs without the order so it stops after a few rows.
 */
export async function copyToFile(
  db: DbClient,
  opts: {
    select: string;
    order: string;
    params: SqlParams;
    file: string;
    format: 'csv' | 'tsv';
    total: number;
    header?: boolean;
  } & CopyProgress,
): Promise<number> {
  const { select, order, params, file, format, total, signal, onProgress, header = true } = opts;
  let rowBytes = 0;
  if (onProgress && total > 0) {
    const sample = await db.rows<Record<string, unknown>>(`${select} LIMIT 500`, params);
    if (sample.length)
      rowBytes =
        Buffer.byteLength(
          delimitedText(
            [],
            sample.map((r) => Object.values(r)),
            format,
          ),
        ) / sample.length;
  }
  onProgress?.(0, total);
  const timer = onProgress
    ? setInterval(() => {
        try {
          if (rowBytes > 0) onProgress(Math.min(Math.floor(statSync(file).size / rowBytes), Math.floor(total * 0.99)), total);
        } catch {
          // Not created yet.
        }
      }, 200)
    : null;
  try {
    const bytes = await db.arrow(copyDelimitedSql(`${select} ${order}`, file, format, header), params, signal);
    const written = Number(tableFromIPC(bytes).getChildAt(0)?.get(0) ?? 0);
    onProgress?.(written, Math.max(total, written));
    return written;
  } finally {
    if (timer) clearInterval(timer);
  }
}
