import { useMemo, useState } from 'react';
import type { PivotFilter } from '../../../src-main/contract/pivot';
import { useQuery } from '../../lib/query';
import { FilterEditor } from '../explore/FilterEditor';
import { filterText } from '../explore/Shelves';

/** Explore's filters on the map: pick any field, then values, a range or "is empty", as in Explore. */
export function MapFilters({ filters, onChange }: { filters: PivotFilter[]; onChange: (f: PivotFilter[]) => void }) {
  const list = useQuery('pivot.fields', {});
  const [editing, setEditing] = useState<{ index: number; field: string } | null>(null);
  const error = list.error ? `The fields to filter by could not be listed: ${list.error.message}` : null;
  const fields = useMemo(() => (list.error ? [] : (list.data ?? [])), [list.data, list.error]);
  const byId = useMemo(() => new Map(fields.map((f) => [f.id, f])), [fields]);
  const field = editing ? byId.get(editing.field) : undefined;

  return (
    <div className="map-filters" role="group" aria-label="Map filters">
      <span className="small muted">Filters</span>
      {error && (
        <span className="roi-inline-error" role="alert">
          {error}
        </span>
      )}
      {filters.map((f, i) => {
        const text = filterText(f, byId);
        return (
          <span key={i} className="ex-chip ex-filter-chip" data-testid="map-filter-chip">
            <button
              type="button"
              className="ex-chip-edit"
              onClick={() => setEditing({ index: i, field: f.field })}
              aria-label={`Edit filter ${text}`}
            >
              {text}
            </button>
            <button
              type="button"
              className="ex-chip-btn"
              aria-label={`Remove filter ${text}`}
              onClick={() => onChange(filters.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </span>
        );
      })}
      <select aria-label="Add a filter" value="" onChange={(e) => e.target.value && setEditing({ index: -1, field: e.target.value })}>
        <option value="">+ Filter…</option>
        {fields.map((f) => (
          <option key={f.id} value={f.id}>
            {f.group}: {f.label}
          </option>
        ))}
      </select>
      {editing && field && (
        <FilterEditor
          field={field}
          initial={editing.index >= 0 ? (filters[editing.index] ?? null) : null}
          others={filters.filter((_, j) => j !== editing.index)}
          onApply={(f) => {
            const next = [...filters];
            if (editing.index >= 0) {
              if (f) next[editing.index] = f;
              else next.splice(editing.index, 1);
            } else if (f) next.push(f);
            onChange(next);
            if (editing.index < 0 && f) setEditing({ index: next.length - 1, field: f.field });
          }}
          onClose={() => setEditing(null)}
        />
      )}
    </div>
  );
}
