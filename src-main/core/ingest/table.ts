import type { DbClient } from '../db/client';
import { readFileHead } from './prepare';
import type { EncodingChoice } from './sniff';
import { dropStage, stageFile } from './stage';

/**
 * A file as DuckDB reads it for an import: header -> text for each record, in file order, with the
 * record's line. What every import starts from; used to check the reader against csv-spectrum.
 */
export async function readTable(db: DbClient, path: string, encoding?: EncodingChoice): Promise<{ line: number; values: Record<string, string> }[]> {
  const head = await readFileHead(db, path, { encoding });
  return db.write(async (w) => {
    try {
      const staged = await stageFile(w, { path, dialect: head.dialect, columns: head.headers.length, headers: head.headers, headerLine: head.headerLine }, () => undefined);
      const rows = await w.run<Record<string, string | null>>(`SELECT * FROM ace_stage ORDER BY ace_line`);
      return rows.map((r) => ({
        line: Number(r.ace_line),
        values: Object.fromEntries(head.headers.map((h, i) => [h, r[staged.refs[i]!.replace(/^"|"$/g, '')] ?? ''])),
      }));
    } finally {
      await dropStage(w);
      await w.run(`DROP TABLE IF EXISTS ace_rejects`);
      await w.run(`DROP TABLE IF EXISTS ace_reject_scans`);
    }
  });
}
