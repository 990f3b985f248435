import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Opening and rendering PDFs the way a reader would, with poppler (pdfinfo, pdftotext, pdftoppm; the
 * `poppler-utils` package, installed by .ci/run). Used by tests only. Spawned synchronously: call these
 * where no server runs in the same process.
 */
function tool(name: string, args: string[]): Buffer {
  const r = spawnSync(name, args, { maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`${name} is missing: install poppler-utils (apt-get install poppler-utils). ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${name} could not read the PDF: ${r.stderr.toString()}`);
  return r.stdout;
}

function asFile(pdf: Uint8Array | string): { path: string; done: () => void } {
  if (typeof pdf === 'string') return { path: pdf, done: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'ace-pdf-'));
  const path = join(dir, 'file.pdf');
  writeFileSync(path, pdf);
  return { path, done: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface PdfInfo {
  pages: number;
  /** Width and height of the first page in points. */
  size: [number, number];
  title: string | null;
}

export function pdfInfo(pdf: Uint8Array | string): PdfInfo {
  const f = asFile(pdf);
  try {
    const out = tool('pdfinfo', [f.path]).toString('utf8');
    const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(out);
    return {
      pages: Number(/Pages:\s+(\d+)/.exec(out)?.[1] ?? 0),
      size: [Number(size?.[1]), Number(size?.[2])],
      title: /Title:\s+(.*)/.exec(out)?.[1]?.trim() ?? null,
    };
  } finally {
    f.done();
  }
}

/** The text of one page (1-based), as a reader extracts it. */
export function pdfPageText(pdf: Uint8Array | string, page: number): string {
  const f = asFile(pdf);
  try {
    return tool('pdftotext', ['-layout', '-f', String(page), '-l', String(page), f.path, '-']).toString('utf8');
  } finally {
    f.done();
  }
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  /** Has a ToUnicode map: its text can be copied and searched. */
  unicode: boolean;
}

/** The fonts a PDF uses, as pdffonts lists them. */
export function pdfFonts(pdf: Uint8Array | string): PdfFont[] {
  const f = asFile(pdf);
  try {
    const lines = tool('pdffonts', [f.path]).toString('utf8').split('\n').slice(2).filter(Boolean);
    // name type encoding emb sub uni object ID: the type may have spaces ("CID TrueType"), so read from the right.
    return lines.map((l) => {
      const cols = l.trim().split(/\s+/);
      const [emb, , uni] = cols.slice(-5, -2);
      return { name: cols[0]!, type: cols.slice(1, -6).join(' '), embedded: emb === 'yes', unicode: uni === 'yes' };
    });
  } finally {
    f.done();
  }
}

export interface Rendered {
  width: number;
  height: number;
  /** Share of pixels darker than mid grey. */
  dark: number;
  /** Share of pixels with any ink at all (not white). */
  inked: number;
  /** Distinct grey levels used (a blank page has 1). */
  levels: number;
  /** The share of dark pixels in a box, given in fractions of the page (x, y, w, h). */
  darkIn: (x: number, y: number, w: number, h: number) => number;
}

/** Renders one page (1-based) to a greyscale bitmap at `dpi` and measures it. */
export function renderPage(pdf: Uint8Array | string, page: number, dpi = 50): Rendered {
  const f = asFile(pdf);
  try {
    const pgm = tool('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), f.path]);
    return measurePgm(pgm);
  } finally {
    f.done();
  }
}

/** A binary PGM (P5) bitmap's measures. */
export function measurePgm(pgm: Buffer): Rendered {
  // Header: "P5", width, height, maxval, each separated by whitespace, then one byte per pixel.
  const head = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!head) throw new Error('not a PGM image');
  const [, w, h] = head.map(Number) as [number, number, number];
  const px = pgm.subarray(head[0].length);
  let dark = 0;
  let inked = 0;
  const levels = new Set<number>();
  for (const v of px) {
    if (v < 128) dark++;
    if (v < 245) inked++;
    levels.add(v);
  }
  const darkIn = (x: number, y: number, bw: number, bh: number) => {
    let n = 0;
    let d = 0;
    for (let r = Math.floor(y * h); r < Math.min(h, Math.floor((y + bh) * h)); r++)
      for (let c = Math.floor(x * w); c < Math.min(w, Math.floor((x + bw) * w)); c++) {
        n++;
        if (px[r * w + c]! < 128) d++;
      }
    return n ? d / n : 0;
  };
  return { width: w, height: h, dark: dark / px.length, inked: inked / px.length, levels: levels.size, darkIn };
}

export const readPdf = (path: string) => new Uint8Array(readFileSync(path));
