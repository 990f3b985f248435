import { useEffect, useRef, useState } from 'react';
import type { PivotField } from '../../../src-main/contract/pivot';
import { fmtCount } from '../../format';
import { useQuery } from '../../lib/query';
import { useDebounced } from '../../lib/useDebounced';

export const EMPTY_LABEL = '(empty)';

/**
 * A multi-select of a field's values with a search box and each value's number of entries (from
 * `pivot.values`). Chosen values stay listed while searching. A native disclosure: Enter/Space
 * opens it, Tab walks the boxes, Escape closes it and returns to the button.
 */
export function ValuePicker({
  field,
  label,
  chosen,
  allowEmpty,
  onChange,
}: {
  field: PivotField;
  label: string;
  chosen: (string | null)[];
  allowEmpty?: boolean;
  onChange: (values: (string | null)[]) => void;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 200);
  const values = useQuery('pivot.values', open ? { field, filters: [], limit: 200, ...(q ? { search: q } : {}) } : null);

  useEffect(() => {
    const close = (e: Event) => {
      const d = ref.current;
      if (!d?.open) return;
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !d.contains(e.target as Node)) {
        d.open = false;
        if (e instanceof KeyboardEvent) d.querySelector('summary')?.focus();
      }
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);

  const shown = (values.data?.values ?? []).filter((v) => allowEmpty || v.value !== null);
  const listed = new Set(shown.map((v) => v.value));
  const extra = chosen.filter((v) => !listed.has(v));
  const toggle = (v: string | null) => onChange(chosen.includes(v) ? chosen.filter((x) => x !== v) : [...chosen, v]);
  const name = (v: string | null) => v ?? EMPTY_LABEL;
  const summary = chosen.length === 0 ? 'Pick values…' : chosen.length <= 2 ? chosen.map(name).join(', ') : `${chosen.length} values`;

  return (
    <details
      className="sg-picker"
      ref={ref}
      onToggle={(e) => {
        const d = e.target as HTMLDetailsElement;
        setOpen(d.open);
        // Opening goes straight to the search box; the boxes follow it in tab order.
        if (d.open) d.querySelector<HTMLInputElement>('input[type="search"]')?.focus();
      }}
      data-testid="value-picker"
    >
      <summary
        aria-label={`${label}: ${chosen.length ? chosen.map(name).join(', ') : 'none picked'}`}
        className={chosen.length ? 'picked' : 'unpicked'}
      >
        {summary}
      </summary>
      <div className="sg-picker-pop" role="group" aria-label={`${label} values`}>
        <input
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="Search…"
          aria-label={`Search ${label} values`}
        />
        <div className="sg-picker-list">
          {extra.map((v) => (
            <label key={`x:${v}`}>
              <input type="checkbox" checked onChange={() => toggle(v)} />
              <span className="sg-picker-value">{name(v)}</span>
            </label>
          ))}
          {shown.map((v) => (
            <label key={`v:${v.value}`}>
              <input type="checkbox" checked={chosen.includes(v.value)} onChange={() => toggle(v.value)} />
              <span className="sg-picker-value">{name(v.value)}</span>
              <span className="sg-picker-count muted" title="entries with this value">
                {fmtCount(v.entries)}
              </span>
            </label>
          ))}
          {values.loading && !values.data && <p className="muted small">Loading…</p>}
          {values.error && <p className="inline-error small">{values.error.message}</p>}
          {values.data && shown.length === 0 && extra.length === 0 && <p className="muted small">No values{q ? ` match “${q}”` : ''}.</p>}
          {values.data?.more && <p className="muted small">More values exist: search to narrow.</p>}
        </div>
        <div className="sg-picker-foot small">
          <span className="muted">Counts are entries.</span>
          {chosen.length > 0 && (
            <button type="button" className="link" onClick={() => onChange([])}>
              Clear
            </button>
          )}
        </div>
      </div>
    </details>
  );
}
