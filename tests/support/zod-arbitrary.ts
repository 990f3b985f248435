import fc from 'fast-check';
import type { z } from 'zod';

/**
 * fast-check arbitraries for values a zod (v4) schema accepts, read from the schema's own definition:
 * objects, strings (length, regex), numbers (bounds, integers), enums, literals, arrays, records,
 * unions, optional/nullable/default, lazy (recursive rules, depth-limited). Custom refinements are
 * not read: callers keep only candidates the schema accepts. Keys named in `overrides` get the
 * caller's arbitrary (file paths inside a temp folder, for instance).
 */
type AnySchema = z.ZodType & { _zod: { def: Record<string, unknown> } };
type Def = Record<string, unknown> & { type: string; checks?: { _zod: { def: Record<string, unknown> } }[] };

export interface ArbitraryOptions {
  overrides?: Record<string, fc.Arbitrary<unknown>>;
  /** Deeper than this, recursive schemas only take their non-recursive choices. */
  maxDepth?: number;
}

const def = (s: unknown): Def => (s as AnySchema)._zod.def as Def;
const checks = (d: Def) => (d.checks ?? []).map((c) => c._zod.def);

/** Does this schema reach a lazy (recursive) schema? */
function recursive(s: unknown, seen = new Set<unknown>()): boolean {
  if (seen.has(s)) return false;
  seen.add(s);
  const d = def(s);
  if (d.type === 'lazy') return true;
  const kids: unknown[] = [
    d.innerType,
    d.element,
    d.valueType,
    d.in,
    ...(Array.isArray(d.options) ? d.options : []),
    ...(d.shape ? Object.values(d.shape as object) : []),
  ];
  return kids.some((k) => k !== undefined && recursive(k, seen));
}

function stringArb(d: Def, s: { minLength?: number | null; maxLength?: number | null }): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 40, Math.max(min, 40));
  const regex = checks(d).find((c) => c.format === 'regex')?.pattern as RegExp | undefined;
  if (regex) return fc.stringMatching(regex).filter((v) => v.length >= min && v.length <= (s.maxLength ?? Infinity));
  const format = checks(d).find((c) => c.check === 'string_format')?.format;
  if (format === 'url') return fc.webUrl();
  if (format === 'email') return fc.emailAddress();
  // Ordinary text, and text that has broken things before: quotes, SQL, formulas, paths, lone surrogates.
  const hostile = [
    '',
    ' ',
    "O'Brien",
    "'; DROP TABLE entries; --",
    '=cmd|x',
    '../../etc/passwd',
    '\u0000',
    '\ud800',
    '<img src=x onerror=alert(1)>',
    '%ZZ',
    'NaN',
  ].filter((v) => v.length >= min && v.length <= max);
  return fc.oneof(fc.string({ minLength: min, maxLength: max }), ...(hostile.length ? [fc.constantFrom(...hostile)] : []));
}

function numberArb(s: { minValue?: number | null; maxValue?: number | null; isInt?: boolean | null }, d: Def): fc.Arbitrary<number> {
  const lo = Math.max(s.minValue ?? -1e9, -1e9);
  const hi = Math.min(s.maxValue ?? 1e9, 1e9);
  const exclusive = checks(d).some((c) => c.inclusive === false);
  const edges = [lo, hi, 0, 1, -1].filter((v) => v >= lo && v <= hi && (!s.isInt || Number.isInteger(v)));
  const base = s.isInt
    ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) })
    : fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
  const arb = edges.length ? fc.oneof(base, fc.constantFrom(...edges)) : base;
  return exclusive ? arb.filter((v) => v !== lo && v !== hi) : arb;
}

export function arbitraryOf(schema: unknown, o: ArbitraryOptions = {}, depth = 0, key?: string): fc.Arbitrary<unknown> {
  if (key && o.overrides?.[key]) return o.overrides[key]!;
  const d = def(schema);
  const s = schema as {
    minLength?: number | null;
    maxLength?: number | null;
    minValue?: number | null;
    maxValue?: number | null;
    isInt?: boolean | null;
  };
  const deep = depth > (o.maxDepth ?? 4);
  const next = (x: unknown, k?: string) => arbitraryOf(x, o, depth + 1, k);
  switch (d.type) {
    case 'string':
      return stringArb(d, s);
    case 'number':
      return numberArb(s, d);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'undefined':
      return fc.constant(undefined);
    case 'enum':
      return fc.constantFrom(...Object.values(d.entries as Record<string, unknown>));
    case 'literal':
      return fc.constantFrom(...(d.values as unknown[]));
    case 'optional':
    case 'default':
      return fc.option(next(d.innerType, key), { nil: undefined });
    case 'nullable':
      return fc.option(next(d.innerType, key), { nil: null });
    case 'array': {
      const min = (checks(d).find((c) => c.check === 'min_length')?.minimum as number | undefined) ?? 0;
      const max = (checks(d).find((c) => c.check === 'max_length')?.maximum as number | undefined) ?? 4;
      return fc.array(next(d.element, key), { minLength: min, maxLength: deep ? min : Math.min(max, Math.max(min, 4)) });
    }
    case 'object': {
      const shape = d.shape as Record<string, unknown>;
      const required = Object.keys(shape).filter((k) => !['optional', 'default'].includes(def(shape[k]).type));
      return fc.record(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, next(v, k)])), { requiredKeys: required });
    }
    case 'record':
      return fc.dictionary(next(d.keyType).map(String), next(d.valueType), { maxKeys: deep ? 0 : 3 });
    case 'union': {
      const options = d.options as unknown[];
      const usable = deep ? options.filter((x) => !recursive(x)) : options;
      return fc.oneof(...(usable.length ? usable : options).map((x) => next(x, key)));
    }
    case 'lazy':
      // Built when drawn, so a recursive rule does not build forever.
      return fc.constant(null).chain(() => next((d.getter as () => unknown)(), key));
    case 'pipe':
      return next(d.in, key);
    case 'tuple':
      return fc.tuple(...(d.items as unknown[]).map((x) => next(x)));
    default:
      return fc.anything({ maxDepth: 1 });
  }
}

/** Up to `n` distinct values the schema accepts (as parsed input), drawn reproducibly from `seed`. */
export function validSamples(schema: z.ZodType, n: number, seed: number, o: ArbitraryOptions = {}): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (const v of fc.sample(arbitraryOf(schema, o), { numRuns: n * 8, seed })) {
    if (!schema.safeParse(v).success) continue;
    const k = JSON.stringify(v) ?? 'undefined';
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
    if (out.length >= n) break;
  }
  return out;
}
