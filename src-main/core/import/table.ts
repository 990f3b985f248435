import type { DbClient } from '../db/client';
import { readStaged, startScan } from './read';
import { useImportMacros } from './macros';
import { prepareSource, type SourceOptions } from './prepare';
import type { SniffResult } from './sniff';
import { dropStage } from './stage';
import { dropAll } from '../lib/drop';

export interface ReadTable {
  head: SniffResult;
  /** header -> text for each row, in file order, with the row's line in the file. */
  rows: { line: number; values: Record<string, string> }[];
  /** Rows read (as an import counts them: staged + unreadable records), and what was left out. */
  rowsRead: number;
  structural: number;
  blank: number;
  summary: number;
}

/**
 * A file exactly as an import reads it (normalised copy, header found, scan, staging, the same retry),
 * before any column is parsed: what every import starts from. Used to check the reader against
 * csv-spectrum, DuckDB's CSV corpus and polluted files.
 */
export async function readTable(db: DbClient, path: string, opts: SourceOptions = {}): Promise<ReadTable> {
  let prepared = await prepareSource(db, path, opts);
  try {
    return await db.write(async (w) => {
      try {
        await useImportMacros(db, w);
        const head = prepared.head;
        const signal = new AbortController().signal;
        let read = await readStaged(w, prepared, head.headers, [], startScan(prepared, signal), () => undefined);
        if (read.retry) {
          prepared.cleanup();
          prepared = await prepareSource(db, path, { ...opts, force: read.retry });
          read = await readStaged(w, prepared, head.headers, [], startScan(prepared, signal), () => undefined);
        }
        const { staged, scan } = read;
        const unread = scan.records !== null ? Math.max(0, scan.records - staged.accepted - staged.summary - staged.structuralCount) : 0;
        // A JSON file's records that are not objects: unreadable records, not the blank lines that stand for them.
        const json = prepared.jsonRejects?.count ?? 0;
        const rows = await w.run<Record<string, string | null>>(`SELECT * FROM ace_stage ORDER BY ace_line`);
        return {
          head: prepared.head,
          rows: rows.map((r) => ({
            line: Number(r.ace_line),
            values: Object.fromEntries(head.headers.map((h, i) => [h, r[staged.refs[i]!.replace(/^"|"$/g, '')] ?? ''])),
          })),
          rowsRead: staged.accepted + staged.structuralCount + unread + json,
          structural: staged.structuralCount + unread + json,
          blank: staged.blank + (head.headers.length === 1 ? 0 : scan.blankLines) - json,
          summary: staged.summary,
        };
      } finally {
        await dropStage(w);
        await dropAll(w, ['ace_rejects', 'ace_reject_scans']);
      }
    });
  } finally {
    prepared.cleanup();
  }
}
