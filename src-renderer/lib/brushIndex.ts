import type { Table } from 'apache-arrow';
import { CUBE_COLUMNS, cubeFormula, type CubeColumn, type CubeFormula } from '../../src-main/contract/cube';
import { MAX_PIVOT_LINES, pivotSpec, type PivotSpec } from '../../src-main/contract/pivot';
import type { DayRange } from '../charts/dayBrush';
import type { Key, RawLine } from './pivotModel';

/**
 * A pivot's brush index held here (the core's pivot.brushIndex: keys, day and the cube's sums per
 * combination), so each brush move is added up in the renderer with no request: the lines the core's
 * pivot.brush would return for the range, in its order, with its figures (sums of whole numbers are
 * exact, and each measure follows the same formula, contract/cube.ts). tests/unit/pivot/brush-index
 * holds the two equal.
 *
 * Made once per index: every line the pivot can have (each grouping set's combinations: the details,
 * each row subtotal, the column totals and the grand total), each index row's line in each set, and the
 * lines' order. A move then adds up the rows of its days (a slice: the rows are in day order).
 */
export class BrushIndex {
  private constructor(
    private readonly days: string[],
    private readonly columns: Map<CubeColumn, Float64Array>,
    private readonly formulas: CubeFormula[],
    /** Per grouping set, each index row's line. */
    private readonly lineOf: Int32Array[],
    private readonly shape: LineShape[],
    /** Line ids in the pivot's order. */
    private readonly order: number[],
  ) {}

  /** The index the core sent, or null when it sent why not (`ace_no_index`) or a measure has no formula. */
  static from(t: Table, input: PivotSpec): BrushIndex | null {
    if (t.getChild('ace_no_index')) return null;
    const spec = pivotSpec.parse(input);
    const formulas = spec.measures.map(cubeFormula);
    if (formulas.some((f) => !f) || spec.topN) return null;
    const keys = [...spec.rows.map((_, i) => `r${i}`), ...spec.cols.map((_, i) => `c${i}`)];
    const n = t.numRows;
    const read = (name: string) => {
      const v = t.getChild(name);
      if (!v) throw new Error(`The brush index has no column ${name}.`);
      return v;
    };
    const text = keys.map((k) => Array.from({ length: n }, (_, i) => (read(k).get(i) as Key) ?? null));
    const ords = keys.map((k) => Int32Array.from({ length: n }, (_, i) => Number(read(`o_${k}`).get(i))));
    const days = Array.from({ length: n }, (_, i) => String(read('day').get(i)));
    const columns = new Map<CubeColumn, Float64Array>();
    for (const c of CUBE_COLUMNS) {
      const v = read(c);
      columns.set(
        c,
        Float64Array.from({ length: n }, (_, i) => {
          const x = v.get(i) as number | null;
          return x === null ? NaN : x;
        }),
      );
    }

    const sets = groupingSets(spec.rows.length, spec.cols.length, spec.totals);
    const shape: LineShape[] = [];
    const lineOf = sets.map((set) => {
      const ids = new Map<string, number>();
      const out = new Int32Array(n);
      const newLine = (row: number) => {
        const id = shape.length;
        const key = (j: number) => (set.includes(j) ? text[j]![row]! : null);
        shape.push({
          r: spec.rows.map((_, j) => key(j)),
          c: spec.cols.map((_, j) => key(spec.rows.length + j)),
          level: set.filter((j) => j < spec.rows.length).length,
          colTotal: spec.cols.length > 0 && !set.includes(spec.rows.length),
          // The pivot's ORDER BY: per key, grouped-out after values, then the key's place.
          sort: keys.flatMap((_, j) => (set.includes(j) ? [0, ords[j]![row]!] : [1, 0])),
          always: set.length === 0,
        });
        return id;
      };
      // The grand total is a line even over no entries (as GROUP BY () gives one row).
      if (set.length === 0) ids.set('', newLine(0));
      for (let i = 0; i < n; i++) {
        const k = set.map((j) => ords[j]![i]).join(',');
        let id = ids.get(k);
        if (id === undefined) ids.set(k, (id = newLine(i)));
        out[i] = id;
      }
      return out;
    });
    const order = shape.map((_, i) => i).sort((a, b) => compareSort(shape[a]!.sort, shape[b]!.sort));
    return new BrushIndex(days, columns, formulas as CubeFormula[], lineOf, shape, order);
  }

  /**
   * The pivot's lines over entries of these days (inclusive), as the core returns them; null when they
   * are more than a pivot returns (the core then says so).
   */
  lines(range: DayRange): RawLine[] | null {
    const from = lowerBound(this.days, range.from, false);
    const to = lowerBound(this.days, range.to, true);
    const lines = this.shape.length;
    const seen = new Uint8Array(lines);
    const acc = this.formulas.map(() => ({ v: new Float64Array(lines).fill(NaN), per: new Float64Array(lines) }));
    for (const ofSet of this.lineOf)
      for (let i = from; i < to; i++) {
        const line = ofSet[i]!;
        seen[line] = 1;
        this.formulas.forEach((f, m) => {
          const a = acc[m]!;
          const x = this.columns.get(f.of)![i]!;
          if (!Number.isNaN(x)) {
            const v = a.v[line]!;
            a.v[line] = Number.isNaN(v) ? x : f.agg === 'sum' ? v + x : f.agg === 'min' ? Math.min(v, x) : Math.max(v, x);
          }
          if (typeof f.per === 'string') {
            const d = this.columns.get(f.per)![i]!;
            if (!Number.isNaN(d)) a.per[line]! += d;
          }
        });
      }
    const out: RawLine[] = [];
    for (const line of this.order) {
      const s = this.shape[line]!;
      if (!seen[line] && !s.always) continue;
      if (out.length === MAX_PIVOT_LINES) return null;
      out.push({
        r: s.r,
        c: s.c,
        level: s.level,
        colTotal: s.colTotal,
        m: this.formulas.map((f, m) => figure(f, acc[m]!.v[line]!, acc[m]!.per[line]!)),
      });
    }
    return out;
  }
}

interface LineShape {
  r: Key[];
  c: Key[];
  level: number;
  colTotal: boolean;
  sort: number[];
  /** Shown over no entries too (the grand total). */
  always: boolean;
}

/** The pivot's grouping sets as key positions (rows first, then columns): the core's pivotShape. */
function groupingSets(rows: number, cols: number, totals: boolean): number[][] {
  const r = Array.from({ length: rows }, (_, i) => i);
  const c = Array.from({ length: cols }, (_, i) => rows + i);
  if (!rows && !cols) return [[]];
  const sets: number[][] = [];
  for (let i = rows; i >= (totals ? 0 : rows); i--) {
    sets.push([...r.slice(0, i), ...c]);
    if (totals && cols) sets.push(r.slice(0, i));
  }
  return sets;
}

function compareSort(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The first index whose day is ≥ `day` (after: > `day`), in days sorted ascending. */
function lowerBound(days: string[], day: string, after: boolean): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! < day || (after && days[mid] === day)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A measure's figure from its aggregate (NaN: no value) and its denominator's sum, as the core's SQL. */
function figure(f: CubeFormula, v: number, per: number): number | null {
  const value = Number.isNaN(v) ? null : v;
  if (f.zero) return value ?? 0;
  if (value === null) return null;
  if (f.per === 100) return value / 100;
  if (f.per) return per === 0 ? null : value / per;
  return value;
}
