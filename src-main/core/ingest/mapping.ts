import { DATASET_KINDS, type DatasetKind } from '../../contract/types';
import { AceError } from '../errors';
import { KINDS, normHeader } from './kinds';

/** canonical column -> source header (exactly as in the file). */
export type Mapping = Record<string, string>;

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
  for (const [col, header] of Object.entries(mapping)) {
    if (!known.has(col)) problems.push(`"${col}" is not a column of ${spec.label.toLowerCase()}.`);
    else if (!present.has(header)) problems.push(`The file has no column "${header}" (mapped to ${col}).`);
  }
  const used = Object.values(mapping);
  const dup = used.find((h, i) => used.indexOf(h) !== i);
  if (dup) problems.push(`The column "${dup}" is mapped twice.`);
  for (const r of spec.required) if (!mapping[r]) problems.push(`Required column ${r} is not mapped: choose which column of the file holds it.`);
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
