import { memo, useState } from 'react';
import type { PivotFieldInfo, PivotMeasure } from '../../../src-main/contract/pivot';
import { FIELD_FNS, measureLabel, PIVOT_METRIC_LIST } from '../../lib/measures';
import { DropArea } from './Shelves';
import { addMeasure, defaultMeasureOf, moveItem, sameMeasure, SHELF_LIMITS, type ExploreSpec } from './spec';

/** Measures: DOMAIN.md's metrics, or a function of a field (sum of revenue, median of age, distinct zips ...). */
export const MeasuresShelf = memo(function MeasuresShelf({
  spec,
  fields,
  onChange,
}: {
  spec: ExploreSpec;
  fields: PivotFieldInfo[];
  onChange: (s: ExploreSpec) => void;
}) {
  const byId = new Map(fields.map((f) => [f.id, f]));
  const [fn, setFn] = useState<PivotMeasure['fn']>('sum');
  const numbersOnly = FIELD_FNS.find((x) => x.fn === fn)?.numbersOnly ?? true;
  const choices = fields.filter((f) => !numbersOnly || f.kind === 'number');
  const [field, setField] = useState('');
  const chosenField = choices.some((f) => f.id === field) ? field : (choices[0]?.id ?? '');
  const full = spec.measures.length >= SHELF_LIMITS.measures;
  const list = spec.measures;

  return (
    <DropArea
      label="Measures"
      testId="shelf-measures"
      onDrop={(d) => {
        const f = byId.get(d.field);
        if (f) onChange(addMeasure(spec, defaultMeasureOf(f)));
      }}
      hint=""
    >
      {list.map((m, i) => {
        const label = measureLabel(m, byId);
        return (
          <span
            key={`${m.fn}:${m.field ?? ''}`}
            className="ex-chip ex-measure-chip"
            data-measure={`${m.fn}${m.field ? `:${m.field}` : ''}`}
          >
            <span className="ex-chip-label">{label}</span>
            <button
              type="button"
              className="ex-chip-btn"
              aria-label={`Move ${label} left`}
              disabled={i === 0}
              onClick={() => onChange({ ...spec, measures: moveItem(list, i, -1) })}
            >
              ◀
            </button>
            <button
              type="button"
              className="ex-chip-btn"
              aria-label={`Move ${label} right`}
              disabled={i === list.length - 1}
              onClick={() => onChange({ ...spec, measures: moveItem(list, i, 1) })}
            >
              ▶
            </button>
            <button
              type="button"
              className="ex-chip-btn"
              aria-label={`Remove measure ${label}`}
              disabled={list.length === 1}
              onClick={() => onChange({ ...spec, measures: list.filter((_, j) => j !== i) })}
            >
              ×
            </button>
          </span>
        );
      })}
      <select
        className="ex-add-metric"
        aria-label="Add a metric"
        value=""
        disabled={full}
        onChange={(e) => {
          const m = { fn: e.target.value as PivotMeasure['fn'] };
          if (m.fn) onChange(addMeasure(spec, m));
        }}
      >
        <option value="">+ Metric</option>
        {PIVOT_METRIC_LIST.map((m) => (
          <option key={m.fn} value={m.fn} disabled={list.some((x) => sameMeasure(x, { fn: m.fn }))}>
            {m.label}
          </option>
        ))}
      </select>
      <span className="ex-fn-of" role="group" aria-label="Add a function of a field">
        <select aria-label="Function" value={fn} onChange={(e) => setFn(e.target.value as PivotMeasure['fn'])} disabled={full}>
          {FIELD_FNS.map((f) => (
            <option key={f.fn} value={f.fn}>
              {f.label}
            </option>
          ))}
        </select>
        <span className="muted small">of</span>
        <select aria-label="Field of the function" value={chosenField} onChange={(e) => setField(e.target.value)} disabled={full}>
          {choices.map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="ghost"
          disabled={full || !chosenField}
          onClick={() => onChange(addMeasure(spec, { fn, field: chosenField }))}
        >
          Add
        </button>
      </span>
    </DropArea>
  );
});
