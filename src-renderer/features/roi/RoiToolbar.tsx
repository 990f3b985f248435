import type { RoiGrouping } from '../../../src-main/contract/roi';
import { GROUPINGS } from './columns';
import { MultiSelect } from '../../components/MultiSelect';
import { FILTER_FIELDS, FILTER_LABELS, type FilterField, type RoiQuery, type ScopeResult } from '../../lib/roiQuery';

/** Grouping, date range, filters and options of the ROI screen. Every change applies at once. */
export function RoiToolbar({
  query,
  problems,
  filterValues,
  busy,
  onChange,
}: {
  query: RoiQuery;
  problems: ScopeResult['problems'];
  filterValues: Record<FilterField, string[]>;
  busy: boolean;
  onChange: (q: RoiQuery) => void;
}) {
  const set = <K extends keyof RoiQuery>(k: K, v: RoiQuery[K]) => onChange({ ...query, [k]: v });
  const problem = (k: keyof ScopeResult['problems']) =>
    problems[k] ? (
      <span className="roi-problem" id={`roi-${k}-problem`} role="alert">
        {problems[k]}
      </span>
    ) : null;

  return (
    <section className="card roi-toolbar" aria-label="ROI question">
      <div className="roi-toolbar-row">
        <label className="field">
          Group by
          <select value={query.by} onChange={(e) => set('by', e.target.value as RoiGrouping)}>
            {GROUPINGS.map((g) => (
              <option key={g.id} value={g.id}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          From
          <input
            type="date"
            value={query.from}
            onChange={(e) => set('from', e.target.value)}
            aria-invalid={!!problems.from}
            aria-describedby={problems.from ? 'roi-from-problem' : undefined}
          />
          {problem('from')}
        </label>
        <label className="field">
          To
          <input
            type="date"
            value={query.to}
            onChange={(e) => set('to', e.target.value)}
            aria-invalid={!!problems.to}
            aria-describedby={problems.to ? 'roi-to-problem' : undefined}
          />
          {problem('to')}
        </label>
        {FILTER_FIELDS.map((f) => (
          <MultiSelect
            key={f}
            id={f}
            label={FILTER_LABELS[f]}
            values={filterValues[f]}
            chosen={query.filters[f]}
            onChange={(v) => set('filters', { ...query.filters, [f]: v })}
          />
        ))}
        <span className="roi-busy" aria-live="polite">
          {busy && (
            <>
              <span className="roi-spinner" aria-hidden /> Updating…
            </>
          )}
        </span>
      </div>
      <fieldset className="roi-options">
        <legend>Options, on top of the default attribution</legend>
        <label className="field">
          Gross margin %
          <input
            type="number"
            inputMode="decimal"
            min={0}
            max={100}
            step="any"
            placeholder="off"
            value={query.marginPct}
            onChange={(e) => set('marginPct', e.target.value)}
            aria-invalid={!!problems.marginPct}
            aria-describedby={problems.marginPct ? 'roi-marginPct-problem' : 'roi-margin-help'}
          />
          {problem('marginPct') ?? (
            <span id="roi-margin-help" className="roi-help">
              adds gross profit and profit ROI
            </span>
          )}
        </label>
        <label className="field">
          Last-touch window (days)
          <input
            type="number"
            inputMode="numeric"
            min={1}
            max={365}
            step={1}
            placeholder="off"
            value={query.lastTouchDays}
            onChange={(e) => set('lastTouchDays', e.target.value)}
            aria-invalid={!!problems.lastTouchDays}
            aria-describedby={problems.lastTouchDays ? 'roi-lastTouchDays-problem' : 'roi-lt-help'}
          />
          {problem('lastTouchDays') ?? (
            <span id="roi-lt-help" className="roi-help">
              credits unmatched redemptions, shown apart
            </span>
          )}
        </label>
      </fieldset>
    </section>
  );
}
