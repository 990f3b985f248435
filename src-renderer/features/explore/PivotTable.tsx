import type { KeyboardEvent } from 'react';
import { dataColumns } from '../../lib/grid';
import { fmtMeasure, type MeasureKind } from '../../lib/measures';
import {
  cellBound,
  cellValue,
  type Bound,
  keyText,
  lineKind,
  OTHER,
  rowHeaderTexts,
  type Key,
  type PivotLine,
  type PivotModel,
  type PivotSort,
} from '../../lib/pivotModel';

/** Width of a row header column: they stay in view (sticky) while the figures scroll across. */
const ROWHEAD_W = 150;
const stick = (i: number) => ({ left: i * ROWHEAD_W, width: ROWHEAD_W, minWidth: ROWHEAD_W, maxWidth: ROWHEAD_W });

/** Most lines the table draws; exports have them all. */
export const TABLE_MAX_LINES = 2000;

export interface CellTarget {
  line: PivotLine;
  /** A column key id, or 'total'. */
  col: string;
  colPath: Key[] | null;
}

const sortMark = (dir: 'asc' | 'desc' | null) => (dir ? (dir === 'asc' ? '▲' : '▼') : '↕');
const ariaSort = (dir: 'asc' | 'desc' | null) => (dir ? (dir === 'asc' ? 'ascending' : 'descending') : 'none');

/**
 * The pivot as laid out: nested row headers (a value shows where it changes), the column fields'
 * values over their columns, subtotals and the grand total apart, the column total at the right.
 * Click a header to sort; click a row or column value to filter by it; double-click or Enter on a
 * figure to see the entries behind it. Arrow keys move between figures.
 */
export function PivotTable({
  model,
  lines,
  rowLabels,
  colLabels,
  measureLabels,
  kinds,
  sort,
  onSort,
  onFilter,
  onDrill,
}: {
  model: PivotModel;
  lines: PivotLine[];
  rowLabels: string[];
  colLabels: string[];
  measureLabels: string[];
  kinds: MeasureKind[];
  sort: PivotSort | null;
  onSort: (s: PivotSort) => void;
  onFilter: (axis: 'rows' | 'cols', index: number, value: Key) => void;
  onDrill: (t: CellTarget) => void;
}) {
  const columns = dataColumns(model);
  const rh = Math.max(model.rowCount, 1);
  // A long table keeps its grand total (the last line) in view of the cap.
  const shown = lines.length > TABLE_MAX_LINES ? [...lines.slice(0, TABLE_MAX_LINES - 1), lines[lines.length - 1]!] : lines;
  const next = (active: boolean, numeric: boolean): 'asc' | 'desc' =>
    active ? (sort!.dir === 'asc' ? 'desc' : 'asc') : numeric ? 'desc' : 'asc';

  // Column field header rows: adjacent columns with the same values so far share one header.
  const colHeaderRows = colLabels.map((label, c) => {
    const cells: { text: Key; span: number; first: number }[] = [];
    model.colKeys.forEach((k, i) => {
      const last = cells[cells.length - 1];
      const prev = model.colKeys[i - 1];
      if (last && prev && k.path.slice(0, c + 1).every((v, j) => v === prev.path[j])) last.span += 1;
      else cells.push({ text: k.path[c]!, span: 1, first: i });
    });
    return (
      <tr key={`c${c}`}>
        {Array.from({ length: rh }, (_, i) => (
          <th key={i} scope="col" className={`ex-corner ex-sticky${i === rh - 1 ? ' ex-corner-label' : ''}`} style={stick(i)}>
            {i === rh - 1 ? label : ''}
          </th>
        ))}
        {cells.map((x) => (
          <th key={x.first} scope="colgroup" colSpan={x.span * model.measureCount} className="ex-colval">
            <button
              type="button"
              className="ex-value-btn"
              title={`Filter by ${label}: ${keyText(x.text, model.colFields?.[c])}`}
              onClick={() => onFilter('cols', c, x.text)}
            >
              {keyText(x.text, model.colFields?.[c])}
            </button>
          </th>
        ))}
        {c === 0 && (
          <th scope="colgroup" colSpan={model.measureCount} rowSpan={colLabels.length} className="ex-coltotal-head">
            Total
          </th>
        )}
      </tr>
    );
  });

  const moveFocus = (e: KeyboardEvent<HTMLTableElement>) => {
    const td = (e.target as HTMLElement).closest('td[data-ri]') as HTMLElement | null;
    if (!td) return;
    const ri = Number(td.dataset.ri);
    const ci = Number(td.dataset.ci);
    const d = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[e.key];
    if (!d) return;
    const target = e.currentTarget.querySelector<HTMLElement>(`td[data-ri="${ri + d[0]!}"][data-ci="${ci + d[1]!}"]`);
    if (target) {
      e.preventDefault();
      target.focus();
    }
  };

  return (
    <div className="ex-table-scroll">
      <table className="table ex-table" aria-label="Pivot" data-testid="pivot-table" onKeyDown={moveFocus}>
        <thead>
          {colHeaderRows}
          <tr>
            {Array.from({ length: rh }, (_, i) => {
              const active = sort?.by === 'row' && sort.index === i;
              const label = rowLabels[i] ?? '';
              return (
                <th
                  key={i}
                  scope="col"
                  className="ex-rowhead-col ex-sticky"
                  style={stick(i)}
                  aria-sort={model.rowCount ? ariaSort(active ? sort.dir : null) : undefined}
                  data-sort-row={i}
                >
                  {model.rowCount ? (
                    <button type="button" className="ex-sort" onClick={() => onSort({ by: 'row', index: i, dir: next(active, false) })}>
                      {label}
                      <span className="ex-sort-mark" aria-hidden>
                        {sortMark(active ? sort.dir : null)}
                      </span>
                    </button>
                  ) : (
                    <span className="visually-hidden">Rows</span>
                  )}
                </th>
              );
            })}
            {columns.map((d) => {
              const active = sort?.by === 'cell' && sort.col === d.col && sort.measure === d.measure;
              return (
                <th
                  key={`${d.col}:${d.measure}`}
                  scope="col"
                  className={`num${d.col === 'total' ? ' ex-total-col' : ''}`}
                  aria-sort={ariaSort(active ? sort.dir : null)}
                  data-col={d.col}
                  data-m={d.measure}
                >
                  <button
                    type="button"
                    className="ex-sort"
                    onClick={() => onSort({ by: 'cell', col: d.col, measure: d.measure, dir: next(active, true) })}
                  >
                    {measureLabels[d.measure]}
                    <span className="ex-sort-mark" aria-hidden>
                      {sortMark(active ? sort.dir : null)}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {shown.map((line, ri) => {
            const kind = lineKind(line, model.rowCount);
            const heads = rowHeaderTexts(line, shown[ri - 1], model.rowCount, model.rowFields);
            return (
              <tr
                key={JSON.stringify([line.level, line.path])}
                className={`ex-line-${kind}`}
                data-kind={kind}
                data-row={JSON.stringify(line.path)}
              >
                {heads.map((text, i) => {
                  const value = line.path[i];
                  const clickable = kind === 'detail' && text !== '' && value !== OTHER;
                  return (
                    <th key={i} scope="row" className="ex-rowhead ex-sticky" style={stick(i)} data-level={i} title={text || undefined}>
                      {clickable ? (
                        <button
                          type="button"
                          className="ex-value-btn"
                          title={`Filter by ${rowLabels[i]}: ${text}`}
                          onClick={() => onFilter('rows', i, value!)}
                        >
                          {text}
                        </button>
                      ) : (
                        text
                      )}
                    </th>
                  );
                })}
                {columns.map((d, ci) => {
                  const v = cellValue(line, d.col, d.measure);
                  const bound = cellBound(line, d.col, d.measure);
                  const target = { line, col: d.col, colPath: d.path };
                  return (
                    <td
                      key={ci}
                      className={`num${d.col === 'total' ? ' ex-total-col' : ''}${v === null ? ' roi-null' : ''}${bound ? ' ex-estimate' : ''}`}
                      title={bound ? boundTitle(kinds[d.measure]!, bound) : undefined}
                      tabIndex={ri === 0 && ci === 0 ? 0 : -1}
                      data-ri={ri}
                      data-ci={ci}
                      data-col={d.col}
                      data-m={d.measure}
                      onDoubleClick={() => onDrill(target)}
                      onKeyDown={(e) => {
                        if (e.key !== 'Enter') return;
                        // No keypress after this one: it would press a button of the dialog that opens.
                        e.preventDefault();
                        onDrill(target);
                      }}
                    >
                      {model.estimate && v === null ? (
                        // Too few sampled entrants to estimate (or none): the exact figure fills it in.
                        <span
                          className="ex-pending"
                          title="Too few sampled entrants to estimate this one: the exact figure comes in a moment."
                        >
                          …
                        </span>
                      ) : bound && v !== null ? (
                        <EstimateText kind={kinds[d.measure]!} value={v} bound={bound} />
                      ) : (
                        fmtMeasure(kinds[d.measure]!, v)
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      {lines.length > shown.length && (
        <p className="muted small ex-capped" role="note">
          Showing the first {TABLE_MAX_LINES.toLocaleString('en-US')} of {lines.length.toLocaleString('en-US')} lines; exports have them
          all.
        </p>
      )}
    </div>
  );
}

/** An estimated cell: ≈ the value, ± the larger side of its 95% bounds. */
function EstimateText({ kind, value, bound }: { kind: MeasureKind; value: number; bound: Bound }) {
  const [lo, hi] = bound;
  const half = Math.max(hi === null ? 0 : hi - value, lo === null ? 0 : value - lo);
  // No more digits than the bound allows: ≈36,900 ±3,900, not ≈36,864.
  const step = kind === 'rate' || half <= 0 ? 0 : 10 ** (Math.floor(Math.log10(half)) - 1);
  const shown = step >= 1 ? Math.round(value / step) * step : value;
  const halfShown = step >= 1 ? Math.round(half / step) * step : half;
  return (
    <>
      ≈{fmtMeasure(kind, shown)}
      <span className="ex-bound"> ±{fmtMeasure(kind, halfShown)}</span>
    </>
  );
}

const boundTitle = (kind: MeasureKind, [lo, hi]: Bound) =>
  `Estimate: 95% likely between ${fmtMeasure(kind, lo)} and ${fmtMeasure(kind, hi)}. The exact figure replaces it when it is ready.`;
