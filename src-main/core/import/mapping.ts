import { DATASET_KINDS, type DatasetKind } from '../../contract/types';
import { AceError } from '../lib/errors';
import { KINDS } from './kinds';
import { normHeader } from './headers';
import { sqlText } from '../lib/sql-literal';

/**
 * canonical column -> where its value comes from: a source header (exactly as in the file); or, when
 * the text is not one of the file's headers, `=value` for a constant (a Mailchimp unsubscribe export
 * has no channel column: its channel is `=email`) or `+["Date","Time"]` for columns joined with a space
 * (Square writes date and time apart).
 */
export type Mapping = Record<string, string>;

export type MappingSource = { header: string } | { constant: string } | { join: string[] } | { missing: string };

/** What a mapping value means for a file with these headers. */
export function sourceOf(value: string, headers: string[]): MappingSource {
  if (headers.includes(value)) return { header: value };
  if (value.startsWith('=')) return { constant: value.slice(1) };
  if (value.startsWith('+[')) {
    try {
      const parts = JSON.parse(value.slice(1)) as unknown;
      if (Array.isArray(parts) && parts.length >= 2 && parts.every((p) => typeof p === 'string' && headers.includes(p)))
        return { join: parts as string[] };
    } catch {
      /* not a join: reported as missing */
    }
  }
  return { missing: value };
}

/** The SQL giving a mapped value from the staged columns (`refs`, in header order); undefined when the file lacks it. */
export function mappedRef(value: string, headers: string[], refs: string[]): string | undefined {
  const src = sourceOf(value, headers);
  if ('header' in src) return refs[headers.indexOf(src.header)];
  if ('constant' in src) return `${sqlText(src.constant)}::VARCHAR`;
  if ('join' in src) return `concat_ws(' ', ${src.join.map((h) => `nullif(trim(${refs[headers.indexOf(h)]}), '')`).join(', ')})`;
  return undefined;
}

/** The file's headers a mapping uses (a join uses each of its columns). */
export function mappedHeaders(mapping: Mapping, headers?: string[]): Set<string> {
  const out = new Set<string>();
  for (const v of Object.values(mapping)) {
    const src = headers ? sourceOf(v, headers) : v.startsWith('+[') ? sourceOf(v, safeJoin(v)) : { header: v };
    if ('header' in src) out.add(src.header);
    if ('join' in src) for (const h of src.join) out.add(h);
  }
  return out;
}

function safeJoin(v: string): string[] {
  try {
    const parts = JSON.parse(v.slice(1)) as unknown;
    return Array.isArray(parts) ? parts.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Suggests a mapping: each source header to at most one canonical column, by the canonical name first,
 * then by synonyms in order of preference. Headers no column claims stay custom attributes.
 */
export function suggestMapping(kind: DatasetKind, headers: string[]): Mapping {
  const spec = KINDS[kind];
  const byNorm = new Map<string, string>();
  for (const h of headers) if (!byNorm.has(normHeader(h))) byNorm.set(normHeader(h), h);
  const taken = new Set<string>();
  const mapping: Mapping = {};
  // Pass 1: exact canonical names ("email", "entered_at"); pass 2: synonyms, in the order listed.
  for (const pass of [0, 1]) {
    for (const col of spec.columns) {
      if (mapping[col.name]) continue;
      const candidates = pass === 0 ? [col.name] : col.synonyms;
      for (const cand of candidates) {
        const h = byNorm.get(normHeader(cand));
        if (h !== undefined && !taken.has(h)) {
          mapping[col.name] = h;
          taken.add(h);
          break;
        }
      }
    }
  }
  return mapping;
}

const FILE_HINTS: [RegExp, DatasetKind][] = [
  [/spend|cost|budget|invoice/i, 'spend'],
  [/media.?(plan|buy)|placements?|flight/i, 'media_buys'],
  [/entr(y|ies)|registration|submission|sweep|contest|responses?/i, 'entries'],
  [/redeem|redemption|pos|transactions?|sales/i, 'redemptions'],
  [/stores?|locations?/i, 'stores'],
  [/opt.?outs?|unsub|suppress|stop/i, 'optouts'],
  [/repl(y|ies)|feedback|survey|inbound|comments?/i, 'replies'],
  [/events?|activity|deliver(y|ies)|bounces?|message.?logs?|outcomes?/i, 'message_events'],
  [/contacts?|list|subscribers?|audience|loyalty|members?/i, 'contacts'],
];

/** Guesses the kind of a file from its headers (and its name): the kind that maps the most, required columns first. */
export function guessKind(headers: string[], fileName = ''): { kind: DatasetKind; scores: Record<DatasetKind, number> } {
  const scores = {} as Record<DatasetKind, number>;
  for (const kind of DATASET_KINDS) {
    const spec = KINDS[kind];
    const m = suggestMapping(kind, headers);
    let score = Object.keys(m).length;
    score += 3 * spec.required.filter((r) => m[r]).length;
    score -= 6 * spec.required.filter((r) => !m[r]).length;
    for (const group of spec.oneOf) score += group.some((g) => m[g]) ? 3 : -6;
    if (FILE_HINTS.some(([re, k]) => k === kind && re.test(fileName))) score += 2;
    scores[kind] = score;
  }
  const kind = [...DATASET_KINDS].sort((a, b) => scores[b] - scores[a])[0]!;
  return { kind, scores };
}

/** What is wrong with a mapping for a kind, as sentences; empty when it can be imported. */
export function mappingProblems(kind: DatasetKind, headers: string[], mapping: Mapping): string[] {
  const spec = KINDS[kind];
  const problems: string[] = [];
  const known = new Set(spec.columns.map((c) => c.name));
  const present = new Set(headers);
  for (const [col, value] of Object.entries(mapping)) {
    const src = sourceOf(value, headers);
    if (!known.has(col)) problems.push(`"${col}" is not a column of ${spec.label.toLowerCase()}.`);
    else if ('missing' in src) problems.push(`The file has no column "${value}" (mapped to ${col}).`);
  }
  const used = Object.values(mapping).filter((v) => present.has(v));
  const dup = used.find((h, i) => used.indexOf(h) !== i);
  if (dup) problems.push(`The column "${dup}" is mapped twice.`);
  for (const r of spec.required)
    if (!mapping[r]) problems.push(`Required column ${r} is not mapped: choose which column of the file holds it.`);
  for (const group of spec.oneOf) {
    if (!group.some((g) => mapping[g])) problems.push(`Map at least one of ${group.join(' or ')}.`);
  }
  return problems;
}

/** A mapping from a user (UI or --mapping file): canonical -> header, blanks dropped; validated. */
export function checkMapping(kind: DatasetKind, headers: string[], mapping: Mapping): Mapping {
  const clean: Mapping = {};
  for (const [k, v] of Object.entries(mapping)) if (typeof v === 'string' && v.length) clean[k] = v;
  const problems = mappingProblems(kind, headers, clean);
  if (problems.length) throw new AceError('BAD_INPUT', problems.join(' '), { problems });
  return clean;
}

/** The key a mapping is saved under: the kind and the file's header set, so the same export reuses it. */
export function sourceKey(kind: DatasetKind, headers: string[]): string {
  return `${kind}:${[...headers].map(normHeader).sort().join('|')}`;
}
