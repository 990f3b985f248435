import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SegmentRule } from '../../contract/segments';
import type { DbClient } from '../db/client';
import { AceError } from '../lib/errors';
import { neutraliseSql, writeXlsx, XLSX_MAX_ROWS, type XlsxColumn } from '../export/tabular';
import { copyToFile } from '../jobs/copy';
import { Params } from '../lib/params';
import { where } from './run';

type Kind = 'text' | 'number' | 'boolean';
// As in run.ts (not imported: run.ts re-exports this module, and a constant read at load time would
// meet the import cycle before it is set).
const ENTRANT_ID = `'P' || lpad(to_hex(pp.entrant), 16, '0')`;
const COLUMNS: Record<string, { sql: string; kind: Kind }> = {
  entrant_id: { sql: ENTRANT_ID, kind: 'text' },
  first_name: { sql: 'pp.first_name', kind: 'text' },
  last_name: { sql: 'pp.last_name', kind: 'text' },
  email: { sql: 'pp.email', kind: 'text' },
  phone: { sql: 'pp.phone', kind: 'text' },
  zip: { sql: 'pp.zip', kind: 'text' },
  state: { sql: 'pp.state', kind: 'text' },
  age: { sql: 'pp.age', kind: 'number' },
  entries: { sql: 'pp.entries', kind: 'number' },
  first_entry: { sql: `strftime(pp.first_entry, '%Y-%m-%d %H:%M:%S')`, kind: 'text' },
  last_entry: { sql: `strftime(pp.last_entry, '%Y-%m-%d %H:%M:%S')`, kind: 'text' },
  redemptions: { sql: 'pp.redemptions', kind: 'number' },
  // Exact decimal text (money to the cent), written as a number.
  redemption_amount: { sql: 'pp.redemption_amount::VARCHAR', kind: 'number' },
  reachable_email: { sql: 'pp.reachable_email', kind: 'boolean' },
  reachable_sms: { sql: 'pp.reachable_sms', kind: 'boolean' },
};

export interface SegmentExportOptions {
  signal?: AbortSignal;
  onProgress?: (rows: number, total: number) => void;
}

/**
 * The members of a rule, the chosen columns (personal data only when chosen), to a file: CSV written by
 * DuckDB (text neutralised in SQL), XLSX from batches of people in entrant order. The one export path
 * of segments: the app's job, the CLI and the tests all end here.
 */
export async function writeSegmentExport(
  db: DbClient,
  rule: SegmentRule,
  columns: string[],
  format: 'csv' | 'xlsx',
  file: string,
  opts: SegmentExportOptions = {},
): Promise<{ rows: number }> {
  const unknown = columns.find((c) => !COLUMNS[c]);
  if (unknown) throw new AceError('BAD_INPUT', `Segments cannot export a column called ${unknown}.`);
  const p = new Params();
  const w = await where(db, rule, p);
  const [n] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM segment_people pp WHERE ${w}`, p.values);
  const total = Number(n!.n);
  if (format === 'csv') {
    const select = columns
      .map((c) => `${COLUMNS[c]!.kind === 'text' ? neutraliseSql(COLUMNS[c]!.sql) : COLUMNS[c]!.sql} AS "${c}"`)
      .join(', ');
    const rows = await copyToFile(db, {
      select: `SELECT ${select} FROM segment_people pp WHERE ${w}`,
      order: 'ORDER BY pp.entrant',
      params: p.values,
      file,
      format: 'csv',
      total,
      ...opts,
    });
    return { rows };
  }
  if (total + 1 > XLSX_MAX_ROWS)
    throw new AceError(
      'BAD_INPUT',
      `This segment has ${total.toLocaleString('en-US')} people; a workbook sheet holds ${(XLSX_MAX_ROWS - 1).toLocaleString('en-US')}. Export CSV instead.`,
    );
  const xcols: XlsxColumn[] = columns.map((c) => ({ name: c, type: COLUMNS[c]!.kind }));
  const select = columns.map((c) => `${COLUMNS[c]!.sql} AS "${c}"`).join(', ');
  const written = await writeXlsx(file, xcols, pages(db, select, w, p, opts.signal), ({ rows }) => opts.onProgress?.(rows, total));
  return { rows: written.rows };
}

const PAGE = 50_000;

/** People in entrant order, a page at a time (keyset: each page starts after the last entrant seen). */
async function* pages(db: DbClient, select: string, w: string, p: Params, signal?: AbortSignal): AsyncIterable<unknown[][]> {
  let after: string | null = null;
  for (;;) {
    if (signal?.aborted) throw new AceError('CANCELLED', 'Cancelled.');
    const q = new Params();
    q.values.push(...p.values);
    const from = after === null ? '' : `AND pp.entrant > ${q.add(after)}::UBIGINT`;
    const rows: Record<string, unknown>[] = await db.rows(
      `SELECT pp.entrant::VARCHAR AS __k, ${select} FROM segment_people pp WHERE (${w}) ${from} ORDER BY pp.entrant LIMIT ${PAGE}`,
      q.values,
    );
    if (rows.length) yield rows.map((r) => Object.values(r).slice(1));
    if (rows.length < PAGE) return;
    after = String(rows[rows.length - 1]!.__k);
  }
}

/** A CSV or XLSX export in a private temp folder, read back whole: for the CLI and tests that want bytes. */
async function inMemory(
  db: DbClient,
  rule: SegmentRule,
  columns: string[],
  format: 'csv' | 'xlsx',
): Promise<{ bytes: Buffer; rows: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'ace-export-'));
  try {
    const file = join(dir, `members.${format}`);
    const { rows } = await writeSegmentExport(db, rule, columns, format, file);
    return { bytes: readFileSync(file), rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Members as CSV text (the same bytes as the export job writes). */
export async function exportSegmentCsv(db: DbClient, rule: SegmentRule, columns: string[]): Promise<{ csv: string; rows: number }> {
  const { bytes, rows } = await inMemory(db, rule, columns, 'csv');
  return { csv: bytes.toString('utf8'), rows };
}

/** Members as an XLSX workbook (the same file as the export job writes). */
export async function exportSegmentXlsx(db: DbClient, rule: SegmentRule, columns: string[]): Promise<{ bytes: Uint8Array; rows: number }> {
  const { bytes, rows } = await inMemory(db, rule, columns, 'xlsx');
  return { bytes: new Uint8Array(bytes), rows };
}
