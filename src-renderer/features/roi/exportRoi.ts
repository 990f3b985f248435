import type { RoiResult } from '../../../src-main/contract/roi';
import type { Grid, GridCell } from '../../lib/grid';
import type { MeasureKind } from '../../lib/measures';
import type { RoiColumn } from './columns';
import type { MetricFormat } from '../../../src-main/contract/metrics';
import { fmtFigure } from '../../lib/figures';
import { rowLabel } from './RoiTable';
import { sortRows, type Sort } from './sort';

// ROAS (a multiple) goes to a workbook as a plain number; the others keep their money, % and count formats.
const KIND: Record<MetricFormat, MeasureKind> = { money: 'money', count: 'count', percent: 'rate', times: 'number' };

/**
 * The ROI table as on screen (same columns, same order, the total last) for CSV, XLSX and TSV: each
 * figure keeps its value and format, so a workbook gets numbers, not text.
 */
export function roiGrid(result: RoiResult, columns: RoiColumn[], groupLabel: string, sort: Sort | null): Grid {
  const header: GridCell[] = [{ text: groupLabel }, ...columns.map((c) => ({ text: c.label }))];
  const rows = [...sortRows(result.rows, sort), result.total];
  const body = rows.map((r, i): GridCell[] => {
    const total = i === rows.length - 1;
    return [
      { text: total ? 'Total' : rowLabel(r, result.by), bold: total },
      ...columns.map((c): GridCell => {
        const v = r[c.id] as number | null | undefined;
        return { text: fmtFigure(c.kind, v), value: v ?? null, kind: KIND[c.kind], bold: total };
      }),
    ];
  });
  return { header: [header], body, rowHeaderCount: 1 };
}
