import { memo, type DragEvent, type ReactNode, useState } from 'react';
import type { PivotFieldInfo, PivotFilter } from '../../../src-main/contract/pivot';
import { isFieldDrag, readDrag, startDrag, type DragField } from './dnd';
import { fieldLabel } from '../../lib/measures';
import { keyText } from '../../lib/pivotModel';
import { moveItem, SHELF_LABELS, SHELF_LIMITS, type ExploreSpec } from './spec';

/** A drop target: highlights while a field is dragged over it, and hands the drop on. */
function DropArea({
  label,
  testId,
  onDrop,
  children,
  hint,
}: {
  label: string;
  testId: string;
  onDrop: (d: DragField, e: DragEvent) => void;
  children: ReactNode;
  hint: string;
}) {
  const [over, setOver] = useState(false);
  return (
    <div
      className={`ex-shelf${over ? ' over' : ''}`}
      role="group"
      aria-label={label}
      data-testid={testId}
      onDragOver={(e) => {
        if (!isFieldDrag(e)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={(e) => !e.currentTarget.contains(e.relatedTarget as Node) && setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const d = readDrag(e);
        if (d) onDrop(d, e);
      }}
    >
      <span className="ex-shelf-label">{label}</span>
      <div className="ex-chips">{children}</div>
      <span className="ex-shelf-hint muted small">{hint}</span>
    </div>
  );
}

/** Rows or Columns: chips in order; drag to reorder or move, ◀ ▶ to reorder by keyboard, × to remove. */
export const AxisShelf = memo(function AxisShelf({
  shelf,
  spec,
  fields,
  onPlace,
  onChange,
}: {
  shelf: 'rows' | 'cols';
  spec: ExploreSpec;
  fields: Map<string, PivotFieldInfo>;
  onPlace: (shelf: 'rows' | 'cols', field: string, at?: number) => void;
  onChange: (s: ExploreSpec) => void;
}) {
  const list = spec[shelf];
  const name = SHELF_LABELS[shelf];
  const dropAt = (d: DragField, index?: number) => {
    const f = fields.get(d.field);
    if (f && f.kind === 'dimension') onPlace(shelf, d.field, index);
  };
  return (
    <DropArea
      label={name}
      testId={`shelf-${shelf}`}
      onDrop={(d) => dropAt(d)}
      hint={list.length ? `${list.length}/${SHELF_LIMITS[shelf]}` : 'drop fields here'}
    >
      {list.map((id, i) => {
        const label = fieldLabel(id, fields);
        return (
          <span
            key={id}
            className="ex-chip"
            draggable
            data-field={id}
            onDragStart={(e) => startDrag(e, { field: id, from: { shelf, index: i } })}
            onDrop={(e) => {
              const d = readDrag(e);
              if (!d) return;
              e.preventDefault();
              e.stopPropagation();
              dropAt(d, i);
            }}
          >
            <span className="ex-chip-label">{label}</span>
            <button
              type="button"
              className="ex-chip-btn"
              aria-label={`Move ${label} ${shelf === 'rows' ? 'up' : 'left'}`}
              disabled={i === 0}
              onClick={() => onChange({ ...spec, [shelf]: moveItem(list, i, -1) })}
            >
              ◀
            </button>
            <button
              type="button"
              className="ex-chip-btn"
              aria-label={`Move ${label} ${shelf === 'rows' ? 'down' : 'right'}`}
              disabled={i === list.length - 1}
              onClick={() => onChange({ ...spec, [shelf]: moveItem(list, i, 1) })}
            >
              ▶
            </button>
            <button
              type="button"
              className="ex-chip-btn"
              aria-label={`Remove ${label} from ${name.toLowerCase()}`}
              onClick={() => onChange({ ...spec, [shelf]: list.filter((_, j) => j !== i) })}
            >
              ×
            </button>
          </span>
        );
      })}
    </DropArea>
  );
});

const shortValue = (v: string | number | boolean | null, field: string) => (v === null ? keyText(null, field) : String(v));

/** A filter in words: "Channel: sms, web", "Age 18 – 30", "Zip is empty". */
export function filterText(f: PivotFilter, fields: Map<string, PivotFieldInfo>): string {
  const label = fieldLabel(f.field, fields);
  switch (f.op) {
    case 'in':
    case 'not_in': {
      const vs =
        f.values
          .slice(0, 3)
          .map((v) => shortValue(v, f.field))
          .join(', ') + (f.values.length > 3 ? ` +${f.values.length - 3}` : '');
      return `${label}${f.op === 'not_in' ? ' not' : ''}: ${vs}`;
    }
    case 'between':
      return f.from !== null && f.to !== null
        ? `${label}: ${f.from} – ${f.to}`
        : f.from !== null
          ? `${label} ≥ ${f.from}`
          : `${label} ≤ ${f.to}`;
    case 'empty':
      return `${label} is empty`;
    case 'not_empty':
      return `${label} is not empty`;
  }
}

/** Filters as removable chips; a click edits one; a field dropped here opens a new filter on it. */
export const FilterShelf = memo(function FilterShelf({
  spec,
  fields,
  onEdit,
  onRemove,
}: {
  spec: ExploreSpec;
  fields: Map<string, PivotFieldInfo>;
  onEdit: (index: number, field: string) => void;
  onRemove: (index: number) => void;
}) {
  return (
    <DropArea
      label="Filters"
      testId="shelf-filters"
      onDrop={(d) => onEdit(-1, d.field)}
      hint={spec.filters.length ? '' : 'drop fields here, or click a value in the table'}
    >
      {spec.filters.map((f, i) => {
        const text = filterText(f, fields);
        return (
          <span key={i} className="ex-chip ex-filter-chip" data-field={f.field} data-testid="filter-chip">
            <button type="button" className="ex-chip-edit" onClick={() => onEdit(i, f.field)} aria-label={`Edit filter ${text}`}>
              {text}
            </button>
            <button type="button" className="ex-chip-btn" aria-label={`Remove filter ${text}`} onClick={() => onRemove(i)}>
              ×
            </button>
          </span>
        );
      })}
    </DropArea>
  );
});

export { DropArea };
