import type { Writer } from '../db/client';
import type { CsvDialect } from './sniff';
import { dropAll } from '../lib/drop';
import { AceError } from '../lib/errors';
import { csvReaderSql, dropStage, summarySql, type StageLayout, type StageResult } from './stage';

/**
 * A plain CSV file too big for its text to sit in memory (importer.ts: over a quarter of DuckDB's limit) is parsed
 * straight from the file, without a table of its text first. DuckDB reads it
 * twice: once for the few columns the import's decisions look at (dates, numbers, the first values a summary
 * row would fill), with its own check of every record; once for the parse itself. The staged way (stage.ts)
 * copies every value of every record into a temp table of text and parses that: at 10M entries a table of
 * 2 GB under the workspace's 1.25 GB limit, spilled to disk and read back.
 *
 * Plain: every record one line (no line break inside quotes, no empty line), no record DuckDB cannot split or
 * decode, no blank or summary row; and a file of one kind with no rule of a known export to apply. Whatever
 * the reads find otherwise, the file is read again the staged way, from the start (`null` below, or the parse's
 * rejects: import-part.ts), so every row keeps its line and every record its reason.
 */
export interface DirectRead {
  /** The parse's source: every column as text, and a NULL ace_line (the parse's row order is the file's). */
  from: string;
  params: string[];
  /** The line of the first record (the one after the header). */
  firstLine: number;
}

/** The columns (c0, c1, ...) SQL refs name: a mapped column, or each column a joined mapping reads. */
export function refColumns(refs: string[]): number[] {
  const out = new Set<number>();
  for (const r of refs) for (const m of r.matchAll(/\bc(\d+)\b/g)) out.add(Number(m[1]));
  return [...out].sort((a, b) => a - b);
}

/**
 * Reads the columns `decide` names (the decisions' refs) into ace_stage, while the scan finishes; the staged
 * result and the parse's source when the file is plain, or null (nothing left behind) when it is not.
 */
export async function readDirect(
  w: Writer,
  file: {
    path: string;
    dialect: CsvDialect;
    columns: number;
    headerLine: number;
    layout: Promise<StageLayout>;
    decide: string[];
  },
  onProgress: (pct: number) => void,
): Promise<{ staged: StageResult; direct: DirectRead } | null> {
  await dropStage(w);
  const refs = Array.from({ length: file.columns }, (_, i) => `c${i}`);
  // The first three values: a summary row's "Total" is in one of them (summarySql).
  const cols = [...new Set([...refColumns(file.decide), 0, 1, 2])].filter((i) => i < file.columns).sort((a, b) => a - b);
  const reader = csvReaderSql(file);
  await dropAll(w, ['ace_rejects', 'ace_reject_scans']);
  try {
    await w.run(`CREATE TEMP TABLE ace_stage_raw AS SELECT ${cols.map((i) => `c${i}`).join(', ')} FROM ${reader}`, [file.path], {
      onProgress,
    });
  } catch (e) {
    // A cancel or a lack of memory is said as it is; a reader's failure is the staged read's to report (or to
    // retry from a normalised copy).
    if (e instanceof AceError || (e as Error).name === 'AbortError') throw e;
    await dropStage(w);
    return null;
  }
  const layout = await file.layout;
  const [r] = await w.run<{ n: string }>(`SELECT count(*) AS n FROM ace_rejects`);
  const plain = Number(r!.n) === 0 && layout.multiLine.length === 0 && layout.blanks.length === 0 && layout.textless === 0;
  // No blank rows (textless is 0); summary rows (their first three values: summarySql) only where the scan saw a
  // record that could start one.
  const summary = plain && layout.summaryCandidates !== 0 ? summarySql(refs) : 'false';
  const [c] = plain
    ? await w.run<{ total: string; summary: string }>(
        `SELECT count(*) AS total, count(*) FILTER (WHERE ${summary}) AS summary FROM ace_stage_raw`,
      )
    : [];
  if (!plain || Number(c!.summary) > 0) {
    await dropStage(w);
    return null;
  }
  await w.run(`CREATE TEMP VIEW ace_stage AS SELECT * FROM ace_stage_raw`);
  // The parse's read keeps its own rejects (a byte that is not UTF-8 in a column not read here is found there).
  await dropAll(w, ['ace_rejects', 'ace_reject_scans']);
  return {
    staged: { refs, accepted: Number(c!.total), structural: [], structuralCount: 0, blank: 0, summary: 0, invalidUtf8: 0 },
    direct: { from: `(SELECT *, NULL::BIGINT AS ace_line FROM ${reader})`, params: [file.path], firstLine: file.headerLine + 1 },
  };
}
