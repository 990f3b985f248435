import { createWriteStream } from 'node:fs';
import { AceError } from '../lib/errors';
import { loadPdfkit } from '../lib/lazy';
import { PdfType } from '../lib/pdfType';
import { pdfFonts, type PdfFonts } from '../lib/fonts';
import { drawTablePage, layoutTable, tablePageNote } from './pdfTable';
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
 * The dashboard or presentation as a PDF (pdfkit, in the host): one landscape page per tile in slide
 * order, each with its title, what the figures cover, its chart image or figures/table, and its note.
 * 'dashboard' starts with a cover listing the tiles. Returns the bytes and the page count.
 */
export async function dashboardPdf(input: PdfInput): Promise<{ bytes: Uint8Array; pages: number }> {
  const chunks: Buffer[] = [];
  const fonts = await pdfFonts();
  const doc = await newDoc(input);
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  const pages = draw(doc, input, fonts);
  return done.then(() => ({ bytes: new Uint8Array(Buffer.concat(chunks)), pages }));
}

/** The same PDF written to a file as pdfkit makes it (the export job), never whole in memory. */
export async function writeDashboardPdf(input: PdfInput, file: string): Promise<{ pages: number; bytes: number }> {
  const fonts = await pdfFonts();
  const doc = await newDoc(input);
  const out = createWriteStream(file, { mode: 0o600 });
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', () => resolve());
    out.on('error', reject);
  });
  doc.pipe(out);
  let pages: number;
  try {
    pages = draw(doc, input, fonts);
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
    info: { Title: input.name, Creator: 'ACE Workstation' },
  });
}

/** Draws every page and ends the document; returns the page count. */
function draw(doc: PDFKit.PDFDocument, input: PdfInput, fonts: PdfFonts): number {
  const type = new PdfType(doc, fonts);
  let pages = 0;
  const addPage = () => {
    doc.addPage({ size: [W, H], margin: M });
    pages += 1;
  };
  if (input.layout === 'dashboard') {
    addPage();
    let y = 160 + type.para(input.name, M, 160, { size: 30, bold: true, width: W - 2 * M, maxLines: 2 });
    if (input.scope) y += 8 + type.para(input.scope, M, y + 8, { size: 14, color: GREY, width: W - 2 * M, maxLines: 4 });
    y += 24;
    for (const [i, p] of input.pages.entries()) y += type.para(`${i + 1}.  ${p.title}`, M, y, { size: 12, width: W - 2 * M, maxLines: 1 });
    type.line(`Made with ACE Workstation on ${new Date().toISOString().slice(0, 10)}.`, M, y + 24, {
      size: 10,
      color: GREY,
      width: W - 2 * M,
    });
  }
  input.pages.forEach((p, i) => pagesOf(doc, type, p, input, `${i + 1} / ${input.pages.length}`, addPage));
  doc.end();
  return pages;
}

/** One tile: usually one page; a long or wide table continues on more, its header and labels repeated. */
function pagesOf(doc: PDFKit.PDFDocument, type: PdfType, p: Page, input: PdfInput, counter: string, addPage: () => void): void {
  const width = W - 2 * M;
  const scope = p.scope ?? input.scope;
  const header = () => {
    addPage();
    type.line(input.name, M, M - 16, { size: 9, color: GREY, width: width - 70 });
    type.line(counter, W - M - 60, M - 16, { size: 9, color: GREY, width: 60, align: 'right' });
    let y = M + 2 + type.para(p.title || 'Untitled', M, M + 2, { size: 22, bold: true, width, maxLines: 2 });
    // What the figures cover, on every page: a page shown alone still says which dates and filters it is.
    if (scope) y += 2 + type.para(scope, M, y + 2, { size: 11, color: GREY, width, maxLines: 3 });
    return y + 10;
  };
  let top = header();
  const noteStyle = { size: 12, width, maxLines: 6 };
  // A page of words only (a tile with no chart, figures or table) has them under its title, not at its foot.
  const wordsOnly = !p.png && !p.kpis.length && !p.table;
  const noteHeight = p.note && !wordsOnly ? type.heightOf(p.note, noteStyle) + 10 : 0;
  const caveatHeight = p.caveat ? 16 : 0;
  const bottom = H - M - noteHeight - caveatHeight;
  const footer = () => {
    if (p.caveat) type.line(p.caveat, M, H - M - noteHeight - caveatHeight, { size: 10, color: GREY, width });
  };

  if (p.kpis.length) top = kpis(type, p.kpis, top);
  if (p.png) {
    const img = Buffer.from(p.png.slice(p.png.indexOf(',') + 1), 'base64');
    // Only a real PNG is drawn: anything else is the caller's mistake, said as such.
    if (!img.subarray(0, 8).equals(PNG_SIGNATURE))
      throw new AceError(
        'BAD_INPUT',
        `The chart image of "${p.title || 'a tile'}" is not a PNG picture. Reload the dashboard and try again.`,
      );
    const height = bottom - top - 6;
    if (height > 40) doc.image(img, M, top, { fit: [width, height], align: 'center', valign: 'center' });
    top = bottom;
  }
  if (p.note) type.para(p.note, M, wordsOnly ? top : H - M - noteHeight + 6, wordsOnly ? { ...noteStyle, maxLines: 24 } : noteStyle);
  footer();
  if (p.table) {
    // A line under the table says which rows and columns a page has, and what the PDF leaves out.
    const NOTE = 18;
    const layout = layoutTable(type, p.table, width, bottom - top - NOTE, H - M - caveatHeight - top - NOTE);
    const more = p.table.more;
    const left = [more?.rows ? `${more.rows} more rows` : '', more?.columns ? `${more.columns} more columns` : ''].filter(Boolean);
    layout.pages.forEach((page, i) => {
      if (i > 0) {
        top = header();
        footer();
      }
      const y = drawTablePage(doc, type, p.table!, layout, page, M, top);
      const last = i === layout.pages.length - 1;
      const note = [
        tablePageNote(p.table!, layout, page),
        last ? '' : 'continued on the next page',
        last && left.length ? `+${left.join(' and +')} not in this PDF: Explore shows them all` : '',
      ]
        .filter(Boolean)
        .join(' · ');
      if (note) type.line(note, M, y + 4, { size: 9.5, color: GREY, width });
    });
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function kpis(type: PdfType, items: Page['kpis'], top: number): number {
  const perRow = Math.min(4, items.length);
  const w = (W - 2 * M) / perRow;
  items.forEach((k, i) => {
    const x = M + (i % perRow) * w;
    const y = top + Math.floor(i / perRow) * 78;
    type.line(k.label, x, y, { size: 11, color: GREY, width: w - 12 });
    // An exact figure too long for its column at 26 pt is set smaller, whole: never "$226,…".
    const size = Math.max(12, Math.min(26, (26 * (w - 12)) / type.width(k.value, { size: 26, bold: true })));
    type.line(k.value, x, y + 18 + (26 - size) * 0.8, { size, bold: true, color: INK, width: w - 12 });
  });
  return top + Math.ceil(items.length / perRow) * 78 + 8;
}
