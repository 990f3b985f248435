import { useEffect, useState } from 'react';
import type { PivotFieldInfo, PivotFilter } from '../../../src-main/contract/pivot';
import { fmtCount } from '../../format';
import { useQuery } from '../../lib/query';
import { keyText } from '../../lib/pivotModel';
import { filterComplete } from './spec';
import { useModalDialog } from '../../lib/useModalDialog';

type Mode = 'values' | 'range' | 'empty' | 'not_empty';
type Value = string | number | boolean | null;

const isTime = (id: string) => id.startsWith('entry_');

function useDebounced<T>(v: T, ms: number): T {
  const [d, setD] = useState(v);
  useEffect(() => {
    const t = setTimeout(() => setD(v), ms);
    return () => clearTimeout(t);
  }, [v, ms]);
  return d;
}

/**
 * One filter, edited in a dialog: values from a list with their entry counts (searchable), a range
 * (numbers, dates), or "is empty". Each change applies at once; a filter with nothing chosen is removed.
 */
export function FilterEditor({
  field,
  initial,
  others,
  onApply,
  onClose,
}: {
  field: PivotFieldInfo;
  initial: PivotFilter | null;
  others: PivotFilter[];
  onApply: (f: PivotFilter | null) => void;
  onClose: () => void;
}) {
  const ref = useModalDialog();
  const number = field.kind === 'number';
  const ranged = number || isTime(field.id);
  const [mode, setMode] = useState<Mode>(
    initial
      ? initial.op === 'in' || initial.op === 'not_in'
        ? 'values'
        : initial.op === 'between'
          ? 'range'
          : initial.op
      : number
        ? 'range'
        : 'values',
  );
  const [chosen, setChosen] = useState<Value[]>(initial && (initial.op === 'in' || initial.op === 'not_in') ? initial.values : []);
  const [exclude, setExclude] = useState(initial?.op === 'not_in');
  const [from, setFrom] = useState(initial?.op === 'between' && initial.from !== null ? String(initial.from) : '');
  const [to, setTo] = useState(initial?.op === 'between' && initial.to !== null ? String(initial.to) : '');
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 200);
  const values = useQuery(
    'pivot.values',
    mode === 'values' ? { field: field.id, filters: others, limit: 200, ...(q ? { search: q } : {}) } : null,
  );

  const build = (m: Mode, c: Value[], ex: boolean, a: string, b: string): PivotFilter => {
    if (m === 'values') return { field: field.id, op: ex ? 'not_in' : 'in', values: c };
    if (m === 'range') {
      const v = (s: string) => (s.trim() === '' ? null : number ? Number(s) : s);
      return { field: field.id, op: 'between', from: v(a), to: v(b) };
    }
    return { field: field.id, op: m };
  };
  const apply = (m = mode, c = chosen, ex = exclude, a = from, b = to) => {
    const f = build(m, c, ex, a, b);
    const badNumber = f.op === 'between' && number && [f.from, f.to].some((x) => x !== null && !Number.isFinite(x));
    onApply(filterComplete(f) && !badNumber ? f : null);
  };
  const toggle = (v: Value) => {
    const next = chosen.includes(v) ? chosen.filter((x) => x !== v) : [...chosen, v];
    setChosen(next);
    apply('values', next);
  };

  const modes: { m: Mode; label: string; ok: boolean }[] = [
    { m: 'values', label: 'Values', ok: !number },
    { m: 'range', label: number ? 'Range' : 'Date range', ok: ranged },
    { m: 'empty', label: 'Is empty', ok: true },
    { m: 'not_empty', label: 'Is not empty', ok: true },
  ];

  return (
    <dialog
      ref={ref}
      className="roi-dialog ex-filter-dialog"
      aria-labelledby="ex-filter-title"
      onClose={onClose}
      data-testid="filter-editor"
    >
      <header className="roi-dialog-head">
        <div>
          <h2 id="ex-filter-title">Filter: {field.label}</h2>
          <p className="muted small">Changes apply at once. Entry counts are within the other filters.</p>
        </div>
        <button type="button" className="ghost" onClick={() => ref.current?.close()}>
          Done
        </button>
      </header>
      <div className="roi-dialog-body">
        <div className="ex-segmented" role="radiogroup" aria-label="Filter by">
          {modes
            .filter((x) => x.ok)
            .map((x) => (
              <label key={x.m} className={mode === x.m ? 'on' : undefined}>
                <input
                  type="radio"
                  name="ex-filter-mode"
                  checked={mode === x.m}
                  onChange={() => {
                    setMode(x.m);
                    apply(x.m);
                  }}
                />
                {x.label}
              </label>
            ))}
        </div>
        {mode === 'values' && (
          <>
            <div className="ex-values-tools">
              <input
                type="search"
                aria-label={`Search values of ${field.label}`}
                placeholder="Search values"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                autoFocus
              />
              <label className="ex-inline">
                <input
                  type="checkbox"
                  checked={exclude}
                  onChange={(e) => {
                    setExclude(e.target.checked);
                    apply('values', chosen, e.target.checked);
                  }}
                />
                Exclude the chosen values
              </label>
              {chosen.length > 0 && (
                <button
                  type="button"
                  className="link small"
                  onClick={() => {
                    setChosen([]);
                    apply('values', []);
                  }}
                >
                  Clear ({chosen.length})
                </button>
              )}
            </div>
            <fieldset className="ex-values" aria-busy={values.loading} data-testid="filter-values">
              <legend className="visually-hidden">Values of {field.label}</legend>
              {values.error && <p className="roi-inline-error">{values.error.message}</p>}
              {values.data?.values.map((v) => (
                <label key={v.value ?? '\u0000'} data-value={v.value ?? ''}>
                  <input type="checkbox" checked={chosen.includes(v.value)} onChange={() => toggle(v.value)} />
                  <span className={v.value === null ? 'muted' : undefined}>{v.value ?? keyText(null, field.id)}</span>
                  <span className="ex-count muted">{fmtCount(v.entries)}</span>
                </label>
              ))}
              {values.data && values.data.values.length === 0 && <p className="muted small">No values{q ? ` matching “${q}”` : ''}.</p>}
              {values.data?.more && <p className="muted small">More values exist: search to narrow the list.</p>}
              {chosen
                .filter((c) => values.data && !values.data.values.some((v) => v.value === c))
                .map((c) => (
                  <label key={`chosen:${String(c)}`}>
                    <input type="checkbox" checked onChange={() => toggle(c)} />
                    <span>{c === null ? keyText(null, field.id) : String(c)}</span>
                    <span className="ex-count muted">chosen</span>
                  </label>
                ))}
            </fieldset>
          </>
        )}
        {mode === 'range' && (
          <div className="ex-range">
            <label className="field">
              From
              <input
                type={number ? 'number' : 'date'}
                step="any"
                value={from}
                onChange={(e) => {
                  setFrom(e.target.value);
                  apply('range', chosen, exclude, e.target.value, to);
                }}
              />
            </label>
            <label className="field">
              To
              <input
                type={number ? 'number' : 'date'}
                step="any"
                value={to}
                onChange={(e) => {
                  setTo(e.target.value);
                  apply('range', chosen, exclude, from, e.target.value);
                }}
              />
            </label>
            <p className="muted small">Inclusive; leave a side empty for no bound{number ? '' : '. Dates are days of entry'}.</p>
          </div>
        )}
        {(mode === 'empty' || mode === 'not_empty') && (
          <p className="muted">
            Entries whose {field.label.toLowerCase()} is {mode === 'empty' ? '' : 'not '}empty.
          </p>
        )}
      </div>
    </dialog>
  );
}
