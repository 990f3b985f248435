import { fmtMeasure, type MeasureKind } from './measures';
import { keyText, lineKind, rowHeaderTexts, type ColKey, type PivotLine, type PivotModel } from './pivotModel';
import { neutralise } from '../../src-main/contract/formula';

/** One data column of the laid-out pivot: a column key (or the column total) and a measure. */
export interface DataColumn {
  col: string;
  path: (string | null)[] | null;
  measure: number;
}

export function dataColumns(model: PivotModel): DataColumn[] {
  const out: DataColumn[] = [];
  const keys: (ColKey | null)[] = [...model.colKeys];
  if (model.colCount) keys.push(null);
  for (const k of keys) for (let m = 0; m < model.measureCount; m++) out.push({ col: k?.id ?? 'total', path: k?.path ?? null, measure: m });
  return out;
}

export interface GridCell {
  text: string;
  /** A figure (with its kind), or a label. */
  value?: number | null;
  kind?: MeasureKind;
  bold?: boolean;
}
export interface Grid {
  /** Header rows, as many as column fields plus the measures' row. */
  header: GridCell[][];
  body: GridCell[][];
  /** How many leading columns are row headers. */
  rowHeaderCount: number;
}

/**
 * The pivot exactly as the table shows it: one header row per column field (the field's label in the
 * corner, its values above their columns, "Total" over the column totals), then the measures' row
 * with the row fields' labels; then every line with its row headers and formatted figures.
 */
export function pivotGrid(
  model: PivotModel,
  lines: PivotLine[],
  rowLabels: string[],
  colLabels: string[],
  measureLabels: string[],
  kinds: MeasureKind[],
  opts: { repeatLabels?: boolean } = {},
): Grid {
  const columns = dataColumns(model);
  const rh = Math.max(rowLabels.length, 1);
  const header: GridCell[][] = [];
  for (let c = 0; c < colLabels.length; c++) {
    const corner: GridCell[] = Array.from({ length: rh }, () => ({ text: '' }));
    corner[rh - 1] = { text: colLabels[c]!, bold: true };
    header.push([
      ...corner,
      ...columns.map((d) => ({ text: d.path === null ? (c === 0 ? 'Total' : '') : keyText(d.path[c]!, model.colFields?.[c]), bold: true })),
    ]);
  }
  const names: GridCell[] = Array.from({ length: rh }, (_, i) => ({ text: rowLabels[i] ?? '', bold: true }));
  header.push([...names, ...columns.map((d) => ({ text: measureLabels[d.measure]!, bold: true }))]);
  const body = lines.map((line, i) => {
    const bold = lineKind(line, model.rowCount) !== 'detail';
    const texts = opts.repeatLabels
      ? fullRowHeaders(line, model.rowCount, model.rowFields)
      : rowHeaderTexts(line, lines[i - 1], model.rowCount, model.rowFields);
    const heads = texts.map((text) => ({ text, bold }));
    const figures = columns.map((d) => {
      const v = (d.col === 'total' ? line.total : line.cells.get(d.col))?.[d.measure] ?? null;
      const kind = kinds[d.measure]!;
      return { text: fmtMeasure(kind, v), value: v, kind, bold };
    });
    return [...heads, ...figures];
  });
  return { header, body, rowHeaderCount: rh };
}

/**
 * Row headers with every label written out (for a file a program or a filter reads): a detail line
 * names each level; a subtotal names its levels, then "Total"; the grand total says so.
 */
function fullRowHeaders(line: PivotLine, rowCount: number, fields: string[] = []): string[] {
  const out: string[] = Array.from({ length: Math.max(rowCount, 1) }, () => '');
  if (line.level === 0) {
    out[0] = 'Grand total';
    return out;
  }
  for (let i = 0; i < line.level; i++) out[i] = keyText(line.path[i]!, fields[i]);
  if (line.level < rowCount) out[line.level] = 'Total';
  return out;
}

/** A text cell a spreadsheet would run as a formula gets a leading apostrophe (one rule for every export). */
export { neutralise } from '../../src-main/contract/formula';

function csvField(text: string, sep: string): string {
  return text.includes(sep) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Delimited text of a grid. Labels are neutralised against formula injection; figures are written as
 * shown (their text is made by the app's own formats, never from the data).
 */
export function gridText(grid: Grid, sep: ',' | '\t'): string {
  const line = (cells: GridCell[]) =>
    cells
      .map((c) => {
        const text = c.kind ? c.text : neutralise(c.text);
        return sep === '\t' ? text.replace(/[\t\r\n]+/g, ' ') : csvField(text, sep);
      })
      .join(sep);
  return [...grid.header, ...grid.body].map(line).join('\r\n') + '\r\n';
}

/** Rows of values (from the data) as CSV: text neutralised, numbers and booleans as they are. */
export function rowsCsv(columns: string[], rows: unknown[][], withHeader = true): string {
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
    return csvField(neutralise(String(v)), ',');
  };
  const lines = rows.map((r) => r.map(cell).join(','));
  if (withHeader) lines.unshift(columns.map((c) => csvField(neutralise(c), ',')).join(','));
  return lines.length ? lines.join('\r\n') + '\r\n' : '';
}

/** A figure as a file holds it: money to the cent, counts whole, rates as fractions (0.125), no grouping. */
function plainNumber(kind: MeasureKind, v: number): string {
  if (kind === 'money') return (Math.round(v * 100) / 100).toFixed(2);
  if (kind === 'count') return String(Math.round(v));
  return String(v);
}

/**
 * A grid as a CSV file to compute with: figures as plain numbers (no "$", no thousands separators, a
 * missing figure empty), labels neutralised. `notes` come first, one "name,value" line each, then an
 * empty line, so the file says which filters and dates it answers.
 */
export function gridCsv(grid: Grid, notes: [string, string][] = []): string {
  const field = (t: string) => csvField(neutralise(t), ',');
  const line = (cells: GridCell[]) =>
    cells
      .map((c) =>
        c.kind
          ? c.value === null || c.value === undefined || !Number.isFinite(c.value)
            ? ''
            : plainNumber(c.kind, c.value)
          : field(c.text),
      )
      .join(',');
  const head = notes.length ? notes.map(([k, v]) => `${field(k)},${field(v)}`).join('\r\n') + '\r\n\r\n' : '';
  return head + [...grid.header, ...grid.body].map(line).join('\r\n') + '\r\n';
}
