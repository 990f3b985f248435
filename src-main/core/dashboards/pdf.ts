import { createWriteStream } from 'node:fs';
import { AceError } from '../lib/errors';
import { loadPdfkit } from '../lib/lazy';
import type { z } from 'zod';
import { dashboardPdfInput } from '../../contract/dashboards';

type PdfInput = z.output<typeof dashboardPdfInput>;
type Page = z.output<typeof dashboardPdfInput>['pages'][number];

// Landscape US Letter in points, as a projector or a printout shows it.
const W = 792;
const H = 612;
const M = 36;
const INK = '#111111';
const GREY = '#555555';

/**
 * The standard PDF fonts cover Windows-1252 only: a few signs the screens use get their ASCII form,
 * anything else outside it becomes "?" instead of a wrong glyph.
 */
const ASCII_FORMS: Record<string, string> = {
  '→': '->',
  '←': '<-',
  '≥': '>=',
  '≤': '<=',
  '×': 'x',
  '÷': '/',
  '−': '-',
  '·': '-',
  '≈': '~',
  ' ': ' ',
};
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
export function pdfText(s: string): string {
  return [...s].map((c) => ASCII_FORMS[c] ?? (c.charCodeAt(0) <= 0xff || WIN_ANSI_EXTRA.has(c) ? c : '?')).join('');
}

/**
 * The dashboard or presentation as a PDF (pdfkit, in the host): one landscape page per tile in slide
 * order, each with its title, what the figures cover, its chart image or figures/table, and its note.
 * 'dashboard' starts with a cover listing the tiles. Returns the bytes and the page count.
 */
export async function dashboardPdf(input: PdfInput): Promise<{ bytes: Uint8Array; pages: number }> {
  const chunks: Buffer[] = [];
  const doc = await newDoc(input);
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  const pages = draw(doc, input);
  return done.then(() => ({ bytes: new Uint8Array(Buffer.concat(chunks)), pages }));
}

/** The same PDF written to a file as pdfkit makes it (the export job), never whole in memory. */
export async function writeDashboardPdf(input: PdfInput, file: string): Promise<{ pages: number; bytes: number }> {
  const doc = await newDoc(input);
  const out = createWriteStream(file, { mode: 0o600 });
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', () => resolve());
    out.on('error', reject);
  });
  doc.pipe(out);
  let pages: number;
  try {
    pages = draw(doc, input);
  } catch (e) {
    out.destroy();
    throw e;
  }
  await finished;
  return { pages, bytes: out.bytesWritten };
}

async function newDoc(input: PdfInput): Promise<PDFKit.PDFDocument> {
  const PDFDocument = await loadPdfkit();
  return new PDFDocument({
    size: [W, H],
    margin: M,
    autoFirstPage: false,
    info: { Title: pdfText(input.name), Creator: 'ACE Workstation' },
  });
}

/** Draws every page and ends the document; returns the page count. */
function draw(doc: PDFKit.PDFDocument, input: PdfInput): number {
  let pages = 0;
  const addPage = () => {
    doc.addPage({ size: [W, H], margin: M });
    pages += 1;
  };
  if (input.layout === 'dashboard') {
    addPage();
    doc
      .font('Helvetica-Bold')
      .fontSize(30)
      .fillColor(INK)
      .text(pdfText(input.name), M, 160, { width: W - 2 * M });
    if (input.scope)
      doc
        .moveDown(0.4)
        .font('Helvetica')
        .fontSize(14)
        .fillColor(GREY)
        .text(pdfText(input.scope), { width: W - 2 * M });
    doc.moveDown(1.2).font('Helvetica').fontSize(12).fillColor(INK);
    input.pages.forEach((p, i) => doc.text(`${i + 1}.  ${pdfText(p.title)}`, { width: W - 2 * M }));
    doc
      .moveDown(1.5)
      .fontSize(10)
      .fillColor(GREY)
      .text(`Made with ACE Workstation on ${new Date().toISOString().slice(0, 10)}.`);
  }
  input.pages.forEach((p, i) => pagesOf(doc, p, input, `${i + 1} / ${input.pages.length}`, addPage));
  doc.end();
  return pages;
}

/** One tile: usually one page; a long table continues on more, its header repeated. */
function pagesOf(doc: PDFKit.PDFDocument, p: Page, input: PdfInput, counter: string, addPage: () => void): void {
  const header = () => {
    addPage();
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor(GREY)
      .text(pdfText([input.name, input.scope].filter(Boolean).join('  -  ')), M, M - 14, {
        width: W - 2 * M - 60,
        lineBreak: false,
        ellipsis: true,
      });
    doc.text(counter, W - M - 60, M - 14, { width: 60, align: 'right', lineBreak: false });
    doc
      .font('Helvetica-Bold')
      .fontSize(22)
      .fillColor(INK)
      .text(pdfText(p.title || 'Untitled'), M, M + 4, { width: W - 2 * M, lineBreak: false, ellipsis: true });
    return M + 40;
  };
  let top = header();
  const noteHeight = p.note
    ? Math.min(
        110,
        doc
          .font('Helvetica')
          .fontSize(12)
          .heightOfString(pdfText(p.note), { width: W - 2 * M }) + 10,
      )
    : 0;
  const caveatHeight = p.caveat ? 16 : 0;
  const bottom = H - M - noteHeight - caveatHeight;

  if (p.kpis.length) top = kpis(doc, p.kpis, top);
  if (p.png) {
    const img = Buffer.from(p.png.slice(p.png.indexOf(',') + 1), 'base64');
    // Only a real PNG is drawn: anything else is the caller's mistake, said as such.
    if (!img.subarray(0, 8).equals(PNG_SIGNATURE))
      throw new AceError(
        'BAD_INPUT',
        `The chart image of "${p.title || 'a tile'}" is not a PNG picture. Reload the dashboard and try again.`,
      );
    const height = bottom - top - 6;
    if (height > 40) doc.image(img, M, top, { fit: [W - 2 * M, height], align: 'center', valign: 'center' });
    top = bottom;
  }
  if (p.table) table(doc, p.table, top, bottom, header);
  if (p.caveat)
    doc
      .font('Helvetica-Oblique')
      .fontSize(10)
      .fillColor(GREY)
      .text(pdfText(p.caveat), M, H - M - noteHeight - caveatHeight, { width: W - 2 * M, lineBreak: false, ellipsis: true });
  if (p.note)
    doc
      .font('Helvetica')
      .fontSize(12)
      .fillColor(INK)
      .text(pdfText(p.note), M, H - M - noteHeight + 6, { width: W - 2 * M, height: noteHeight, ellipsis: true });
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function kpis(doc: PDFKit.PDFDocument, items: Page['kpis'], top: number): number {
  const perRow = Math.min(4, items.length);
  const w = (W - 2 * M) / perRow;
  items.forEach((k, i) => {
    const x = M + (i % perRow) * w;
    const y = top + Math.floor(i / perRow) * 78;
    doc
      .font('Helvetica')
      .fontSize(11)
      .fillColor(GREY)
      .text(pdfText(k.label), x, y, { width: w - 12, lineBreak: false, ellipsis: true });
    doc
      .font('Helvetica-Bold')
      .fontSize(26)
      .fillColor(INK)
      .text(pdfText(k.value), x, y + 18, { width: w - 12, lineBreak: false, ellipsis: true });
  });
  return top + Math.ceil(items.length / perRow) * 78 + 8;
}

const ROW = 17;

function table(doc: PDFKit.PDFDocument, t: NonNullable<Page['table']>, top: number, bottom: number, newPage: () => number): number {
  const n = Math.max(1, t.columns.length);
  // The first column (names) takes a larger share; figures share the rest.
  const first = n === 1 ? W - 2 * M : Math.max(140, (W - 2 * M) * 0.3);
  const rest = n === 1 ? 0 : (W - 2 * M - first) / (n - 1);
  const x = (i: number) => (i === 0 ? M : M + first + (i - 1) * rest);
  const width = (i: number) => (i === 0 ? first : rest) - 6;
  const line = (cells: string[], y: number, bold: boolean) => {
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(10)
      .fillColor(INK);
    cells.forEach((c, i) =>
      doc.text(pdfText(c), x(i), y + 3, { width: width(i), align: i === 0 ? 'left' : 'right', lineBreak: false, ellipsis: true }),
    );
  };
  const head = (y: number) => {
    line(t.columns, y, true);
    doc
      .moveTo(M, y + ROW)
      .lineTo(W - M, y + ROW)
      .lineWidth(0.8)
      .strokeColor(INK)
      .stroke();
    return y + ROW + 2;
  };
  let y = head(top);
  for (const [i, r] of t.rows.entries()) {
    if (y + ROW > bottom) y = head(newPage());
    if (i % 2 === 1)
      doc
        .rect(M, y, W - 2 * M, ROW)
        .fillColor('#f0f2f5')
        .fill();
    line(r, y, false);
    y += ROW;
  }
  return y;
}
