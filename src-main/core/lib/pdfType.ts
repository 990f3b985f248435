import type { FontRole, PdfFonts } from './fonts';

/**
 * Text on a PDF page in the embedded Unicode fonts (lib/fonts.ts). pdfkit draws a string in one font, and
 * no single font has every script, so each string is cut into runs by the first font that has its
 * characters (text face, then CJK, then emoji), measured and drawn run by run on one baseline. Lines are
 * wrapped here too, so a name in Chinese or an emoji wraps and shortens like any other text.
 */

/** What a character no embedded font has prints as: a visible gap, never a wrong letter. */
export const MISSING = '□';
const ELLIPSIS = '…';
/** Line height as a share of the font size. */
export const LEADING = 1.25;

export interface TextStyle {
  size: number;
  bold?: boolean;
  color?: string;
}

interface Run {
  font: FontRole;
  text: string;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const splitGraphemes = (s: string) => [...graphemes.segment(s)].map((g) => g.segment);

export class PdfType {
  /** The text face's ascent as a share of the size: where the baseline sits below a line's top. */
  private readonly ascent: number;
  private readonly widths = new Map<string, number>();
  private readonly faces = new Map<string, FontRole | null>();

  /** `fonts`: lib/fonts.ts's pdfFonts(), loaded before the document is drawn. */
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly fonts: PdfFonts,
  ) {
    for (const [role, f] of Object.entries(this.fonts)) doc.registerFont(`ace-${role}`, f.bytes);
    const regular = this.fonts.regular.font;
    this.ascent = regular.ascent / regular.unitsPerEm;
  }

  /** The font a character (a grapheme: a letter with its accents, an emoji with its modifiers) prints in. */
  private face(g: string, bold: boolean): FontRole | null {
    const key = `${bold ? 'b' : 'r'}${g}`;
    let role = this.faces.get(key);
    if (role === undefined) {
      const cp = g.codePointAt(0)!;
      const order: FontRole[] = [bold ? 'bold' : 'regular', 'cjk', 'emoji'];
      // An emoji with a variation selector asks for the emoji picture, which the text face may also draw as a sign.
      if (g.includes('\uFE0F') || (cp >= 0x1f000 && cp <= 0x1faff)) order.unshift('emoji');
      role = order.find((r) => this.fonts[r].font.hasGlyphForCodePoint(cp)) ?? null;
      this.faces.set(key, role);
    }
    return role;
  }

  private runs(s: string, bold: boolean): Run[] {
    const out: Run[] = [];
    for (const g of splitGraphemes(s)) {
      const role = this.face(g, bold);
      const font = role ?? (bold ? 'bold' : 'regular');
      const text = role ? g : MISSING;
      const last = out[out.length - 1];
      if (last?.font === font) last.text += text;
      else out.push({ font, text });
    }
    return out;
  }

  /** Width in points at `size`. */
  width(s: string, style: TextStyle): number {
    const key = `${style.bold ? 'b' : 'r'}${s}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      // Measured once at 10 pt: widths scale with the size.
      w = this.runs(s, !!style.bold).reduce((sum, r) => sum + this.doc.font(`ace-${r.font}`).fontSize(10).widthOfString(r.text), 0);
      this.widths.set(key, w);
    }
    return (w * style.size) / 10;
  }

  /** `s` shortened with "…" to fit `width`; `cut` says whether it had to be. */
  fit(s: string, width: number, style: TextStyle): { text: string; cut: boolean } {
    if (this.width(s, style) <= width) return { text: s, cut: false };
    const gs = splitGraphemes(s);
    let lo = 0;
    let hi = gs.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.width(gs.slice(0, mid).join('').trimEnd() + ELLIPSIS, style) <= width) lo = mid;
      else hi = mid - 1;
    }
    return { text: gs.slice(0, lo).join('').trimEnd() + ELLIPSIS, cut: true };
  }

  /** One line whose top is at y, shortened with "…" if it is wider than `width`. Returns whether it was. */
  line(s: string, x: number, y: number, style: TextStyle & { width: number; align?: 'left' | 'right' | 'center' }): boolean {
    // Line breaks and tabs become spaces; runs of spaces stay (they separate a report's fields).
    const { text, cut } = this.fit(s.replace(/[\r\n\t]+/g, ' '), style.width, style);
    const w = this.width(text, style);
    let at = style.align === 'right' ? x + style.width - w : style.align === 'center' ? x + (style.width - w) / 2 : x;
    const baseline = y + this.ascent * style.size;
    this.doc.fillColor(style.color ?? '#111111');
    for (const r of this.runs(text, !!style.bold)) {
      this.doc.font(`ace-${r.font}`).fontSize(style.size).text(r.text, at, baseline, { lineBreak: false, baseline: 'alphabetic' });
      at += this.doc.widthOfString(r.text);
    }
    return cut;
  }

  /** `s` broken into lines no wider than `width`: at spaces, between CJK characters, inside a word only if it must. */
  wrap(s: string, width: number, style: TextStyle): string[] {
    const lines: string[] = [];
    for (const para of s.split(/\r?\n/)) {
      let line = '';
      const tokens = para.match(
        /\s+|[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]|[^\s\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]+/g,
      ) ?? [''];
      for (const t of tokens) {
        if (this.width(line + t, style) <= width) {
          line += t;
          continue;
        }
        if (/^\s+$/.test(t)) continue;
        if (line.trim()) lines.push(line.trimEnd());
        // A word wider than the line: as much as fits on each line.
        let rest = t;
        while (this.width(rest, style) > width) {
          const { text } = this.fit(rest, width, style);
          const n = Math.max(1, splitGraphemes(text.slice(0, -1)).length);
          const gs = splitGraphemes(rest);
          lines.push(gs.slice(0, n).join(''));
          rest = gs.slice(n).join('');
        }
        line = rest;
      }
      lines.push(line.trimEnd());
    }
    return lines;
  }

  /** Wrapped text from (x, y), at most `maxLines` (the last shortened with "…"); returns the height used. */
  para(s: string, x: number, y: number, style: TextStyle & { width: number; maxLines?: number }): number {
    let lines = this.wrap(s, style.width, style);
    if (style.maxLines && lines.length > style.maxLines) {
      const kept = lines.slice(0, style.maxLines);
      kept[kept.length - 1] = this.fit(`${kept[kept.length - 1]} ${lines.slice(style.maxLines).join(' ')}`, style.width, style).text;
      lines = kept;
    }
    lines.forEach((l, i) => this.line(l, x, y + i * style.size * LEADING, style));
    return lines.length * style.size * LEADING;
  }

  /** The height `para` would use. */
  heightOf(s: string, style: TextStyle & { width: number; maxLines?: number }): number {
    const n = this.wrap(s, style.width, style).length;
    return Math.min(n, style.maxLines ?? n) * style.size * LEADING;
  }
}
