import { readFileSync } from 'node:fs';
import { DATASET_KINDS, type DatasetKind, type ImportReport } from '../../contract/types';
import type { Mapping } from '../../core/import/mapping';
import type { EncodingChoice } from '../../core/import/sniff';
import { printJson, str, UsageError, type CommandSpec } from '../args';
import { withWorkspace } from '../core';

function readMapping(path: string): Mapping {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read the mapping file ${path}: ${(e as Error).message}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data) || Object.values(data).some((v) => typeof v !== 'string')) {
    throw new UsageError(`the mapping file must be a JSON object of canonical column -> file header, e.g. {"email": "E-mail Address"}`);
  }
  return data as Mapping;
}

function formatReport(r: ImportReport): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [
    `${r.fileName} -> ${r.kind}: ${r.message}`,
    `  read ${n(r.rowsRead)} = imported ${n(r.rowsImported)} + rejected ${n(r.rowsRejected)} + duplicates ${n(r.duplicatesSkipped)}` +
      (r.status === 'imported' ? `   (${r.seconds.toFixed(1)} s, ${n(r.rowsPerSecond)} rows/s)` : ''),
    `  dates: ${r.dates.note}`,
    `  numbers: ${r.numbers.note}`,
    `  read as: ${sourceLine(r)}`,
  ];
  const sk = r.skipped;
  if (sk.aboveHeader)
    lines.push(
      `  ${n(sk.aboveHeader)} line${sk.aboveHeader === 1 ? '' : 's'} above the header skipped${sk.titles.length ? ` (${sk.titles.map((t) => `"${t}"`).join(', ')})` : ''}`,
    );
  if (sk.summary) lines.push(`  ${n(sk.summary)} summary row${sk.summary === 1 ? '' : 's'} ("Total ...") skipped`);
  if (sk.blank) lines.push(`  ${n(sk.blank)} blank line${sk.blank === 1 ? '' : 's'} skipped`);
  if (r.customColumns.length) lines.push(`  kept as custom attributes: ${r.customColumns.join(', ')}`);
  for (const w of r.warnings) lines.push(`  note: ${w}`);
  for (const j of r.rejects.slice(0, 10)) lines.push(`  line ${j.line}: ${j.reason}`);
  if (r.rowsRejected > 10) lines.push(`  ... all ${n(r.rowsRejected)} rejects are stored with the import (import #${r.importId}).`);
  return lines.join('\n');
}

function sourceLine(r: ImportReport): string {
  const s = r.source;
  const delim =
    s.delimiter === '\t'
      ? 'tab'
      : s.delimiter === ','
        ? 'comma'
        : s.delimiter === ';'
          ? 'semicolon'
          : s.delimiter === '|'
            ? 'pipe'
            : s.delimiter;
  const what =
    s.format === 'xlsx'
      ? `Excel workbook, sheet "${s.sheet}"`
      : s.format === 'parquet'
        ? 'Parquet'
        : s.format === 'json'
          ? `${s.gzip ? 'gzip-compressed ' : ''}${s.encodingNote}`
          : `${s.gzip ? 'gzip-compressed ' : ''}CSV, ${delim}-separated, ${s.encoding} (${s.encodingNote})`;
  return `${what}${r.recognised ? `; recognised as ${r.recognised}` : ''}; header on line ${s.headerLine}`;
}

export const importCommand: CommandSpec = {
  name: 'import',
  summary:
    'Import a CSV/TSV or Parquet export into a workspace: validated, duplicates skipped, every reject kept with its line and reason.',
  usage:
    'import FILE [--kind KIND] --workspace W [--mapping M.json] [--encoding E] [--decimal .|,] [--sheet NAME] [--date-order MDY|DMY] [--json]',
  options: {
    kind: { type: 'string' },
    workspace: { type: 'string' },
    mapping: { type: 'string' },
    encoding: { type: 'string' },
    decimal: { type: 'string' },
    sheet: { type: 'string' },
    'date-order': { type: 'string' },
  },
  help: [
    `  --kind KIND         ${DATASET_KINDS.join(', ')} (guessed from the headers when left out)`,
    '  --workspace W       the workspace file (created when new)',
    '  --mapping M.json    which file column holds each canonical column: {"email": "E-mail Address", ...}',
    '  --encoding E        utf-8, utf-16le, utf-16be or windows-1252 (detected when left out: byte order mark,',
    '                      valid UTF-8, else Windows-1252; latin-1 is read as windows-1252)',
    '  --decimal . | ,     the decimal mark, when every number in the file reads both ways (1,234 or 10.000)',
    '  --sheet NAME        the sheet of an Excel workbook (the first when left out)',
    '  --mapping values    a file header, "=text" for a constant (e.g. {"channel": "=email"}),',
    '                      or \'+["Date","Time"]\' for columns joined with a space',
    '  --date-order O      MDY or DMY for slashed dates (decided from the file when left out)',
    'Exit code: 0 when rows were imported (bad rows are rejected, not fatal) or the file was already imported;',
    '1 when nothing could be imported (no data, every row rejected, a required column missing).',
  ],
  async run(args) {
    const file = args.positionals[0];
    if (!file) throw new UsageError('name the file to import: ace import FILE --kind KIND --workspace W');
    if (args.positionals.length > 1) throw new UsageError('import one file at a time');
    const kind = str(args, 'kind') as DatasetKind | undefined;
    if (kind && !DATASET_KINDS.includes(kind)) throw new UsageError(`--kind must be one of ${DATASET_KINDS.join(', ')}`);
    const encoding = str(args, 'encoding')?.toLowerCase() as EncodingChoice | undefined;
    if (encoding && !['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'utf-16', 'latin-1'].includes(encoding)) {
      throw new UsageError('--encoding must be utf-8, utf-16le, utf-16be or windows-1252');
    }
    const decimal = str(args, 'decimal');
    if (decimal !== undefined && decimal !== '.' && decimal !== ',')
      throw new UsageError('--decimal must be . or , (the character before the cents)');
    const dateOrder = str(args, 'date-order')?.toUpperCase();
    if (dateOrder && dateOrder !== 'MDY' && dateOrder !== 'DMY') throw new UsageError('--date-order must be MDY or DMY');
    const mappingPath = str(args, 'mapping');
    const mapping = mappingPath ? readMapping(mappingPath) : undefined;
    const input = {
      path: file,
      kind,
      mapping,
      encoding,
      decimal: decimal as '.' | ',' | undefined,
      sheet: str(args, 'sheet'),
      dateOrder: dateOrder as 'MDY' | 'DMY' | undefined,
    };
    const report = await withWorkspace(
      str(args, 'workspace', true),
      (call) => call('import.run', { taskId: `cli-${process.pid}`, ...input }),
      { create: true },
    );
    if (args.values.json) printJson(report, args.io);
    else args.io.out(formatReport(report) + '\n');
    const nothing = report.status === 'imported' && (report.rowsRead === 0 || report.rowsRejected === report.rowsRead);
    if (nothing && !args.values.json) {
      args.io.err(
        `ace: nothing could be imported from ${report.fileName}${report.rowsRead === 0 ? ' (it has no data rows)' : ' (every row was rejected)'}\n`,
      );
    }
    return nothing ? 1 : 0;
  },
};
