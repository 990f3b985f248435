import { useEffect, useRef } from 'react';

/** A compact multi-select: a summary button that opens a list of checkboxes. No choice means all. */
export function MultiSelect({
  id,
  label,
  values,
  chosen,
  onChange,
}: {
  id: string;
  label: string;
  values: string[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
}) {
  const ref = useRef<HTMLDetailsElement>(null);

  // Close on a click elsewhere or Escape, as a menu would.
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

  const toggle = (v: string) => onChange(chosen.includes(v) ? chosen.filter((x) => x !== v) : [...chosen, v]);
  const summary = chosen.length === 0 ? 'All' : chosen.length === 1 ? chosen[0] : `${chosen.length} chosen`;

  return (
    <div className="field roi-multi-field">
      <span id={`${id}-label`}>{label}</span>
      <details className="roi-multi" ref={ref} data-testid={`filter-${id}`}>
        <summary aria-labelledby={`${id}-label ${id}-value`} className={chosen.length ? 'filtered' : undefined}>
          <span id={`${id}-value`}>{summary}</span>
        </summary>
        <fieldset className="roi-multi-list">
          <legend className="visually-hidden">{label}</legend>
          {values.length === 0 && <p className="muted small">No values.</p>}
          {values.map((v) => (
            <label key={v}>
              <input type="checkbox" checked={chosen.includes(v)} onChange={() => toggle(v)} />
              {v}
            </label>
          ))}
          {chosen.length > 0 && (
            <button type="button" className="link small" onClick={() => onChange([])}>
              Clear ({label.toLowerCase()}: all)
            </button>
          )}
        </fieldset>
      </details>
    </div>
  );
}
