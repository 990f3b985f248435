import { strFromU8, unzipSync } from 'fflate';

/** An XLSX file read back with fflate, as a spreadsheet would: the first sheet's cells (shared strings resolved) and their number formats. */

export interface XlsxCell {
  value: string | number;
  /** The cell's type attribute: 's' for a shared string, absent for a number. */
  t: string | null;
  formula: boolean;
  format: string;
}
const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[e]!,
  );
export const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1] ?? null;
const BUILT_IN_FORMATS: Record<string, string> = {
  '0': 'General',
  '1': '0',
  '2': '0.00',
  '3': '#,##0',
  '4': '#,##0.00',
  '9': '0%',
  '10': '0.00%',
};

export function readXlsx(bytes: Uint8Array): {
  files: Record<string, string>;
  cells: Map<string, XlsxCell>;
  rows: (string | number | null)[][];
} {
  const zip = unzipSync(bytes);
  const files = Object.fromEntries(
    Object.entries(zip)
      .filter(([n]) => n.endsWith('.xml') || n.endsWith('.rels'))
      .map(([n, b]) => [n, strFromU8(b)]),
  );
  const shared = [...(files['xl/sharedStrings.xml'] ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    unescapeXml([...m[1]!.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')),
  );
  const styles = files['xl/styles.xml'] ?? '';
  const numFmts = new Map(
    [...styles.matchAll(/<numFmt\b[^>]*>/g)].map((m) => [attr(m[0], 'numFmtId')!, unescapeXml(attr(m[0], 'formatCode')!)]),
  );
  const xfs = [.../<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)![1]!.matchAll(/<xf\b[^>]*>/g)].map(
    (m) => attr(m[0], 'numFmtId') ?? '0',
  );
  const sheet = files['xl/worksheets/sheet1.xml']!;
  const cells = new Map<string, XlsxCell>();
  const rows: (string | number | null)[][] = [];
  for (const m of sheet.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const [tag, body = ''] = [m[1]!, m[2]];
    const ref = attr(tag, 'r')!;
    const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
    if (v === undefined) continue;
    const t = attr(tag, 't');
    const value = t === 's' ? shared[Number(v)]! : t === 'str' || t === 'inlineStr' ? unescapeXml(v) : Number(v);
    const fmtId = xfs[Number(attr(tag, 's') ?? 0)] ?? '0';
    cells.set(ref, {
      value,
      t,
      formula: /<f[\s>]/.test(body),
      format: numFmts.get(fmtId) ?? BUILT_IN_FORMATS[fmtId] ?? `builtin ${fmtId}`,
    });
    const [, letters, digits] = /^([A-Z]+)(\d+)$/.exec(ref)!;
    const col = [...letters!].reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    const row = Number(digits) - 1;
    while (rows.length <= row) rows.push([]);
    rows[row]![col] = value;
  }
  // Empty cells as null, every row as wide as the widest.
  const width = Math.max(...rows.map((r) => r.length));
  return { files, cells, rows: rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? null)) };
}
