import { createWriteStream } from 'node:fs';
import { loadPdfkit } from '../lib/lazy';
import { LEADING, PdfType } from '../lib/pdfType';
import { pdfFonts, type PdfFonts } from '../lib/fonts';
import type { DrawRecord, DrawWinner } from '../../contract/draw';

/** Contact details in a report handed around: enough to recognise, not to copy (a***@example.com, ***-0101). */
export function maskContact(w: DrawWinner): string {
  if (w.email) {
    const [user, domain] = w.email.split('@');
    return `${user!.slice(0, 1)}***@${domain ?? ''}`;
  }
  if (w.phone) return `***-${w.phone.slice(-4)}`;
  return '';
}

/**
 * The draw's audit report as a PDF: who drew, when, the rules, exclusions, seed, pool and its hash,
 * winners and alternates in order, and how to verify it. Built in the core (pdfkit), so the desktop
 * app, browser mode and the CLI produce the same file.
 */
export async function drawReportPdf(d: DrawRecord, workspaceName: string): Promise<Uint8Array> {
  const fonts = await pdfFonts();
  const doc = await newDoc(d, workspaceName);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve) => doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))));
  draw(doc, d, workspaceName, fonts);
  return done;
}

/** The same report written to a file as pdfkit makes it (the export job). */
export async function writeDrawReportPdf(d: DrawRecord, workspaceName: string, file: string): Promise<number> {
  const fonts = await pdfFonts();
  const doc = await newDoc(d, workspaceName);
  const out = createWriteStream(file, { mode: 0o600 });
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', () => resolve());
    out.on('error', reject);
  });
  doc.pipe(out);
  draw(doc, d, workspaceName, fonts);
  await finished;
  return out.bytesWritten;
}

async function newDoc(d: DrawRecord, workspaceName: string): Promise<PDFKit.PDFDocument> {
  const PDFDocument = await loadPdfkit();
  return new PDFDocument({
    size: 'LETTER',
    margin: 54,
    compress: false,
    info: { Title: `Winner draw: ${d.tier}`, Author: d.drawnBy ?? 'ACE Workstation', Subject: workspaceName },
  });
}

function draw(doc: PDFKit.PDFDocument, d: DrawRecord, workspaceName: string, fonts: PdfFonts): void {
  // The embedded Unicode fonts (lib/fonts.ts): a winner named Дмитрий or 王芳 prints as such, not as "?".
  const type = new PdfType(doc, fonts);
  doc.font('ace-bold').fontSize(20).text(`Winner draw: ${d.tier}`);
  doc.moveDown(0.3).font('ace-regular').fontSize(11).fillColor('#444').text(workspaceName);
  doc.moveDown();
  const fact = (label: string, value: string) => {
    doc.font('ace-bold').fillColor('#000').text(`${label}: `, { continued: true }).font('ace-regular').text(value);
  };
  fact('Draw id', d.drawId);
  fact('Drawn', `${d.drawnAt} (UTC)${d.drawnBy ? ` by ${d.drawnBy}` : ''}`);
  fact('Winners', `${d.count}, with ${d.alternates} alternate(s) in order`);
  fact('Eligible people', `${d.poolSize.toLocaleString('en-US')} (after the rules, ${d.excludeCount} exclusion(s) and earlier winners)`);
  fact('Seed', d.seed);
  fact('Pool fingerprint (SHA-256)', d.poolHash);
  doc.moveDown(0.5).font('ace-bold').text('Eligibility rule');
  doc
    .font('Courier')
    .fontSize(9)
    .text(d.rule ? JSON.stringify(d.rule, null, 1) : 'everyone who entered');
  doc.fontSize(11);

  const table = (title: string, people: DrawWinner[], rankOffset: number) => {
    doc.moveDown().font('ace-bold').fontSize(13).text(title);
    doc.fontSize(10);
    if (people.length === 0) doc.font('ace-regular').text('none');
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    for (const w of people) {
      const name = [w.firstName, w.lastName].filter(Boolean).join(' ') || '(no name)';
      // One line per person, drawn run by run so a name in Chinese or Korean uses the font that has it.
      if (doc.y + 10 * LEADING > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const y = doc.y;
      type.line(
        `${String(w.rank - rankOffset).padStart(3)}.  ${w.entrantId}   ${name}   ${maskContact(w)}${w.zip ? `   ${w.zip}` : ''}`,
        left,
        y,
        {
          size: 10,
          width,
        },
      );
      doc.font('ace-regular').fontSize(10);
      doc.x = left;
      doc.y = y + 10 * LEADING;
    }
  };
  table('Winners', d.winners, 0);
  table('Alternates (in order)', d.alternatesDrawn, d.count);

  doc.moveDown().font('ace-bold').fontSize(11).text('How to verify');
  doc
    .font('ace-regular')
    .fontSize(10)
    .text(
      `Anyone with the workspace can re-run this draw: ace draw --workspace <file> --verify ${d.drawId}. The same seed over the same ` +
        'eligible people (listed in entrant id order, fingerprinted above) gives the same winners in the same order. Each winner is ' +
        'chosen uniformly at random (a partial Fisher-Yates shuffle driven by sfc32 seeded with the SHA-256 of the seed).',
    );
  doc.end();
}
