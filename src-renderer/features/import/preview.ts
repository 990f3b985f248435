import Papa from 'papaparse';

/** How much of a chosen file the browser reads for the instant preview. */
export const HEAD_BYTES = 64 * 1024;

export interface HeadPreview {
  headers: string[];
  rows: string[][];
  /** The delimiter PapaParse found, for the file's description. */
  delimiter: string;
}

/** Decodes the first bytes of a file: UTF-8 or UTF-16 by BOM; null for Parquet (binary, the core reads it). */
export function decodeHead(bytes: Uint8Array): string | null {
  if (bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31) return null; // PAR1
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * Parses the head of a CSV/TSV export: the header row and the first `maxRows` records. When the text
 * is only the start of a larger file, the last (possibly cut) line is left out.
 */
export function parseHead(text: string, truncated: boolean, maxRows = 20): HeadPreview {
  let t = text.replace(/^\uFEFF/, '');
  if (truncated) {
    const cut = t.lastIndexOf('\n');
    if (cut > 0) t = t.slice(0, cut);
  }
  const res = Papa.parse<string[]>(t, { preview: maxRows + 1, skipEmptyLines: 'greedy', delimitersToGuess: [',', '\t', ';', '|'] });
  const [headers = [], ...rows] = res.data;
  return { headers: headers.map((h) => h.trim()), rows, delimiter: res.meta.delimiter };
}

/** Reads and parses the first HEAD_BYTES of a File; null when it is not text (Parquet). */
export async function readHead(file: File, maxRows = 20): Promise<HeadPreview | null> {
  const bytes = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const text = decodeHead(bytes);
  return text === null ? null : parseHead(text, file.size > HEAD_BYTES, maxRows);
}

export function isParquetName(name: string): boolean {
  return /\.parquet$/i.test(name);
}

export function delimiterName(d: string | null): string {
  if (d === null) return '';
  return ({ ',': 'comma', '\t': 'tab', ';': 'semicolon', '|': 'pipe' } as Record<string, string>)[d] ?? `"${d}"`;
}
