import type { ShownCells } from './pages/ExplorePage';

/** `ace pivot --json` as the e2e tests read it, and the cells Explore's table must show for it. */
export const DASH = '–';

// The formats the issue asks for, written out independently of the renderer's code.
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
export const FORMATS: Record<string, (v: number | null) => string> = {
  entries: (v) => (v === null ? DASH : count.format(v)),
  redemptions: (v) => (v === null ? DASH : count.format(v)),
  revenue: (v) => (v === null ? DASH : money.format(v)),
};

export interface CliPivot {
  rows: string[];
  cols: string[];
  measures: string[];
  lines: Record<string, string | number | boolean | null>[];
}

/** What the table must show for a CLI pivot: every figure, by row path, column key and measure. */
export function expectedCells(p: CliPivot): ShownCells {
  const out: ShownCells = {};
  // A combination with no entries has no line: the table shows a dash there.
  const paths = new Set<string>();
  const cols = new Set<string>();
  for (const l of p.lines) {
    paths.add(JSON.stringify(p.rows.slice(0, l.level as number).map((r) => l[r] as string | null)));
    cols.add(p.cols.length ? (l.col_total ? 'total' : JSON.stringify(p.cols.map((c) => l[c] as string | null))) : '[]');
  }
  for (const path of paths) for (const col of cols) p.measures.forEach((_, i) => (out[`${path}|${col}|${i}`] = DASH));
  for (const l of p.lines) {
    const level = l.level as number;
    const path = p.rows.slice(0, level).map((r) => l[r] as string | null);
    const col = p.cols.length ? (l.col_total ? 'total' : JSON.stringify(p.cols.map((c) => l[c] as string | null))) : '[]';
    p.measures.forEach((m, i) => (out[`${JSON.stringify(path)}|${col}|${i}`] = FORMATS[m]!(l[m] as number | null)));
  }
  return out;
}

export const grandTotal = (p: CliPivot, m = 'entries') =>
  p.lines.find((l) => l.level === 0 && (p.cols.length === 0 || l.col_total))![m] as number;
