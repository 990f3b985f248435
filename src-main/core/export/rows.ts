import { once } from 'node:events';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { PERSONAL_COLUMNS, type PersonalColumn } from '../../contract/exportLog';
import type { PivotFilter } from '../../contract/pivot';
import type { DbClient } from '../db/client';
import { AceError } from '../lib/errors';
import { Params } from '../lib/params';
import { relationSql } from '../pivot/fields';
import { filtersSql } from '../pivot/query';
import { ensureEntryValidity, ensurePivotReady } from '../pivot/ready';
import { copyDelimitedSql, neutraliseSql } from './tabular';

/**
 * Explore's raw rows: every entry behind the filters, with the columns the drill shows (pivot/run.ts
 * ROW_COLUMNS, same names and order) and then its validity, names, email and phone only when chosen. Text is
 * neutralised in SQL; numbers and booleans are written as they are.
 */
const T = (sql: string, name: string) => `${neutraliseSql(sql)} AS ${name}`;
const RAW_COLUMNS = [
  T('e.entry_id', 'entry_id'),
  T(`strftime(e.entered_at, '%Y-%m-%d %H:%M:%S')`, 'entered_at'),
  T('e.channel', 'channel'),
  T('e.keyword', 'keyword'),
  T('p.media_buy_id', 'media_buy_id'),
  T('mb.name', 'media_buy'),
  `'P' || lpad(to_hex(p.entrant), 16, '0') AS entrant_id`,
  T('e.email', 'email'),
  T('e.phone', 'phone'),
  T('e.first_name', 'first_name'),
  T('e.last_name', 'last_name'),
  T('e.zip', 'zip'),
  'e.age AS age',
  T('e.product_affinity', 'product_affinity'),
  T('e.purchase_timeframe', 'purchase_timeframe'),
  'e.email_opt_in AS email_opt_in',
  'e.sms_opt_in AS sms_opt_in',
  T('e.coupon_code', 'coupon_code'),
  'coalesce(p.rr_n, 0) AS redemptions',
  'coalesce(p.rr_revenue, 0)::DOUBLE AS revenue',
  // Under the latest official rules (docs/rules.md): nothing is deleted, an invalid entry says why.
  `len(v.reasons) = 0 AS valid`,
  `array_to_string(v.reasons, ' ') AS invalid_reasons`,
];
const PERSONAL_AS = PERSONAL_COLUMNS.map((c) => ` AS ${c}`);
/** The columns of a raw-rows file: personal ones only when chosen. */
export function rawColumns(personal: readonly PersonalColumn[]): string {
  return RAW_COLUMNS.filter((c) => {
    const i = PERSONAL_AS.findIndex((as) => c.endsWith(as));
    return i < 0 || personal.includes(PERSONAL_COLUMNS[i]!);
  }).join(', ');
}

export async function rawRowsCount(db: DbClient, filters: PivotFilter[]): Promise<number> {
  await ensurePivotReady(db, filters);
  const p = new Params();
  const f = filtersSql(filters, p);
  const [r] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM ${relationSql()} WHERE ${f.where}`, p.values);
  return Number(r!.n);
}

/** Entries per COPY: what DuckDB holds at once (join and sort) whatever the size of the export. */
export const RAW_CHUNK = 250_000;

/**
 * Writes the raw rows to `file`, in the order they were imported (file, then line), and returns how
 * many. The entries are cut into ranges of lines of one import (a range read touches only the row groups
 * holding those lines: entries are stored in about that order, an import's rows written by DuckDB's threads as
 * they finish, so a row group holds one or two stretches of an import's lines); DuckDB writes each range with
 * COPY and the parts are appended to the file. So memory holds one range at a time (flat at 10M rows), nothing
 * crosses into JavaScript, progress is exact (ranges done), and cancel stops between or inside ranges.
 */
export async function writeRawRows(
  db: DbClient,
  filters: PivotFilter[],
  file: string,
  format: 'csv' | 'tsv',
  opts: {
    personal?: readonly PersonalColumn[];
    signal?: AbortSignal;
    onProgress?: (rows: number, total: number) => void;
    chunk?: number;
  } = {},
): Promise<number> {
  const chunk = opts.chunk ?? RAW_CHUNK;
  const columns = rawColumns(opts.personal ?? []);
  const total = await rawRowsCount(db, filters);
  await ensureEntryValidity(db);
  const imports = await db.rows<{ import_id: unknown; lo: unknown; hi: unknown }>(
    `SELECT import_id, min(line) AS lo, max(line) AS hi FROM entries GROUP BY import_id ORDER BY import_id`,
  );
  const ranges: [number, number, number][] = [];
  for (const r of imports)
    for (let lo = Number(r.lo); lo <= Number(r.hi); lo += chunk)
      ranges.push([Number(r.import_id), lo, Math.min(Number(r.hi), lo + chunk - 1)]);
  const out = createWriteStream(file, { mode: 0o600 });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  const part = `${file}.range`;
  let rows = 0;
  try {
    opts.onProgress?.(0, total);
    for (const [i, [importId, lo, hi]] of (ranges.length ? ranges : [[0, 1, 0] as [number, number, number]]).entries()) {
      if (opts.signal?.aborted) throw new AceError('CANCELLED', 'Cancelled.');
      const p = new Params();
      const f = filtersSql(filters, p);
      const select = `SELECT ${columns} FROM entries e JOIN ${relationSql()} ON p.entry_key = ace_row_key(e.import_id, e.line)
        LEFT JOIN media_buys mb ON mb.media_buy_id = p.media_buy_id LEFT JOIN entry_validity v ON v.entry_key = p.entry_key
        WHERE e.import_id = ${p.add(importId)} AND e.line BETWEEN ${p.add(lo)} AND ${p.add(hi)} AND (${f.where})`;
      const bytes = await db.arrow(copyDelimitedSql(`${select} ORDER BY e.line`, part, format, i === 0), p.values, opts.signal);
      rows += Number(tableFromIPC(bytes).getChildAt(0)?.get(0) ?? 0);
      // Appended by hand: pipeline() would leave its listeners on the file's stream once per range.
      for await (const piece of createReadStream(part)) if (!out.write(piece)) await Promise.race([once(out, 'drain'), failed]);
      opts.onProgress?.(rows, Math.max(total, rows));
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
  } finally {
    if (!out.closed) out.destroy();
    rmSync(part, { force: true });
  }
  return rows;
}
