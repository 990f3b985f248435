import type { DatasetKind, ImportColumnPreview, ImportPreview } from '../../contract/types';
import type { DbClient } from '../db/client';
import { decideDateOrder } from './dates';
import { savedMapping, workspaceSettings } from './importer';
import { KINDS } from './kinds';
import { useImportMacros } from './macros';
import { guessKind, mappedHeaders, mappingProblems, sourceOf, suggestMapping, type Mapping } from './mapping';
import { recognise } from './profiles';
import { AceError } from '../lib/errors';
import { decideNumberFormat, numericRefs, type DecimalMark } from './numbers';
import { readFileHead } from './prepare';
import { sourceInfo, type EncodingChoice } from './sniff';
import { dropStage } from './stage';
import { transformSql } from './transform';

/**
 * What the mapping step shows: the file's headers and first rows, the guessed kind, the mapping
 * (saved for this export, suggested, or the one given), and each column's sample as it will be read.
 */
export async function previewFile(
  db: DbClient,
  opts: { path: string; kind?: DatasetKind; mapping?: Mapping; encoding?: EncodingChoice; sheet?: string; decimal?: DecimalMark },
): Promise<ImportPreview> {
  const head = await readFileHead(db, opts.path, { encoding: opts.encoding, sheet: opts.sheet });
  const guess = guessKind(head.headers, head.fileName);
  // A known export: its main kind and mapping (an SMS log's entries; its opt-outs are said beside).
  const known = opts.mapping ? null : recognise(head.headers);
  if (known?.profile.refuse) throw new AceError('BAD_INPUT', known.profile.refuse);
  const main =
    known && (!opts.kind || known.parts.some((p) => p.kind === opts.kind))
      ? (known.parts.find((p) => p.kind === opts.kind) ?? known.parts[known.parts.length - 1]!)
      : null;
  const kind = opts.kind ?? main?.kind ?? guess.kind;
  const saved = opts.mapping ? null : await savedMapping(db, kind, head.headers);
  const mapping = opts.mapping ?? saved ?? main?.mapping ?? suggestMapping(kind, head.headers);
  const problems = mappingProblems(kind, head.headers, mapping);
  const settings = await workspaceSettings(db);
  const spec = KINDS[kind];
  const rows = head.sample.slice(0, 20);
  const refs = head.headers.map((_, i) => `c${i}`);
  let parsed: Record<string, string | null>[] = [];
  let numbers: ImportPreview['numbers'] = { decimal: opts.decimal ?? '.', note: 'No number columns.', ambiguous: false, examples: [] };
  if (rows.length && !problems.some((p) => p.includes('has no column'))) {
    parsed = await db.write(async (w) => {
      await useImportMacros(db, w);
      // Text, always: a column with no value in any sample row (every row shorter than the header) would else be
      // typed INTEGER from its NULLs, and the parsing macros (trim, regexp) refuse it.
      const values = rows.map((r, li) => `(${li + 2}, ${head.headers.map(() => '?::VARCHAR').join(', ')})`).join(', ');
      await dropStage(w);
      await w.run(
        `CREATE TEMP TABLE ace_stage AS SELECT * FROM (VALUES ${values}) v(ace_line, ${refs.join(', ')})`,
        rows.flatMap((r) => head.headers.map((_, i) => r[i] ?? null)),
      );
      try {
        const dates = await decideDateOrder(w, kind, head.headers, refs, mapping);
        numbers = await decideNumberFormat(w, numericRefs(kind, head.headers, refs, mapping), opts.decimal);
        const t = transformSql({
          kind,
          headers: head.headers,
          refs,
          mapping,
          dateOrder: dates.order,
          decimal: numbers.decimal,
          ...settings,
        });
        return await w.run<Record<string, string | null>>(`SELECT * FROM (${t.sql}) ORDER BY ace_line`, t.params);
      } finally {
        await dropStage(w);
      }
    });
  }
  const columns: ImportColumnPreview[] = spec.columns.map((col) => {
    const header = mapping[col.name] ?? null;
    const idx = header === null || !('header' in sourceOf(header, head.headers)) ? -1 : head.headers.indexOf(header);
    const values = parsed.map((p) => (p[col.name] === null || p[col.name] === undefined ? null : String(p[col.name])));
    const unreadable =
      idx < 0
        ? 0
        : parsed.filter((p, i) => (rows[i]?.[idx] ?? '').trim() !== '' && (p[col.name] === null || p[col.name] === undefined)).length;
    return { column: col.name, header, required: spec.required.includes(col.name), values: values.slice(0, 8), unreadable };
  });
  return {
    path: head.path,
    fileName: head.fileName,
    size: head.size,
    format: head.json ? 'json' : head.container === 'xlsx' ? 'xlsx' : head.dialect.format,
    delimiter: head.dialect.format === 'csv' ? head.dialect.delimiter : null,
    encoding: head.dialect.format === 'csv' ? head.dialect.encoding : null,
    source: sourceInfo(head),
    skipped: { aboveHeader: head.above.lines, titles: head.above.titles, blank: 0, summary: 0 },
    numbers,
    sheets: head.sheets ?? null,
    recognised: main
      ? `${known!.profile.label}${
          known!.parts.length > 1
            ? ` (also imports its ${known!.parts
                .filter((p) => p !== main)
                .map((p) => KINDS[p.kind].label.toLowerCase())
                .join(', ')})`
            : ''
        }`
      : null,
    headers: head.headers,
    sample: head.sample.slice(0, 20),
    kind,
    kindScores: guess.scores,
    mapping,
    mappingSource: opts.mapping ? 'given' : saved ? 'saved' : main ? 'recognised' : 'suggested',
    problems,
    columns,
    customColumns: head.headers.filter((h) => !mappedHeaders(mapping, head.headers).has(h)),
  };
}
