import type { SegmentInfo, SegmentRule } from '../../../src-main/contract/segments';

export interface Template {
  name: string;
  description: string;
  rule: SegmentRule;
}

/** Saved segments (latest version of each, with their problem when the rule no longer reads) and the ready-made rules. */
export function SegmentList({
  saved,
  templates,
  activeId,
  onNew,
  onOpen,
  onTemplate,
}: {
  saved: SegmentInfo[];
  templates: Template[];
  activeId: string | undefined;
  onNew: () => void;
  onOpen: (s: SegmentInfo) => void;
  onTemplate: (t: Template) => void;
}) {
  return (
    <aside className="card sg-list" aria-label="Segments">
      <button type="button" onClick={onNew}>
        New segment
      </button>
      <h2 className="sg-list-h" id="sg-saved-h">
        Saved
      </h2>
      <ul data-testid="segment-list" aria-labelledby="sg-saved-h">
        {saved.length === 0 && <li className="muted small">None yet: build a rule and save it.</li>}
        {saved.map((s) => (
          <li key={s.segmentId} className={s.segmentId === activeId ? 'active' : undefined}>
            <button
              type="button"
              className="sg-item"
              aria-current={s.segmentId === activeId ? 'true' : undefined}
              onClick={() => onOpen(s)}
            >
              <span className="sg-item-name">{s.name}</span>
              <span className="muted small">
                v{s.version} · {s.createdAt}
              </span>
            </button>
            {s.problem && (
              <p className="sg-problem small" data-testid="segment-problem">
                {s.problem}
              </p>
            )}
          </li>
        ))}
      </ul>
      <h2 className="sg-list-h" id="sg-templates-h">
        Start from…
      </h2>
      <ul data-testid="segment-templates" aria-labelledby="sg-templates-h">
        {templates.map((t) => (
          <li key={t.name}>
            <button
              type="button"
              className="sg-item"
              onClick={() => onTemplate(t)}
              aria-label={t.name}
              aria-describedby={`sg-t-${t.name.replace(/\W+/g, '-')}`}
            >
              <span className="sg-item-name">{t.name}</span>
              <span className="muted small" id={`sg-t-${t.name.replace(/\W+/g, '-')}`}>
                {t.description}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
