import type { PdfPage } from '../../../src-main/contract/dashboards';
import { dataColumns } from '../../lib/grid';
import { fmtMeasure, type MeasureKind } from '../../lib/measures';
import { cellValue, keyText, lineKind, type PivotLine, type PivotModel } from '../../lib/pivotModel';

/**
 * A table as a slide or a PDF page shows it, whole: the label columns (row fields) and the figures'
 * columns, each figure column named by its path (the column fields' values, then the measure). The
 * slide decides how much of it fits on a page; nothing here is cut.
 */
export interface SlideTableModel {
  /** Headings of the label columns (the row fields). */
  labelHeads: string[];
  /** Names of the column fields, shown in the corner above the labels. */
  colFields: string[];
  columns: { path: string[] }[];
  rows: { labels: string[]; cells: string[]; kind: 'detail' | 'subtotal' | 'total'; key: string }[];
}

/** A saved view's pivot: every line, its labels written out in full (a page may start anywhere). */
export function pivotSlideModel(
  model: PivotModel,
  lines: PivotLine[],
  labels: { rows: string[]; cols: string[]; measures: string[]; kinds: MeasureKind[] },
): SlideTableModel {
  const data = dataColumns(model);
  const rowCount = Math.max(model.rowCount, 1);
  return {
    labelHeads: model.rowCount ? labels.rows : [''],
    colFields: labels.cols,
    columns: data.map((d) => ({
      path: [
        ...(d.path
          ? d.path.map((k, c) => keyText(k, model.colFields?.[c]))
          : model.colCount
            ? Array.from({ length: model.colCount }, () => 'Total')
            : []),
        labels.measures[d.measure]!,
      ],
    })),
    rows: lines.map((line) => {
      const kind = lineKind(line, model.rowCount);
      const texts = Array.from({ length: rowCount }, (_, i) => (i < line.level ? keyText(line.path[i]!, model.rowFields?.[i]) : ''));
      if (kind === 'total') texts[0] = 'Grand total';
      else if (kind === 'subtotal') texts[line.level - 1] = `${texts[line.level - 1]} total`;
      return {
        labels: texts,
        cells: data.map((d) => fmtMeasure(labels.kinds[d.measure]!, cellValue(line, d.col, d.measure))),
        kind,
        key: JSON.stringify([line.level, line.path]),
      };
    }),
  };
}

/**
 * Header rows for some of the figure columns: one per level of their paths, neighbours with the same
 * values so far sharing one cell.
 */
export function headerRows(m: SlideTableModel, cols: number[]): { text: string; span: number; first: number }[][] {
  const depth = Math.max(1, ...cols.map((c) => m.columns[c]!.path.length));
  return Array.from({ length: depth }, (_, level) => {
    const cells: { text: string; span: number; first: number }[] = [];
    cols.forEach((c, i) => {
      const path = m.columns[c]!.path;
      const prev = i > 0 ? m.columns[cols[i - 1]!]!.path : null;
      const last = cells[cells.length - 1];
      if (last && prev && level < depth - 1 && path.slice(0, level + 1).every((v, j) => v === prev[j])) last.span += 1;
      else cells.push({ text: path[level] ?? '', span: 1, first: c });
    });
    return cells;
  });
}

/** Labels with a value repeated from the line above left blank (as a pivot reads), except on a page's first line. */
export function shownLabels(m: SlideTableModel, rows: number[]): string[][] {
  return rows.map((r, k) => {
    const row = m.rows[r]!;
    if (k === 0 || row.kind !== 'detail') return row.labels;
    const prev = m.rows[rows[k - 1]!]!;
    let same = prev.kind === 'detail';
    return row.labels.map((t, i) => {
      same = same && prev.labels[i] === t;
      return same && i < row.labels.length - 1 ? '' : t;
    });
  });
}

/** The whole table for the PDF, which lays it out on its pages itself (labels repeated on every line). */
export function pdfTableOf(m: SlideTableModel): NonNullable<PdfPage['table']> {
  const MAX_COLS = 64;
  const MAX_ROWS = 500;
  const labels = m.labelHeads.length;
  const cols = m.columns.slice(0, MAX_COLS - labels);
  return {
    labels,
    columns: [...m.labelHeads, ...cols.map((c) => c.path.join(' · '))],
    // Past the limit the grand total (the last line) still goes in; the note says how many lines are left out.
    rows: (m.rows.length > MAX_ROWS ? [...m.rows.slice(0, MAX_ROWS - 1), m.rows[m.rows.length - 1]!] : m.rows).map((r) => [
      ...r.labels,
      ...r.cells.slice(0, cols.length),
    ]),
    more: { rows: Math.max(0, m.rows.length - MAX_ROWS), columns: m.columns.length - cols.length },
  };
}
