import type { z } from 'zod';
import type { pdfPage } from '../../contract/dashboards';
import { LEADING, type PdfType } from '../lib/pdfType';

export type PdfTable = NonNullable<z.output<typeof pdfPage>['table']>;

/** Largest and smallest type of a table, in points. 9 pt on this 792 pt wide page is 14.5 px on a 1280 px slide. */
export const TABLE_MAX_PT = 11;
export const TABLE_MIN_PT = 9;
/** Padding inside a cell, each side. */
const PAD = 4;
/** Widest a label column gets before its labels wrap. */
const LABEL_MAX = 210;

export interface TablePage {
  /** Column indexes on this page: the labels, then a run of figures. */
  cols: number[];
  /** Row indexes on this page. */
  rows: number[];
}

export interface TableLayout {
  size: number;
  widths: number[];
  pages: TablePage[];
  /** How the figures' columns were split across pages, e.g. 2 groups. */
  colGroups: number;
}

const INK = '#111111';
const GREY = '#555555';
const STRIPE = '#f0f2f5';

/**
 * Lays out a table on pages of `width` x `height` (the first page may have less height): the largest type
 * between TABLE_MAX_PT and TABLE_MIN_PT at which every column fits across; when even the smallest does not,
 * the figures' columns go on as many pages as they need, with the label columns repeated. Long labels wrap
 * instead of being cut; rows go on the next page whole.
 */
export function layoutTable(type: PdfType, t: PdfTable, width: number, firstHeight: number, height: number): TableLayout {
  const n = t.columns.length;
  const labels = Math.min(t.labels, n);
  const at = (size: number, bold = false) => ({ size, bold });
  // Natural width of each column's text at 10 pt: its widest cell, or for labels at most LABEL_MAX (they wrap).
  const natural = t.columns.map((head, c) => {
    const cells = Math.max(0, ...t.rows.map((r) => type.width(r[c] ?? '', at(10))));
    // A heading wraps at its spaces: its longest word is what it needs.
    const headWord = Math.max(0, ...head.split(/\s+|·/).map((w) => type.width(w, at(10, true))));
    const w = Math.max(cells, headWord);
    return c < labels ? Math.min(w, (LABEL_MAX * 10) / TABLE_MAX_PT) : w;
  });
  const total = natural.reduce((a, b) => a + b, 0);
  const size = Math.max(TABLE_MIN_PT, Math.min(TABLE_MAX_PT, (10 * (width - 2 * PAD * n)) / Math.max(1, total)));
  // Rounded up a little: the width of a string at a size is not exactly proportional (hinting, kerning).
  const scaled = natural.map((w) => Math.ceil((w * size) / 10 + 2 * PAD + 1));
  // Groups of figure columns that fit beside the labels.
  const labelWidth = scaled.slice(0, labels).reduce((a, b) => a + b, 0);
  const groups: number[][] = [];
  for (let c = labels; c < n; c++) {
    const g = groups[groups.length - 1];
    const used = g ? g.reduce((a, i) => a + scaled[i]!, labelWidth) : Infinity;
    if (g && used + scaled[c]! <= width) g.push(c);
    else groups.push([c]);
  }
  if (!groups.length) groups.push([]);
  // Spare width goes to the labels (fewer wrapped lines), then evenly.
  const widths = [...scaled];
  for (const g of groups.slice(0, 1)) {
    const spare = width - g.reduce((a, i) => a + widths[i]!, labelWidth);
    // To the label column that wraps most, else spread over the figures.
    const widest = natural.slice(0, labels).reduce((best, w, i) => (w > natural[best]! ? i : best), 0);
    if (spare > 0 && labels) widths[widest]! += spare;
    else if (spare > 0 && g.length) g.forEach((i) => (widths[i]! += spare / g.length));
  }
  const pages: TablePage[] = [];
  for (const g of groups) {
    const cols = [...Array.from({ length: labels }, (_, i) => i), ...g];
    const headH = headHeight(type, t, cols, widths, size);
    let rows: number[] = [];
    let room = (pages.length ? height : firstHeight) - headH;
    for (let r = 0; r < t.rows.length; r++) {
      const h = rowHeight(type, t.rows[r]!, cols, widths, labels, size);
      if (h > room && rows.length) {
        pages.push({ cols, rows });
        rows = [];
        room = height - headH;
      }
      rows.push(r);
      room -= h;
    }
    pages.push({ cols, rows });
  }
  return { size, widths, pages, colGroups: groups.length };
}

/** A heading's lines: "Boston · Entries" puts the column's value over its measure, each wrapped if it must. */
const headLines = (type: PdfType, text: string, width: number, size: number) =>
  text.split(' · ').flatMap((part) => type.wrap(part, width, { size, bold: true }));

const headHeight = (type: PdfType, t: PdfTable, cols: number[], widths: number[], size: number) =>
  Math.max(...cols.map((c) => headLines(type, t.columns[c] ?? '', widths[c]! - 2 * PAD, size).length)) * size * LEADING + 2 * PAD;

const rowHeight = (type: PdfType, row: string[], cols: number[], widths: number[], labels: number, size: number) =>
  Math.max(
    size * LEADING,
    ...cols.filter((c) => c < labels).map((c) => type.heightOf(row[c] ?? '', { size, width: widths[c]! - 2 * PAD })),
  ) +
  2 * PAD;

/** Draws one page of the layout from (x, y); returns the y below it. */
export function drawTablePage(
  doc: PDFKit.PDFDocument,
  type: PdfType,
  t: PdfTable,
  layout: TableLayout,
  page: TablePage,
  x: number,
  y: number,
): number {
  const { size, widths } = layout;
  const labels = Math.min(t.labels, t.columns.length);
  const xs: number[] = [];
  page.cols.reduce((at, c) => (xs.push(at), at + widths[c]!), x);
  const right = xs[xs.length - 1]! + widths[page.cols[page.cols.length - 1]!]!;
  const headH = headHeight(type, t, page.cols, widths, size);
  page.cols.forEach((c, i) => {
    const style = { size, bold: true, color: INK, width: widths[c]! - 2 * PAD };
    const lines = headLines(type, t.columns[c] ?? '', style.width, size);
    // Headings sit on the rule below them, as in a spreadsheet.
    const top = y + headH - PAD - lines.length * size * LEADING;
    lines.forEach((l, j) => type.line(l, xs[i]! + PAD, top + j * size * LEADING, { ...style, align: c < labels ? 'left' : 'right' }));
  });
  y += headH;
  doc.moveTo(x, y).lineTo(right, y).lineWidth(0.8).strokeColor(INK).stroke();
  page.rows.forEach((r, k) => {
    const row = t.rows[r]!;
    const h = rowHeight(type, row, page.cols, widths, labels, size);
    if (k % 2 === 1)
      doc
        .rect(x, y, right - x, h)
        .fillColor(STRIPE)
        .fill();
    page.cols.forEach((c, i) => {
      const style = { size, color: INK, width: widths[c]! - 2 * PAD };
      if (c < labels) type.para(row[c] ?? '', xs[i]! + PAD, y + PAD, style);
      else type.line(row[c] ?? '', xs[i]! + PAD, y + PAD, { ...style, align: 'right' });
    });
    y += h;
  });
  return y;
}

/** What a page of the table shows of the whole, in words: "Rows 31–60 of 80 · columns 1–6 of 14". */
export function tablePageNote(t: PdfTable, layout: TableLayout, page: TablePage): string {
  const parts: string[] = [];
  const rows = t.rows.length + (t.more?.rows ?? 0);
  if (page.rows.length && (layout.pages.length > layout.colGroups || t.more?.rows))
    parts.push(`Rows ${page.rows[0]! + 1}–${page.rows[page.rows.length - 1]! + 1} of ${rows}`);
  if (layout.colGroups > 1 && page.cols.length > Math.min(t.labels, t.columns.length)) {
    const labels = Math.min(t.labels, t.columns.length);
    const figures = page.cols.filter((c) => c >= labels);
    const all = t.columns.length - labels + (t.more?.columns ?? 0);
    parts.push(`columns ${figures[0]! - labels + 1}–${figures[figures.length - 1]! - labels + 1} of ${all}`);
  }
  return parts.join(' · ');
}

export { GREY as TABLE_GREY };
