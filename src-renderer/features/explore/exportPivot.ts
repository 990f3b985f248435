import { downloadBlob, downloadText } from '../import/download';
import { cancelJob, runJob } from '../../lib/jobs';
import { gridCsv, gridText, type Grid } from '../../lib/grid';
import { xlsxFormat } from '../../lib/measures';
import type { PersonalColumn } from '../../../src-main/contract/exportLog';
import type { PivotFilter } from '../../../src-main/contract/pivot';

/** Exports of Explore: the pivot as laid out (CSV, XLSX, TSV on the clipboard) and the rows behind it. */
/** CSV to compute with: figures as plain numbers, every row label written out, `notes` (filters, dates) on top. */
export function exportCsv(grid: Grid, base: string, notes: [string, string][] = []): void {
  downloadText(`${base}.csv`, gridCsv(grid, notes));
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
  const blob = await writeXlsxFile([...head, ...body], {
    columns: widths,
    stickyRowsCount: grid.header.length,
    stickyColumnsCount: grid.rowHeaderCount,
  }).toBlob();
  downloadBlob(`${base}.xlsx`, blob);
}

/**
 * Every entry behind the pivot's filters as CSV. The core streams them from DuckDB to a file (a job:
 * progress and Cancel in the jobs tray), so 10M rows never sit in this page's memory; browser mode
 * then downloads the file, the desktop app saves it where chosen. Resolves false when cancelled.
 */
export async function exportRawRows(
  { filters, personal, what }: { filters: PivotFilter[]; personal: PersonalColumn[]; what: string },
  base: string,
  onProgress: (done: number, total: number) => void,
  signal: { cancelled: boolean },
): Promise<boolean> {
  const fileName = `${base}-rows.csv`;
  let jobId: string | null = null;
  // The page's own cancel flag, if it ever sets one, cancels the job too.
  const watch = setInterval(() => {
    if (signal.cancelled && jobId) void cancelJob(jobId);
  }, 250);
  try {
    const job = await runJob(
      'pivot.exportRows',
      { filters, personal, what, format: 'csv', fileName },
      {
        fileName,
        filters: [{ name: 'CSV', extensions: ['csv'] }],
        onUpdate: (j) => {
          jobId = j.jobId;
          if (j.state === 'running') onProgress(j.rows ?? 0, j.total);
        },
      },
    );
    if (!job || job.state === 'cancelled') return false;
    if (job.state === 'failed') throw new Error(job.message ?? 'The export failed.');
    return true;
  } finally {
    clearInterval(watch);
  }
}
