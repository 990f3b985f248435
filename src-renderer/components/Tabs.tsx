import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import './Tabs.css';

export interface TabDef<T extends string> {
  id: T;
  label: string;
  /** A count or state beside the label (e.g. open fraud flags). */
  badge?: string | null;
}

/**
 * Tabs as WAI-ARIA describes them: a tablist of buttons, one panel shown; arrow keys, Home and End move
 * between tabs (and choose them). `idBase` makes the ids of the tabs and their panel.
 */
export function Tabs<T extends string>({
  tabs,
  current,
  onChange,
  label,
  idBase,
  children,
}: {
  tabs: TabDef<T>[];
  current: T;
  onChange: (id: T) => void;
  label: string;
  idBase: string;
  children: ReactNode;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const move = (e: KeyboardEvent, i: number) => {
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const j = (next + tabs.length) % tabs.length;
    onChange(tabs[j]!.id);
    refs.current[j]?.focus();
  };
  return (
    <>
      <div role="tablist" aria-label={label} className="tabs">
        {tabs.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${idBase}-tab-${t.id}`}
            aria-selected={t.id === current}
            aria-controls={`${idBase}-panel`}
            tabIndex={t.id === current ? 0 : -1}
            className={`tab${t.id === current ? ' active' : ''}`}
            onClick={() => onChange(t.id)}
            onKeyDown={(e) => move(e, i)}
          >
            {t.label}
            {t.badge ? <span className="tab-badge">{t.badge}</span> : null}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${idBase}-panel`} aria-labelledby={`${idBase}-tab-${current}`} className="tab-panel">
        {children}
      </div>
    </>
  );
}
