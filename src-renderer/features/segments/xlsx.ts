import { downloadBlob } from '../import/download';
import Papa from 'papaparse';

const NUMERIC = new Set(['age', 'entries', 'redemptions', 'redemption_amount']);

/**
 * The members CSV (already formula-neutralised by the core) as a workbook: numbers as numbers, the
 * rest as text. Text cells are written as text, never as formulas; the neutralising apostrophe of the
 * CSV is dropped here since a workbook cell cannot run as a formula.
 */
export async function downloadXlsx(fileName: string, csv: string): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const rows = Papa.parse<string[]>(csv.trim(), { skipEmptyLines: true }).data;
  const header = rows[0] ?? [];
  const unquote = (v: string) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);
  const sheet = [
    header.map((h) => ({ value: h, type: String, fontWeight: 'bold' as const })),
    ...rows.slice(1).map((r) => r.map((v, i) => (v === '' ? null : NUMERIC.has(header[i]!) ? { value: Number(v), type: Number } : { value: unquote(v), type: String }))),
  ];
  downloadBlob(fileName, await writeXlsxFile(sheet, { stickyRowsCount: 1 }).toBlob());
}
