import type { DashboardFilters } from '../../../src-main/contract/dashboards';
import { useFilterValues } from '../../lib/filterValues';
import { MultiSelect } from '../../components/MultiSelect';
import { FILTER_FIELDS, FILTER_LABELS } from '../../lib/roiQuery';
import { hasFilters, NO_FILTERS } from './scope';

/** The dashboard's filters: a date range and the campaign fields. Every tile that counts entries follows them. */
export function FilterBar({ filters, onChange }: { filters: DashboardFilters; onChange: (f: DashboardFilters) => void }) {
  const values = useFilterValues();
  const badRange = Boolean(filters.from && filters.to && filters.from > filters.to);
  return (
    <section className="card dash-filters" aria-label="Dashboard filters">
      <label className="field">
        From
        <input
          type="date"
          value={filters.from ?? ''}
          onChange={(e) => onChange({ ...filters, from: e.target.value || undefined })}
          aria-invalid={badRange}
        />
      </label>
      <label className="field">
        To
        <input
          type="date"
          value={filters.to ?? ''}
          onChange={(e) => onChange({ ...filters, to: e.target.value || undefined })}
          aria-invalid={badRange}
        />
      </label>
      {FILTER_FIELDS.map((f) => (
        <MultiSelect
          key={f}
          id={`dash-${f}`}
          label={FILTER_LABELS[f]}
          values={values[f]}
          chosen={filters[f]}
          onChange={(v) => onChange({ ...filters, [f]: v })}
        />
      ))}
      {hasFilters(filters) && (
        <button type="button" className="ghost" onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </button>
      )}
      {badRange && (
        <p className="error-text" role="alert">
          “From” is after “To”: no day is in this range. Change one of the dates.
        </p>
      )}
    </section>
  );
}
