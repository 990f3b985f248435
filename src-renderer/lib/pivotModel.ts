import type { Table } from 'apache-arrow';

/**
 * The pivot as laid out. The core returns one line per (row values, level, column values); here the
 * lines are gathered per row (one PivotLine per row path and level) with a cell per column key.
 */
export type Key = string | null;
export interface ColKey {
  /** JSON of the column path: the key of a cell. */
  id: string;
  path: Key[];
}
export interface PivotLine {
  /** Row fields grouped: rows.length is a detail line, fewer a subtotal, 0 the grand total. */
  level: number;
  /** The row values of this line (length = level). */
  path: Key[];
  /** Measures per column key id. */
  cells: Map<string, (number | null)[]>;
  /** The column total (null without column fields). */
  total: (number | null)[] | null;
  /** An estimate's 95% bounds per column key id ('total' for the column total); absent when exact. */
  bounds?: Map<string, Bound[]>;
}
/** An estimate's 95% bounds [low, high]. */
export type Bound = [number | null, number | null];
export interface PivotModel {
  rowCount: number;
  colCount: number;
  measureCount: number;
  colKeys: ColKey[];
  lines: PivotLine[];
  /** Figures estimated from a sample of entrants (each cell has bounds), replaced by the exact ones when they come. */
  estimate: boolean;
  /** The row and column fields (when known), so an empty value reads as its field means it. */
  rowFields?: string[];
  colFields?: string[];
}

export const OTHER = '(other)';
export const EMPTY = '(empty)';
/** ROI's name for what no media buy owns (DOMAIN.md attribution): the same name on every screen. */
export const UNATTRIBUTED = '(unattributed)';
/** Fields that come from the media buy an entry is attributed to: empty means unattributed. */
const ATTRIBUTION_FIELDS = new Set(['media_buy', 'media_type', 'market']);
export const NO_COLS = '[]';
/** A value as shown; an empty one named for what it means in its field. */
export const keyText = (k: Key, field?: string) => (k !== null ? k : field && ATTRIBUTION_FIELDS.has(field) ? UNATTRIBUTED : EMPTY);

const byText = (a: Key, b: Key) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
const comparePaths = (a: Key[], b: Key[]) => {
  for (let i = 0; i < a.length; i++) {
    const c = byText(a[i]!, b[i]!);
    if (c) return c;
  }
  return 0;
};

/** Plain JS rows of the core's Arrow result, ready for the model (also what unit tests build by hand). */
export interface RawLine {
  r: Key[];
  c: Key[];
  level: number;
  colTotal: boolean;
  m: (number | null)[];
  /** Per measure, an estimate's bounds (absent when exact). */
  b?: Bound[];
}

export function rawLines(t: Table, rowCount: number, colCount: number, measureCount: number): RawLine[] {
  const col = (name: string) => t.getChild(name);
  const rs = Array.from({ length: rowCount }, (_, i) => col(`r${i}`));
  const cs = Array.from({ length: colCount }, (_, i) => col(`c${i}`));
  const ms = Array.from({ length: measureCount }, (_, i) => col(`m${i}`));
  const level = col('level');
  const colTotal = col('col_total');
  // An estimate carries each measure's bounds as lo0.., hi0.. (see core/pivot/estimate.ts).
  const bounds = col('lo0') ? Array.from({ length: measureCount }, (_, i) => [col(`lo${i}`), col(`hi${i}`)] as const) : null;
  const out: RawLine[] = [];
  for (let i = 0; i < t.numRows; i++) {
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    out.push({
      r: rs.map((v) => (v?.get(i) as Key) ?? null),
      c: cs.map((v) => (v?.get(i) as Key) ?? null),
      level: Number(level?.get(i) ?? 0),
      colTotal: Boolean(colTotal?.get(i)),
      m: ms.map((v) => num(v?.get(i))),
      ...(bounds ? { b: bounds.map(([lo, hi]) => [num(lo?.get(i)), num(hi?.get(i))] as Bound) } : {}),
    });
  }
  return out;
}

export function buildModel(lines: RawLine[], rowCount: number, colCount: number, measureCount: number): PivotModel {
  const byKey = new Map<string, PivotLine>();
  const cols = new Map<string, ColKey>();
  const grandOrder: string[] = [];
  const out: PivotLine[] = [];
  for (const raw of lines) {
    const path = raw.r.slice(0, raw.level);
    const k = JSON.stringify([raw.level, path]);
    let line = byKey.get(k);
    if (!line) {
      line = { level: raw.level, path, cells: new Map(), total: colCount ? null : null };
      byKey.set(k, line);
      out.push(line);
    }
    if (colCount && raw.colTotal) {
      line.total = raw.m;
      if (raw.b) (line.bounds ??= new Map()).set('total', raw.b);
      continue;
    }
    const cpath = colCount ? raw.c : [];
    const id = colCount ? JSON.stringify(cpath) : NO_COLS;
    if (raw.b) (line.bounds ??= new Map()).set(id, raw.b);
    if (!cols.has(id)) cols.set(id, { id, path: cpath });
    if (raw.level === 0) grandOrder.push(id);
    line.cells.set(id, raw.m);
  }
  // Columns in the core's order (the grand total lines carry every column, sorted); else sorted as text.
  const all = [...cols.values()];
  const rank = new Map(grandOrder.map((id, i) => [id, i]));
  const colKeys =
    rank.size === all.length ? all.sort((a, b) => rank.get(a.id)! - rank.get(b.id)!) : all.sort((a, b) => comparePaths(a.path, b.path));
  return { rowCount, colCount, measureCount, colKeys, lines: out, estimate: lines.some((l) => !!l.b) };
}

/** The model of a pivot answer, knowing its row and column fields (for how their empty values read). */
export function modelFromTable(t: Table, spec: { rows?: string[]; cols?: string[]; measures?: unknown[] }): PivotModel {
  return modelFromLines(rawLines(t, spec.rows?.length ?? 0, spec.cols?.length ?? 0, spec.measures?.length ?? 1), spec);
}

/** The model of a pivot's lines (the core's, or a brush move's added up here: lib/brushIndex.ts). */
export function modelFromLines(lines: RawLine[], spec: { rows?: string[]; cols?: string[]; measures?: unknown[] }): PivotModel {
  const rows = spec.rows ?? [];
  const cols = spec.cols ?? [];
  const m = buildModel(lines, rows.length, cols.length, spec.measures?.length ?? 1);
  return { ...m, rowFields: rows, colFields: cols };
}

/** A sort of the table: by a row field's values, or by a data column (column key + measure). */
export type PivotSort =
  { by: 'row'; index: number; dir: 'asc' | 'desc' } | { by: 'cell'; col: string; measure: number; dir: 'asc' | 'desc' };

/** The value a line shows in a data column ('total' is the column total). */
export function cellValue(line: PivotLine, col: string, measure: number): number | null {
  const v = col === 'total' ? line.total : line.cells.get(col);
  return v?.[measure] ?? null;
}

/** An estimate's bounds for a cell, or null (exact figures have none). */
export function cellBound(line: PivotLine, col: string, measure: number): Bound | null {
  return line.bounds?.get(col)?.[measure] ?? null;
}

interface Node {
  line?: PivotLine;
  path: Key[];
  children: Node[];
}

/**
 * The lines in display order: each group's lines, then its subtotal; the grand total last. Sorting
 * orders siblings within their parent; missing values go last; "(other)" always stays last.
 */
export function orderLines(model: PivotModel, sort: PivotSort | null): PivotLine[] {
  const nodes = new Map<string, Node>();
  const nodeOf = (path: Key[]): Node => {
    const k = JSON.stringify(path);
    let n = nodes.get(k);
    if (!n) {
      n = { path, children: [] };
      nodes.set(k, n);
      if (path.length) nodeOf(path.slice(0, -1)).children.push(n);
    }
    return n;
  };
  const root = nodeOf([]);
  for (const line of model.lines) nodeOf(line.path).line = line;

  const sign = sort?.dir === 'desc' ? -1 : 1;
  const compare = (a: Node, b: Node): number => {
    const depth = a.path.length;
    const oa = depth === 1 && a.path[0] === OTHER;
    const ob = depth === 1 && b.path[0] === OTHER;
    if (oa !== ob) return oa ? 1 : -1;
    if (!sort) return 0;
    if (sort.by === 'row') return sort.index === depth - 1 ? sign * byText(a.path[depth - 1]!, b.path[depth - 1]!) : 0;
    const va = a.line ? cellValue(a.line, sort.col, sort.measure) : null;
    const vb = b.line ? cellValue(b.line, sort.col, sort.measure) : null;
    if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
    return sign * (va - vb);
  };
  const out: PivotLine[] = [];
  const walk = (n: Node) => {
    const kids = n.children.map((c, i) => ({ c, i })).sort((x, y) => compare(x.c, y.c) || x.i - y.i);
    for (const { c } of kids) {
      if (c.children.length) walk(c);
      if (c.line) out.push(c.line);
    }
  };
  walk(root);
  if (root.line) out.push(root.line);
  return out;
}

/**
 * The row header texts of a line as laid out: a value shows where it changes from the line above,
 * a subtotal reads "<value> total" in its level's column, the grand total "Grand total".
 */
export function rowHeaderTexts(line: PivotLine, prev: PivotLine | undefined, rowCount: number, fields: string[] = []): string[] {
  const out: string[] = Array.from({ length: Math.max(rowCount, 1) }, () => '');
  if (line.level === 0) {
    out[0] = 'Grand total';
    return out;
  }
  if (line.level < rowCount) {
    out[line.level - 1] = `${keyText(line.path[line.level - 1]!, fields[line.level - 1])} total`;
    return out;
  }
  let same = !!prev && prev.level === rowCount;
  for (let i = 0; i < rowCount; i++) {
    same = same && prev!.path[i] === line.path[i];
    if (!same) out[i] = keyText(line.path[i]!, fields[i]);
  }
  return out;
}

/** The kind of a line, for styling and export. */
export const lineKind = (line: PivotLine, rowCount: number): 'detail' | 'subtotal' | 'total' =>
  line.level === 0 ? 'total' : line.level < rowCount ? 'subtotal' : 'detail';
