import { statSync } from 'node:fs';
import type { DatasetKind, DateOrder, ImportReport } from '../../contract/types';
import type { DbClient, Writer } from '../db/client';
import { AceError } from '../lib/errors';
import { decideDateOrder, mappedDateRefs } from './dates';
import { importPart, parsePart, savePart, type PartContext, type PartPlan } from './import-part';
import { dropParsed } from './commit';
import type { FileScan } from './scan';
import { readPlain, readStaged, startScan } from './read';
import { useImportMacros } from './macros';
import { checkMapping, guessKind, mappedRef, sourceKey, suggestMapping, type Mapping } from './mapping';
import { NOT_OUTCOMES, notOutcomeSql } from './events';
import { recognise, type Recognised } from './profiles';
import { decideNumberFormat, decimalQuestion, numericRefs, type DecimalMark } from './numbers';
import { prepareSource, type Prepared, type SourceOptions } from './prepare';
import { sourceInfo } from './sniff';
import type { EncodingChoice } from './sniff';
import { dropStage, stageRefs } from './stage';

export { readFileHead } from './prepare';

export interface ImportOptions {
  path: string;
  kind?: DatasetKind;
  mapping?: Mapping;
  encoding?: EncodingChoice;
  /** A workbook's sheet (the first when left out). */
  sheet?: string;
  dateOrder?: DateOrder;
  /** The decimal mark, when the file cannot tell (see numbers.ts). */
  decimal?: DecimalMark;
  /** The name to record (an uploaded file's original name). */
  fileName?: string;
  signal?: AbortSignal;
  /** The size from which a plain file is read the direct way (directDecisions; tests give 0 to read small files so). */
  directFromBytes?: number;
  onProgress?: (p: { phase: string; fraction: number; rows?: number; rowsPerSecond?: number }) => void;
}

export { MAX_LINE_BYTES } from './import-part';

export async function workspaceSettings(db: DbClient): Promise<{ currency: string; timezone: string }> {
  const rows = await db.rows<{ key: string; value: string }>(`SELECT key, value FROM ace_meta WHERE key IN ('currency', 'timezone')`);
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  const currency = get('currency') ?? 'USD';
  const timezone = get('timezone') ?? 'America/New_York';
  if (!/^[A-Z]{3}$/.test(currency) || !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(timezone)) {
    throw new AceError('WORKSPACE_INVALID', 'The workspace currency or time zone setting is not valid.');
  }
  return { currency, timezone };
}

export async function savedMapping(db: DbClient, kind: DatasetKind, headers: string[]): Promise<Mapping | null> {
  const row = await db.one<{ mapping: string }>(`SELECT mapping FROM mappings WHERE source_key = ?`, [sourceKey(kind, headers)]);
  return row ? (JSON.parse(row.mapping) as Mapping) : null;
}

/** What to import from a file: its parts (one kind each), the known export it is, rows skipped by rule. */
export interface ImportPlan {
  parts: PartPlan[];
  recognised: Recognised | null;
  /** Rows that are not data, skipped and counted with the reason: a known export's rules, and delivery steps that are not outcomes. */
  skip: { why: string; when: string }[];
}

/** Message events that are a step on the way (deferred, queued...): skipped and counted, neither an outcome nor bad data. */
function stepSkips(parts: PartPlan[], headers: string[], refs: string[]): { why: string; when: string }[] {
  return parts.flatMap((p) => {
    const ref = p.kind === 'message_events' && p.mapping.event ? mappedRef(p.mapping.event, headers, refs) : undefined;
    return ref ? [{ why: `delivery steps that are not outcomes (${NOT_OUTCOMES.join(', ')})`, when: notOutcomeSql(ref) }] : [];
  });
}

/**
 * The parts of a file: a mapping given by the person is used as it is; else a known export's parts
 * (each with the mapping saved for it, if the person corrected one); else the guessed or given kind
 * with its saved or suggested mapping. A known export that is not a dataset is refused, saying what to do.
 */
export async function planImport(
  db: DbClient,
  headers: string[],
  refs: string[],
  fileName: string,
  opts: { kind?: DatasetKind; mapping?: Mapping },
): Promise<ImportPlan> {
  const recognised = recognise(headers, refs);
  if (recognised?.profile.refuse && !opts.mapping) throw new AceError('BAD_INPUT', recognised.profile.refuse);
  const usable =
    recognised && !recognised.profile.refuse && (!opts.kind || opts.kind === recognised.parts[recognised.parts.length - 1]!.kind)
      ? recognised
      : null;
  if (usable) {
    const parts: PartPlan[] = [];
    for (const [i, p] of usable.parts.entries()) {
      const last = i === usable.parts.length - 1;
      // The main part takes the person's mapping when they edited it in the mapping step.
      const chosen = last && opts.mapping ? opts.mapping : ((await savedMapping(db, p.kind, headers)) ?? p.mapping);
      const mapping = checkMapping(p.kind, headers, chosen);
      // A row goes to the first part whose rows it is: later parts leave out the earlier parts' rows.
      const earlier = usable.parts.slice(0, i).flatMap((q) => (q.where ? [`(${q.where})`] : []));
      const where = [p.where ? `(${p.where})` : null, ...earlier.map((e) => `NOT coalesce(${e}, false)`)].filter(Boolean).join(' AND ');
      parts.push({ kind: p.kind, mapping, ...(where ? { where } : {}), ownsUnreadable: last });
    }
    return { parts, recognised: usable, skip: [...usable.skip, ...stepSkips(parts, headers, refs)] };
  }
  const kind = opts.kind ?? guessKind(headers, fileName).kind;
  const mapping = checkMapping(kind, headers, opts.mapping ?? (await savedMapping(db, kind, headers)) ?? suggestMapping(kind, headers));
  const parts = [{ kind, mapping, ownsUnreadable: true }];
  return { parts, recognised: null, skip: stepSkips(parts, headers, refs) };
}

/**
 * Imports one file as one transaction: a cancel, an error or a crash leaves the workspace as it was.
 * rowsRead = rowsImported + rowsRejected + duplicatesSkipped, always (for each kind a file holds).
 */
export async function importFile(db: DbClient, opts: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  const progress = opts.onProgress ?? (() => undefined);
  const source: SourceOptions = { encoding: opts.encoding, sheet: opts.sheet };
  let prepared = await prepareSource(db, opts.path, { ...source, signal: opts.signal });
  const head = prepared.head;
  const fileName = opts.fileName ?? head.fileName;
  const settings = await workspaceSettings(db);
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  opts.signal?.addEventListener('abort', onAbort);
  try {
    const plan = await planImport(db, head.headers, stageRefs(head), fileName, opts);
    return await db.write(async (w) => {
      await useImportMacros(db, w);
      progress({ phase: 'Reading', fraction: 0 });
      const summaryBlank = plan.recognised?.summaryWhenBlank ?? [];
      const onRead = (pct: number) => progress({ phase: 'Reading', fraction: (0.5 * pct) / 100 });
      // Read, decided and parsed: the rows' parse in ace_parsed (one part) and what the saving needs, or null when
      // a plain file's direct read (direct.ts) found it is not plain after all.
      const readAndParse = async (direct: boolean, scanning: Promise<FileScan>) => {
        const decide = direct
          ? directDecisions(prepared, plan, head.headers, stageRefs(head), opts.directFromBytes ?? (db.memoryLimitMb * 1024 * 1024) / 4)
          : null;
        let read = decide
          ? await readPlain(w, prepared, head.headers.length, scanning, onRead, decide)
          : await readStaged(w, prepared, head.headers, summaryBlank, scanning, onRead);
        if (!read) return null;
        const retried = read.retry;
        if (retried) {
          // Found only once the whole file was read: line ends that change, or bytes that are not UTF-8.
          prepared.cleanup();
          prepared = await prepareSource(db, opts.path, { ...source, force: retried, signal: opts.signal });
          read = await readStaged(w, prepared, head.headers, summaryBlank, startScan(prepared, abort.signal), onRead);
        }
        const { staged, scan } = read;
        // A JSON file's records that are not objects are empty lines in its CSV: rejects, not blank lines.
        const jsonRejects = prepared.jsonRejects ?? null;
        const notBlank = jsonRejects?.count ?? 0;
        // Records the CSV reader skipped without a reject are still read rows: counted, and rejected with what is known.
        const unread = scan.records !== null ? Math.max(0, scan.records - staged.accepted - staged.summary - staged.structuralCount) : 0;
        const rows = staged.accepted + staged.structuralCount + unread;
        progress({ phase: 'Checking', fraction: 0.5, rows, rowsPerSecond: rows / Math.max((Date.now() - started) / 1000, 0.001) });
        // Rows a known export holds that are not data (outbound messages, orders without a coupon): skipped and counted.
        const { byRule, keep } = await skipByRule(w, plan.skip);
        // A known export's rules that applied to this file are said in its report (read by a rule, never guessed per row).
        const ruleNotes: string[] = [];
        for (const r of plan.recognised?.warn ?? []) {
          const [hit] = await w.run<{ hit: boolean }>(`SELECT coalesce((${r.when}), false) AS hit`);
          if (hit?.hit) ruleNotes.push(r.text);
        }
        const allMapping = Object.assign({}, ...plan.parts.map((p) => p.mapping)) as Mapping;
        const firstKind = plan.parts[plan.parts.length - 1]!.kind;
        const dates = await decideDateOrder(w, firstKind, head.headers, staged.refs, allMapping, opts.dateOrder);
        const numbers = await decideNumberFormat(
          w,
          plan.parts.flatMap((p) => numericRefs(p.kind, head.headers, staged.refs, p.mapping)),
          opts.decimal,
        );
        if (numbers.ambiguous) throw decimalQuestion(numbers);
        const ctx: PartContext = {
          fileName,
          fileHash: scan.sha256,
          headers: head.headers,
          refs: staged.refs,
          started,
          dateOrder: dates.order,
          decimal: numbers.decimal,
          ...settings,
          structural: staged.structuralCount,
          unread,
          jsonRejects,
          longRecords: scan.longRecords,
          keep,
          direct: read.direct ?? null,
          base: {
            fileName,
            dates: { order: dates.order, style: dates.style, ambiguous: dates.ambiguous, note: dates.note },
            numbers: { decimal: numbers.decimal, note: numbers.note },
            // The file as read: after a second read as Windows-1252, that encoding and why (its start was valid UTF-8).
            source: {
              ...sourceInfo(prepared.head),
              ...(retried?.encoding ? { encodingNote: 'not valid UTF-8 past its start: Excel’s plain “CSV” on Windows' } : {}),
            },
            skipped: {
              aboveHeader: head.above.lines,
              titles: head.above.titles,
              blank: (head.headers.length === 1 ? Math.max(staged.blank, scan.blankLines) : staged.blank + scan.blankLines) - notBlank,
              summary: staged.summary,
              byRule,
            },
            recognised: plan.recognised?.profile.label ?? null,
            warnings: [...(dates.ambiguous ? [dates.note] : []), ...ruleNotes],
          },
          onProgress: (phase, fraction, n) => progress({ phase, fraction, rows: n }),
        };
        // One part (most files) is parsed before the transaction, as reading committed temp data is faster;
        // the parts of a file that holds several are parsed and saved one after another inside it.
        const single = plan.parts.length === 1 ? await parsePart(w, plan.parts[0]!, ctx) : null;
        if (single === null && ctx.direct) return null;
        return { ctx, rows, single };
      };
      const scanning = startScan(prepared, abort.signal);
      const { ctx, rows, single } = (await readAndParse(true, scanning)) ?? (await readAndParse(false, scanning))!;
      await w.run('BEGIN TRANSACTION');
      try {
        const reports: ImportReport[] = [];
        if (single) reports.push(await savePart(w, plan.parts[0]!, ctx, single));
        else for (const part of plan.parts) reports.push(await importPart(w, part, ctx));
        await w.run('COMMIT');
        progress({ phase: 'Done', fraction: 1, rows });
        // The report is of the file's main kind (its last part); the other kinds it held come with it.
        const main = reports[reports.length - 1]!;
        return reports.length > 1 ? { ...main, also: reports.slice(0, -1) } : main;
      } catch (e) {
        await w.run('ROLLBACK').catch(() => undefined);
        throw e;
      }
    }, opts.signal);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    abort.abort();
    prepared.cleanup();
    await db
      .write(async (w) => {
        await dropStage(w);
        await dropParsed(w, ['ace_rejects', 'ace_reject_scans']);
      })
      .catch(() => undefined);
  }
}

/** Counts the rows a known export's rules say are not data, per rule (a row counts once, for the first rule it meets); the condition that keeps the rest. */
async function skipByRule(
  w: Writer,
  rules: { why: string; when: string }[],
): Promise<{ byRule: { why: string; rows: number }[]; keep: string | null }> {
  if (!rules.length) return { byRule: [], keep: null };
  const cond = (i: number) =>
    `coalesce(${rules[i]!.when}, false)${rules
      .slice(0, i)
      .map((r) => ` AND NOT coalesce(${r.when}, false)`)
      .join('')}`;
  const [row] = await w.run<Record<string, string>>(
    `SELECT ${rules.map((_, i) => `count(*) FILTER (WHERE ${cond(i)}) AS r${i}`).join(', ')} FROM ace_stage`,
  );
  return {
    byRule: rules.map((r, i) => ({ why: r.why, rows: Number(row![`r${i}`]) })).filter((r) => r.rows > 0),
    keep: `NOT (${rules.map((r) => `coalesce(${r.when}, false)`).join(' OR ')})`,
  };
}

/**
 * The refs the decisions read, when the file may be read the direct way (direct.ts): a CSV file (not a JSON file's
 * records) of one part, with no rule of a known export to apply, too big for its text to sit in the workspace's
 * memory as the staged way keeps it (over a quarter of DuckDB's limit: 320 MB at 1.25 GB). Smaller files read
 * faster the staged way: a 1M-entry file (126 MB) took 0.5 s longer the direct way (two reads of the CSV); at
 * 10M (1.26 GB) the direct way took 5 to 7 s less. Else null.
 */
function directDecisions(prepared: Prepared, plan: ImportPlan, headers: string[], refs: string[], fromBytes: number): string[] | null {
  const part = plan.parts[0]!;
  const r = plan.recognised;
  if (prepared.head.dialect.format !== 'csv' || prepared.head.json !== undefined || plan.parts.length !== 1 || part.where) return null;
  if (plan.skip.length || r?.warn?.length || r?.summaryWhenBlank?.length) return null;
  if (statSync(prepared.readPath).size < fromBytes) return null;
  const numbers = numericRefs(part.kind, headers, refs, part.mapping).map((n) => n.ref);
  return [...mappedDateRefs(part.kind, headers, refs, part.mapping), ...numbers];
}
