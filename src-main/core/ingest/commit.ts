import type { DatasetKind } from '../../contract/types';
import type { Writer } from '../db/client';
import { structuralReasonSql } from './stage';
import { keySql, targetColumns } from './transform';

export interface CommitCounts {
  imported: number;
  updated: number;
  rejected: number;
  duplicates: number;
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
    await w.run(
      `INSERT INTO rejects SELECT ?, line::BIGINT, ${structuralReasonSql()}, json_object('text', csv_line)
       FROM (SELECT line, any_value(error_type) AS error_type, any_value(error_message) AS error_message, any_value(csv_line) AS csv_line FROM ace_rejects GROUP BY line)`,
      [importId],
    );
  }
  await w.run(`DROP TABLE IF EXISTS ace_ok`);
  await w.run(`CREATE TEMP TABLE ace_ok AS
    SELECT p.*, ${key ?? 'NULL'} AS ace_key,
           ${key ? `row_number() OVER (PARTITION BY ${key} ORDER BY ace_line)` : '1'} AS ace_rank
    FROM ace_parsed p WHERE ace_reason IS NULL`);
  const table = kind;
  let updated = 0;
  if (key && UPSERT.has(kind)) {
    const [u] = await w.run<{ n: string }>(`SELECT count(*) AS n FROM ${table} t WHERE ${key} IN (SELECT ace_key FROM ace_ok WHERE ace_rank = 1)`);
    updated = Number(u!.n);
    await w.run(`DELETE FROM ${table} WHERE ${key} IN (SELECT ace_key FROM ace_ok WHERE ace_rank = 1)`);
  } else if (key) {
    // Already in the workspace: a duplicate, skipped and counted.
    await w.run(`UPDATE ace_ok SET ace_rank = 0 WHERE ace_rank = 1 AND ace_key IN (SELECT ${key} FROM ${table})`);
  }
  const idCol = kind === 'entries' ? 'entry_id' : kind === 'redemptions' ? 'redemption_id' : null;
  const values = cols.map((c) => (c === idCol ? 'ace_key' : c));
  await w.run(
    `INSERT INTO ${table} (${cols.join(', ')}, attrs, import_id, line)
     SELECT ${values.join(', ')}, attrs, ?, ace_line FROM ace_ok WHERE ace_rank = 1 ORDER BY ace_line`,
    [importId],
  );
  const [c] = await w.run<Record<string, string>>(`SELECT
      count(*) FILTER (WHERE ace_rank = 1) AS imported,
      count(*) FILTER (WHERE ace_rank <> 1) AS duplicates,
      (SELECT count(*) FROM ace_parsed WHERE ace_reason IS NOT NULL) AS rejected
    FROM ace_ok`);
  const [s] = hasStructural ? await w.run<{ n: string }>(`SELECT count(DISTINCT line) AS n FROM ace_rejects`) : [{ n: '0' }];
  return { imported: Number(c!.imported), updated, rejected: Number(c!.rejected) + Number(s!.n), duplicates: Number(c!.duplicates) };
}
