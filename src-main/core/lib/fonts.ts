import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Font } from 'fontkit';
import { AceError } from './errors';
import { loadFontkit } from './lazy';
import { processResourcesPath, shippedDirCandidates } from './resources';

/**
 * The fonts the PDFs embed (resources/fonts/README.md says what each covers and its licence), in the
 * order a glyph is looked for: the text face, then CJK, then emoji.
 */
export const FONT_FILES = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  cjk: 'DroidSansFallback.ttf',
  emoji: 'NotoEmoji-Regular.ttf',
} as const;
export type FontRole = keyof typeof FONT_FILES;

export interface LoadedFont {
  bytes: Buffer;
  /** fontkit's parse of the same bytes: which characters it has, its ascent. */
  font: Font;
}

/**
 * Where the font files are: the packaged app's resources folder (electron-builder's extraResources copy
 * them to <resources>/fonts, beside app.asar), else resources/fonts found by walking up from this file:
 * the sources under tsx and Vitest (src-main/core/lib), the built CLI (node_modules/.ace-cli) and the
 * unpackaged Electron build (out/main) all sit a few levels below the repository's root.
 */
export function fontDir(): string {
  return fontDirFrom(dirname(fileURLToPath(import.meta.url)), processResourcesPath());
}

export function fontDirFrom(start: string, resourcesPath?: string): string {
  const candidates = shippedDirCandidates('fonts', start, resourcesPath);
  const found = candidates.find((d) => existsSync(join(d, FONT_FILES.regular)));
  if (!found)
    throw new AceError('INTERNAL', 'The fonts for PDFs are missing from this installation (resources/fonts). Reinstall ACE Workstation.', {
      looked: candidates,
    });
  return found;
}

export type PdfFonts = Record<FontRole, LoadedFont>;
let loaded: PdfFonts | null = null;
/** The four fonts, read and parsed once per process (about 6 MB; a PDF embeds only the glyphs it uses). */
export async function pdfFonts(): Promise<PdfFonts> {
  if (loaded) return loaded;
  const dir = fontDir();
  // Loaded on the first PDF, like pdfkit: most runs of the app and the CLI make none.
  const { create } = await loadFontkit();
  const load = (file: string): LoadedFont => {
    const bytes = readFileSync(join(dir, file));
    const font = create(bytes);
    // A collection (.ttc) would need a face name; these files are single fonts.
    if (!('hasGlyphForCodePoint' in font)) throw new AceError('INTERNAL', `The font ${file} is not a single TrueType font.`);
    return { bytes, font: font as Font };
  };
  loaded = {
    regular: load(FONT_FILES.regular),
    bold: load(FONT_FILES.bold),
    cjk: load(FONT_FILES.cjk),
    emoji: load(FONT_FILES.emoji),
  };
  return loaded;
}
