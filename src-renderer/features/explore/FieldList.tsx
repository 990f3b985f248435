import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { PivotFieldInfo } from '../../../src-main/contract/pivot';
import { startDrag } from './dnd';
import { groupable, SHELF_LIMITS, type ExploreSpec } from './spec';

export type AddTarget = 'rows' | 'cols' | 'filters' | 'measures';
const GROUPS: PivotFieldInfo['group'][] = ['Campaign', 'Person', 'Geography', 'Time', 'Redemption', 'Messages', 'Rules', 'Custom'];

/** The keyboard way to do what a drag does: a menu on each field. */
function FieldMenu({ field, spec, onAdd }: { field: PivotFieldInfo; spec: ExploreSpec; onAdd: (t: AddTarget, f: PivotFieldInfo) => void }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    ref.current?.querySelector<HTMLButtonElement>('[role="menuitem"]:not(:disabled)')?.focus();
    const close = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && setOpen(false);
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const items: { t: AddTarget; label: string; ok: boolean }[] = [
    { t: 'rows', label: 'Add to rows', ok: groupable(field) && !spec.rows.includes(field.id) && spec.rows.length < SHELF_LIMITS.rows },
    { t: 'cols', label: 'Add to columns', ok: groupable(field) && !spec.cols.includes(field.id) && spec.cols.length < SHELF_LIMITS.cols },
    { t: 'filters', label: 'Add to filters', ok: true },
    {
      t: 'measures',
      label: field.kind === 'number' ? 'Add as measure (sum)' : 'Add as measure (distinct count)',
      ok: spec.measures.length < SHELF_LIMITS.measures,
    },
  ];
  const keys = (e: React.KeyboardEvent) => {
    const all = Array.from(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)') ?? []);
    const i = all.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      setOpen(false);
      ref.current?.querySelector<HTMLButtonElement>('.ex-field-more')?.focus();
      e.stopPropagation();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      all[(i + (e.key === 'ArrowDown' ? 1 : all.length - 1)) % all.length]?.focus();
    }
  };
  return (
    <div className="ex-field-menu" ref={ref} onKeyDown={keys}>
      <button
        type="button"
        className="ex-field-more"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`${field.label}: add to…`}
        onClick={() => setOpen(!open)}
      >
        ⋯
      </button>
      {open && (
        <div role="menu" aria-label={`Add ${field.label}`} className="ex-menu">
          {items.map((it) => (
            <button
              key={it.t}
              type="button"
              role="menuitem"
              disabled={!it.ok}
              onClick={() => {
                setOpen(false);
                onAdd(it.t, field);
              }}
            >
              {it.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** Every field, grouped, with a search; drag a field onto Rows, Columns, Filters or Measures, or use its menu. */
export const FieldList = memo(function FieldList({
  fields,
  spec,
  onAdd,
}: {
  fields: PivotFieldInfo[];
  spec: ExploreSpec;
  onAdd: (t: AddTarget, f: PivotFieldInfo) => void;
}) {
  const [q, setQ] = useState('');
  const groups = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const shown = fields.filter((f) => !needle || f.label.toLowerCase().includes(needle) || f.id.toLowerCase().includes(needle));
    return GROUPS.map((g) => ({ g, fields: shown.filter((f) => f.group === g) })).filter((x) => x.fields.length);
  }, [fields, q]);
  const used = new Set([...spec.rows, ...spec.cols, ...spec.filters.map((f) => f.field)]);

  return (
    <section className="card ex-fields" aria-label="Fields">
      <h2>Fields</h2>
      <input type="search" placeholder="Search fields" aria-label="Search fields" value={q} onChange={(e) => setQ(e.target.value)} />
      <div className="ex-field-groups" data-testid="field-list">
        {groups.map(({ g, fields: fs }) => (
          <div key={g} role="group" aria-labelledby={`ex-group-${g}`}>
            <h3 id={`ex-group-${g}`}>{g}</h3>
            <ul>
              {fs.map((f) => (
                <li
                  key={f.id}
                  className={`ex-field${used.has(f.id) ? ' used' : ''}`}
                  draggable
                  onDragStart={(e) => startDrag(e, { field: f.id })}
                  data-field={f.id}
                  title={`${f.label}: drag to Rows, Columns, Filters or Measures`}
                >
                  <span className={`ex-kind ex-kind-${f.kind}`} aria-hidden>
                    {f.kind === 'number' ? '#' : 'Aa'}
                  </span>
                  <span className="ex-field-label">{f.label}</span>
                  <span className="visually-hidden">{f.kind === 'number' ? '(number)' : ''}</span>
                  <FieldMenu field={f} spec={spec} onAdd={onAdd} />
                </li>
              ))}
            </ul>
          </div>
        ))}
        {groups.length === 0 && <p className="muted small">No field matches “{q}”.</p>}
      </div>
    </section>
  );
});
