import { api } from '../../api/client';
import { downloadBlob, downloadText } from '../import/download';
import { gridText, rowsCsv, type Grid } from './grid';
import { xlsxFormat } from './measures';
import type { PivotFilter } from '../../../src-main/contract/pivot';

/** Exports of Explore: the pivot as laid out (CSV, XLSX, TSV on the clipboard) and the rows behind it. */
export function exportCsv(grid: Grid, base: string): void {
  downloadText(`${base}.csv`, gridText(grid, ','));
}

export async function copyTsv(grid: Grid): Promise<void> {
  await navigator.clipboard.writeText(gridText(grid, '\t'));
}

export async function exportXlsx(grid: Grid, base: string): Promise<void> {
  // Loaded on demand: the workbook writer is only needed when someone exports.
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const head = grid.header.map((r) => r.map((c) => ({ value: c.text, fontWeight: 'bold' as const, type: String })));
  const body = grid.body.map((r) =>
    r.map((c) =>
      c.kind
        ? c.value === null || c.value === undefined
          ? null
          : { value: c.value, type: Number, format: xlsxFormat(c.kind, c.value), ...(c.bold ? { fontWeight: 'bold' as const } : {}) }
        : // Strings are written as strings (never formulas), so no apostrophe is needed here.
          { value: c.text, type: String, ...(c.bold ? { fontWeight: 'bold' as const } : {}) },
    ),
  );
  const widths = (grid.header[0] ?? []).map((_, i) => ({ width: i < grid.rowHeaderCount ? 22 : 14 }));
  const blob = await writeXlsxFile([...head, ...body], { columns: widths, stickyRowsCount: grid.header.length, stickyColumnsCount: grid.rowHeaderCount }).toBlob();
  downloadBlob(`${base}.xlsx`, blob);
}

export const RAW_PAGE = 5000;

/** Every entry behind the pivot's filters as CSV, fetched a page at a time. */
export async function exportRawRows(filters: PivotFilter[], base: string, onProgress: (done: number, total: number) => void, signal: { cancelled: boolean }): Promise<boolean> {
  const { entries: total } = await api.call('pivot.count', { filters });
  const parts: string[] = [];
  onProgress(0, total);
  for (let offset = 0; offset < total || offset === 0; offset += RAW_PAGE) {
    if (signal.cancelled) return false;
    const t = await api.table('pivot.rows', { filters, offset, limit: RAW_PAGE });
    const names = t.schema.fields.map((f) => f.name);
    const rows: unknown[][] = [];
    for (const r of t) rows.push(names.map((n) => (r as unknown as Record<string, unknown>)[n]));
    parts.push(rowsCsv(names, rows, offset === 0));
    onProgress(Math.min(total, offset + t.numRows), total);
    if (t.numRows < RAW_PAGE) break;
  }
  downloadText(`${base}-rows.csv`, parts.join(''));
  return true;
}
