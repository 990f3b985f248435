import type { RoiExplainInput, RoiExplanation, RoiGrouping, RoiScope } from '../../../src-main/contract/roi';
import { fmtCount, fmtMoney } from '../../format';
import type { ExplainTarget } from './RoiTable';
import { fmtFigure } from '../../lib/figures';
import { fmtSourceCell } from './roiFormat';
import { useQuery } from '../../lib/query';
import { useModalDialog } from '../../lib/useModalDialog';

const MONEY_INPUTS = /spend|revenue|discounts|profit/;
const DATASETS: Record<RoiExplanation['sources'][number]['dataset'], string> = {
  spend: 'Spend',
  entries: 'Entries',
  redemptions: 'Redemptions',
};

/** How one figure of the ROI table is made: formula, inputs, and the rows behind it. */
export function ExplainDialog({
  scope,
  by,
  target,
  rowName,
  onClose,
}: {
  scope: RoiScope;
  by: RoiGrouping;
  target: ExplainTarget;
  rowName: string;
  onClose: () => void;
}) {
  const ref = useModalDialog();

  const input: RoiExplainInput = { ...scope, by, metric: target.column.metric! };
  if (target.kind !== 'total') input.key = target.row.key;
  const { data, error, loading } = useQuery('roi.explain', input);
  const shown = fmtFigure(target.column.kind, target.row[target.column.id] as number | null);

  return (
    <dialog ref={ref} className="roi-dialog" aria-labelledby="roi-explain-title" onClose={onClose} data-testid="explain-dialog">
      <header className="dialog-head roi-dialog-head">
        <div>
          <h2 id="roi-explain-title">
            {target.column.label} · {rowName}
          </h2>
          <p className="muted small">How this figure is computed, from which rows.</p>
        </div>
        <button type="button" className="ghost" onClick={() => ref.current?.close()}>
          Close
        </button>
      </header>
      <div className="roi-dialog-body">
        {error && (
          <p className="roi-inline-error" role="alert">
            {error.message}
          </p>
        )}
        {loading && !data && <p className="muted">Loading…</p>}
        {data && (
          <>
            <div className="roi-explain-value">
              <span className="roi-explain-figure" data-testid="explain-value">
                {shown}
              </span>
              <code className="roi-formula" data-testid="explain-formula">
                {data.formula}
              </code>
            </div>
            <table className="table roi-inputs" aria-label="Inputs" data-testid="explain-inputs">
              <thead>
                <tr>
                  <th scope="col">Input</th>
                  <th scope="col" className="num">
                    Value
                  </th>
                  <th scope="col">What it counts</th>
                </tr>
              </thead>
              <tbody>
                {data.inputs.map((i) => (
                  <tr key={i.name} data-input={i.name}>
                    <th scope="row">
                      <code>{i.name}</code>
                    </th>
                    <td className="num">{MONEY_INPUTS.test(i.name) ? fmtMoney(i.value) : fmtCount(i.value)}</td>
                    <td className="muted">{i.meaning}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {data.sources.map((s) => (
              <section key={s.dataset} className="roi-source" data-dataset={s.dataset} aria-label={`${DATASETS[s.dataset]} rows`}>
                <h3>
                  {DATASETS[s.dataset]} rows{' '}
                  <span className="muted small" data-testid="source-count">
                    {s.total === 0
                      ? 'none'
                      : s.rows.length < s.total
                        ? `showing first ${fmtCount(s.rows.length)} of ${fmtCount(s.total)}`
                        : `all ${fmtCount(s.total)}`}
                  </span>
                </h3>
                {s.rows.length > 0 && (
                  <div className="roi-source-scroll">
                    <table className="table roi-source-table">
                      <thead>
                        <tr>
                          {s.columns.map((c, j) => (
                            <th scope="col" key={c} className={typeof s.rows[0]?.[j] === 'number' ? 'num' : undefined}>
                              {c}
                            </th>
                          ))}
                        </tr>
                      </thead>
                      <tbody>
                        {s.rows.map((r, i) => (
                          <tr key={i}>
                            {r.map((v, j) => (
                              <td key={j} className={typeof v === 'number' ? 'num' : undefined}>
                                {fmtSourceCell(s.columns[j]!, v)}
                              </td>
                            ))}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </section>
            ))}
          </>
        )}
      </div>
    </dialog>
  );
}
