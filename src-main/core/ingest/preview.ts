import type { DatasetKind, ImportColumnPreview, ImportPreview } from '../../contract/types';
import type { DbClient } from '../db/client';
import { decideDateOrder } from './dates';
import { readFileHead, savedMapping, workspaceSettings } from './importer';
import { KINDS } from './kinds';
import { MACROS } from './macros';
import { guessKind, mappingProblems, suggestMapping, type Mapping } from './mapping';
import type { Encoding } from './sniff';
import { dropStage } from './stage';
import { transformSql } from './transform';

/**
 * What the mapping step shows: the file's headers and first rows, the guessed kind, the mapping
 * (saved for this export, suggested, or the one given), and each column's sample as it will be read.
 */
export async function previewFile(db: DbClient, opts: { path: string; kind?: DatasetKind; mapping?: Mapping; encoding?: Encoding }): Promise<ImportPreview> {
  const head = await readFileHead(db, opts.path, opts.encoding);
  const guess = guessKind(head.headers, head.fileName);
  const kind = opts.kind ?? guess.kind;
  const saved = opts.mapping ? null : await savedMapping(db, kind, head.headers);
  const mapping = opts.mapping ?? saved ?? suggestMapping(kind, head.headers);
  const problems = mappingProblems(kind, head.headers, mapping);
  const settings = await workspaceSettings(db);
  const spec = KINDS[kind];
  const rows = head.sample.slice(0, 20);
  const refs = head.headers.map((_, i) => `c${i}`);
  let parsed: Record<string, string | null>[] = [];
  if (rows.length && !problems.some((p) => p.includes('has no column'))) {
    parsed = await db.write(async (w) => {
      for (const m of MACROS) await w.run(m);
      const values = rows.map((r, li) => `(${li + 2}, ${head.headers.map(() => '?').join(', ')})`).join(', ');
      await dropStage(w);
      await w.run(
        `CREATE TEMP TABLE ace_stage AS SELECT * FROM (VALUES ${values}) v(ace_line, ${refs.join(', ')})`,
        rows.flatMap((r) => head.headers.map((_, i) => r[i] ?? null)),
      );
      try {
        const dates = await decideDateOrder(w, kind, head.headers, refs, mapping);
        const t = transformSql({ kind, headers: head.headers, refs, mapping, dateOrder: dates.order, ...settings });
        return await w.run<Record<string, string | null>>(`SELECT * FROM (${t.sql}) ORDER BY ace_line`, t.params);
      } finally {
        await dropStage(w);
      }
    });
  }
  const columns: ImportColumnPreview[] = spec.columns.map((col) => {
    const header = mapping[col.name] ?? null;
    const idx = header === null ? -1 : head.headers.indexOf(header);
    const values = parsed.map((p) => (p[col.name] === null || p[col.name] === undefined ? null : String(p[col.name])));
    const unreadable = idx < 0 ? 0 : parsed.filter((p, i) => (rows[i]?.[idx] ?? '').trim() !== '' && (p[col.name] === null || p[col.name] === undefined)).length;
    return { column: col.name, header, required: spec.required.includes(col.name), values: values.slice(0, 8), unreadable };
  });
  return {
    path: head.path,
    fileName: head.fileName,
    size: head.size,
    format: head.dialect.format,
    delimiter: head.dialect.format === 'csv' ? head.dialect.delimiter : null,
    encoding: head.dialect.format === 'csv' ? head.dialect.encoding : null,
    headers: head.headers,
    sample: head.sample.slice(0, 20),
    kind,
    kindScores: guess.scores,
    mapping,
    mappingSource: opts.mapping ? 'given' : saved ? 'saved' : 'suggested',
    problems,
    columns,
    customColumns: head.headers.filter((h) => !Object.values(mapping).includes(h)),
  };
}
