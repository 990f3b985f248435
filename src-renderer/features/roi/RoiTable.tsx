import type { RoiResult, RoiRow } from '../../../src-main/contract/roi';
import { fmtDate } from '../../format';
import type { RoiColumn } from './columns';
import { fmtFigure } from '../../lib/figures';
import { nextSort, sortRows, type Sort, type SortKey } from './sort';

export type RowKind = 'group' | 'unattributed' | 'total';

/** What a figure cell asks to explain: the row (by its key; undefined is the total) and the column. */
export interface ExplainTarget {
  row: RoiRow;
  kind: RowKind;
  column: RoiColumn;
}

export const rowLabel = (r: RoiRow, by: RoiResult['by']) => (by === 'week' && r.key ? `Week of ${fmtDate(r.key)}` : r.label);

/** The ROI table: one row per group, "(unattributed)" apart, the total pinned at the bottom. */
export function RoiTable({
  result,
  columns,
  groupLabel,
  sort,
  onSort,
  onExplain,
  onDrill,
}: {
  result: RoiResult;
  columns: RoiColumn[];
  groupLabel: string;
  sort: Sort | null;
  onSort: (s: Sort) => void;
  onExplain: (t: ExplainTarget) => void;
  onDrill?: (row: RoiRow) => void;
}) {
  const rows = sortRows(result.rows, sort);

  const header = (key: SortKey, label: string, col?: RoiColumn) => {
    const active = sort?.key === key;
    return (
      <th
        key={key}
        scope="col"
        className={`${col ? 'num' : 'roi-group-col'}${col?.option ? ' roi-opt' : ''}`}
        aria-sort={active ? (sort!.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
        title={col?.hint}
        data-col={key}
      >
        <button type="button" className="roi-sort" onClick={() => onSort(nextSort(sort, key))}>
          {col?.option && <span className="roi-opt-tag">{col.option === 'rules' ? 'rules' : 'option'}</span>}
          {label}
          <span className="roi-sort-mark" aria-hidden>
            {active ? (sort!.dir === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };

  const line = (r: RoiRow, kind: RowKind) => {
    const name = kind === 'total' ? 'Total' : rowLabel(r, result.by);
    return (
      <tr key={kind === 'group' ? `k:${r.key}` : kind} className={`roi-row-${kind}`} data-row={kind} data-key={r.key ?? ''}>
        <th scope="row" className="roi-group-col">
          {onDrill && kind !== 'total' ? (
            <button
              type="button"
              className="link roi-drill-link"
              onClick={() => onDrill(r)}
              title={`${r.key ? `${r.key}: ` : ''}open this media buy (keywords, days, entrants)`}
            >
              {name}
            </button>
          ) : (
            <span title={r.key !== r.label ? (r.key ?? undefined) : undefined}>{name}</span>
          )}
        </th>
        {columns.map((c) => {
          const value = r[c.id] as number | null | undefined;
          const text = fmtFigure(c.kind, value);
          return (
            <td key={c.id} className={`num${c.option ? ' roi-opt' : ''}${value === null ? ' roi-null' : ''}`} data-col={c.id}>
              {c.metric ? (
                <button
                  type="button"
                  className="roi-cell"
                  aria-label={`${c.label} of ${name}: ${text}. Explain`}
                  onClick={() => onExplain({ row: r, kind, column: c })}
                >
                  {text}
                </button>
              ) : (
                text
              )}
            </td>
          );
        })}
      </tr>
    );
  };

  return (
    <div className="roi-table-scroll">
      <table className="table roi-table" aria-label={`ROI by ${groupLabel.toLowerCase()}`} data-testid="roi-table">
        <thead>
          <tr>
            {header('label', groupLabel)}
            {columns.map((c) => header(c.id, c.label, c))}
          </tr>
        </thead>
        <tbody>{rows.map((r) => line(r, r.key === null ? 'unattributed' : 'group'))}</tbody>
        <tfoot>{line(result.total, 'total')}</tfoot>
      </table>
    </div>
  );
}
