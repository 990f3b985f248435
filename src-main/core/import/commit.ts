import type { DatasetKind } from '../../contract/types';
import type { Writer } from '../db/client';
import { dropTemp } from '../lib/drop';
import { structuralReasonSql } from './stage';
import { keySql, targetColumns } from './transform';

export interface CommitCounts {
  imported: number;
  updated: number;
  rejected: number;
  duplicates: number;
  /** Every row of ace_parsed without a reason went in as it is (nothing repeated): `newRowsView` can stand for them. */
  straight: boolean;
}

/** Kinds whose rows replace an existing row with the same id (the plan and the store list are revised). */
const UPSERT = new Set<DatasetKind>(['media_buys', 'stores']);

/**
 * Inside the import's transaction: store rejects (every one, with line and reason), skip duplicates
 * (within the file and against what is already there), insert or update the rest.
 */
export async function commitParsed(w: Writer, kind: DatasetKind, importId: number, hasStructural: boolean): Promise<CommitCounts> {
  const key = keySql(kind);
  const cols = targetColumns(kind);
  await w.run(`INSERT INTO rejects SELECT ?, ace_line, ace_reason, ace_raw FROM ace_parsed WHERE ace_reason IS NOT NULL`, [importId]);
  if (hasStructural) {
    await w.run(`INSERT INTO rejects SELECT ?, line, ${structuralReasonSql()}, json_object('text', csv_line) FROM ace_structural`, [
      importId,
    ]);
  }
  await w.run(`DROP TABLE IF EXISTS ace_ok`);
  const table = kind;
  const idCol = kind === 'entries' ? 'entry_id' : kind === 'redemptions' ? 'redemption_id' : null;
  const values = cols.map((c) => (c === idCol ? `${key} AS ${c}` : c));
  // Keys are counted by their 64-bit hashes (8 bytes each in the count's table instead of the key's text: 109 ->
  // 97 ms at 1M): as many distinct hashes as rows proves that no key repeats; fewer (a repeat, or two keys of one
  // hash) takes the exact path below, which ranks the rows by the key itself.
  const [c] = await w.run<{ ok: string; distinct_keys: string | null; rejected: string }>(
    `SELECT count(*) FILTER (WHERE ace_reason IS NULL) AS ok, ${key ? `count(DISTINCT hash(${key})) FILTER (WHERE ace_reason IS NULL)` : 'NULL'} AS distinct_keys,
            count(*) FILTER (WHERE ace_reason IS NOT NULL) AS rejected FROM ace_parsed`,
  );
  const ok = Number(c!.ok);
  const rejected =
    Number(c!.rejected) + (hasStructural ? Number((await w.run<{ n: string }>(`SELECT count(*) AS n FROM ace_structural`))[0]!.n) : 0);
  const inFileDups = key ? ok - Number(c!.distinct_keys) : 0;
  const [o] = key
    ? await w.run<{ n: string }>(
        `SELECT count(*) AS n FROM ace_parsed WHERE ace_reason IS NULL AND ${key} IN (SELECT ${key} FROM ${table})`,
      )
    : [{ n: '0' }];
  const overlap = Number(o!.n);
  if (inFileDups === 0 && overlap === 0) {
    // The usual case: nothing repeats, within the file or with what is there. Insert straight away, the rows as
    // DuckDB's threads finish them rather than in the file's order (each row keeps its line; nothing reads the table
    // in its stored order without an ORDER BY): a 1M-entry import's insert 1.95 -> 1.71 s. For this statement and
    // this connection only.
    await w.temporarily('unordered', () =>
      w.run(
        `INSERT INTO ${table} (${cols.join(', ')}, attrs, import_id, line) SELECT ${values.join(', ')}, attrs, ?, ace_line FROM ace_parsed WHERE ace_reason IS NULL`,
        [importId],
      ),
    );
    return { imported: ok, updated: 0, rejected, duplicates: 0, straight: true };
  }
  // Keep the first of each key in the file; for upsert kinds replace what is there, else skip it.
  await w.run(`CREATE TEMP TABLE ace_ok AS
    SELECT p.*, ${key} AS ace_key, row_number() OVER (PARTITION BY ${key} ORDER BY ace_line) AS ace_rank
    FROM ace_parsed p WHERE ace_reason IS NULL`);
  let updated = 0;
  if (UPSERT.has(kind)) {
    updated =
      overlap === 0
        ? 0
        : Number(
            (
              await w.run<{ n: string }>(
                `SELECT count(*) AS n FROM ${table} WHERE ${key} IN (SELECT ace_key FROM ace_ok WHERE ace_rank = 1)`,
              )
            )[0]!.n,
          );
    if (updated) await w.run(`DELETE FROM ${table} WHERE ${key} IN (SELECT ace_key FROM ace_ok WHERE ace_rank = 1)`);
  } else if (overlap) {
    // Already in the workspace: a duplicate, skipped and counted.
    await w.run(`UPDATE ace_ok SET ace_rank = 0 WHERE ace_rank = 1 AND ace_key IN (SELECT ${key} FROM ${table})`);
  }
  await w.run(
    `INSERT INTO ${table} (${cols.join(', ')}, attrs, import_id, line)
     SELECT ${values.join(', ')}, attrs, ?, ace_line FROM ace_ok WHERE ace_rank = 1 ORDER BY ace_line`,
    [importId],
  );
  const [n] = await w.run<{ imported: string }>(`SELECT count(*) FILTER (WHERE ace_rank = 1) AS imported FROM ace_ok`);
  const imported = Number(n!.imported);
  return { imported, updated, rejected, duplicates: ok - imported, straight: false };
}

/**
 * The rows an import just inserted straight (`straight` above), as a temp view of ace_parsed with the columns the
 * facts read, equal to what went into the table. The facts read them from here rather than from the table: rows
 * inserted in the open transaction are read by one thread, the temp table (made before the transaction) by all
 * (a 1M-entry import's entry facts 0.82 -> 0.56 s on 2 cores). Its name, or null for a kind the facts read not.
 */
export async function newRowsView(w: Writer, kind: DatasetKind, importId: number): Promise<string | null> {
  if (kind !== 'entries') return null;
  await w.run(`CREATE OR REPLACE TEMP VIEW ${NEW_ROWS} AS
    SELECT ${keySql(kind)} AS entry_id, email, phone, keyword, source, media_buy_id, coupon_code,
           ${Number(importId)}::INTEGER AS import_id, ace_line::BIGINT AS line
    FROM ace_parsed WHERE ace_reason IS NULL`);
  return NEW_ROWS;
}

const NEW_ROWS = 'ace_new_rows';
/** A direct parse's table (import-part.ts); ace_parsed is then a view of it that adds each row's line. */
export const PARSED_DIRECT = 'ace_parsed_d';

/** Drops the parse's tables and views (ace_parsed is either), with `also` (more tables) in the same statement list. */
export async function dropParsed(w: Writer, also: string[] = []): Promise<void> {
  await dropTemp(w, [NEW_ROWS, 'ace_parsed', PARSED_DIRECT, 'ace_ok', ...also]);
}
