import { useEffect, useMemo, useState } from 'react';
import type { SegmentInfo, SegmentRule } from '../../../src-main/contract/segments';
import { api } from '../../api/client';
import { fmtCount } from '../../format';
import { downloadText } from '../import/download';
import { useRoiCall } from '../roi/useRoiCall';
import { ConditionRow } from './ConditionRow';
import { CONDITION_TYPES, EMPTY, fromRule, toRule, type Draft } from './model';
import { SegmentResults } from './SegmentResults';
import './segments.css';

/** Debounced copy of a value: the live count follows typing without a query per keystroke. */
function useDebounced<T>(value: T, ms = 200): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function SegmentsPage({ version }: { version: number }) {
  const [saved, setSaved] = useState<SegmentInfo[]>([]);
  const [editing, setEditing] = useState<{ segmentId?: string; name: string }>({ name: '' });
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [json, setJson] = useState<SegmentRule | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const templates = useRoiCall('segments.templates', {}, version);
  const rule = json ?? toRule(draft);
  const live = useDebounced(rule);
  const count = useRoiCall('segments.count', { rule: live }, version);

  const reload = () => api.call('segments.list').then(setSaved).catch((e: Error) => setError(e.message));
  useEffect(() => void reload(), [version]);

  const open = (name: string, r: SegmentRule, segmentId?: string) => {
    const d = fromRule(r);
    setDraft(d ?? EMPTY);
    setJson(d ? null : r);
    setEditing({ segmentId, name });
    setMessage(null);
  };
  const save = async () => {
    setError(null);
    try {
      const s = await api.call('segments.save', { segmentId: editing.segmentId, name: editing.name.trim() || 'Untitled segment', rule });
      setEditing({ segmentId: s.segmentId, name: s.name });
      setMessage(s.version > 1 ? `Saved as version ${s.version} of “${s.name}”.` : `Saved “${s.name}”.`);
      await reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const update = (i: number, patch: Partial<Draft['items'][number]>) => setDraft((d) => ({ ...d, items: d.items.map((x, k) => (k === i ? { ...x, ...patch } : x)) }));
  const ruleText = useMemo(() => JSON.stringify(rule, null, 2), [rule]);

  return (
    <div className="page sg-page">
      <header className="page-header">
        <h1>Segments</h1>
        <p className="muted">Who to message next: rules over people (not rows). Counts follow every change; consent follows DOMAIN rules, opt-outs always win.</p>
      </header>
      <div className="sg-layout">
        <aside className="card sg-list" aria-label="Saved segments">
          <button
            type="button"
            onClick={() => {
              setDraft(EMPTY);
              setJson(null);
              setEditing({ name: '' });
              setMessage(null);
            }}
          >
            New segment
          </button>
          <h2 className="small muted">Saved</h2>
          <ul data-testid="segment-list">
            {saved.length === 0 && <li className="muted small">None yet.</li>}
            {saved.map((s) => (
              <li key={s.segmentId}>
                <button type="button" className="link" onClick={() => open(s.name, s.rule, s.segmentId)}>
                  {s.name}
                </button>{' '}
                <span className="muted small">v{s.version}</span>
                {s.problem && <p className="inline-error small">{s.problem}</p>}
              </li>
            ))}
          </ul>
          <h2 className="small muted">Start from…</h2>
          <ul data-testid="segment-templates">
            {(templates.data ?? []).map((t) => (
              <li key={t.name}>
                <button type="button" className="link" title={t.description} onClick={() => open(t.name, t.rule)}>
                  {t.name}
                </button>
              </li>
            ))}
          </ul>
        </aside>
        <section className="card sg-editor" aria-label="Segment rule">
          <div className="sg-row">
            <label>
              Name <input value={editing.name} onChange={(e) => setEditing((x) => ({ ...x, name: e.target.value }))} placeholder="Untitled segment" />
            </label>
            <button type="button" onClick={() => void save()}>
              {editing.segmentId ? 'Save new version' : 'Save segment'}
            </button>
          </div>
          {message && <p className="muted small" role="status" data-testid="segment-saved">{message}</p>}
          {error && <p className="inline-error small" role="alert">{error}</p>}
          {json ? (
            <p className="muted small">This rule nests groups; it is shown as JSON below. Start a new segment to use the editor.</p>
          ) : (
            <>
              <label className="small">
                People matching{' '}
                <select aria-label="Combine conditions" value={draft.combine} onChange={(e) => setDraft((d) => ({ ...d, combine: e.target.value as Draft['combine'] }))}>
                  <option value="all">all of</option>
                  <option value="any">any of</option>
                </select>{' '}
                these conditions
              </label>
              <ol className="sg-conds">
                {draft.items.map((it, i) => (
                  <ConditionRow
                    key={`${i}:${JSON.stringify(it.cond)}`}
                    index={i}
                    cond={it.cond}
                    negate={it.negate}
                    onChange={(cond) => update(i, { cond })}
                    onNegate={(negate) => update(i, { negate })}
                    onRemove={() => setDraft((d) => ({ ...d, items: d.items.filter((_, k) => k !== i) }))}
                  />
                ))}
              </ol>
              <select
                aria-label="Add a condition"
                value=""
                onChange={(e) => {
                  const t = CONDITION_TYPES.find((c) => c.type === e.target.value);
                  if (t) setDraft((d) => ({ ...d, items: [...d.items, { cond: t.make(), negate: false }] }));
                }}
              >
                <option value="">+ Add a condition…</option>
                {CONDITION_TYPES.map((t) => (
                  <option key={t.type} value={t.type}>
                    {t.label}
                  </option>
                ))}
              </select>
            </>
          )}
          <div className="kpis sg-kpis" data-testid="segment-count" aria-live="polite">
            <div className="kpi">
              <div className="kpi-label">People</div>
              <div className="kpi-value" data-testid="segment-people">{count.data ? fmtCount(count.data.people) : '…'}</div>
            </div>
            <div className="kpi">
              <div className="kpi-label">Reachable by email</div>
              <div className="kpi-value" data-testid="segment-email">{count.data ? fmtCount(count.data.reachable.email) : '…'}</div>
            </div>
            <div className="kpi">
              <div className="kpi-label">Reachable by SMS</div>
              <div className="kpi-value" data-testid="segment-sms">{count.data ? fmtCount(count.data.reachable.sms) : '…'}</div>
            </div>
          </div>
          {count.error && <p className="inline-error small" role="alert">{count.error.message}</p>}
          <details>
            <summary className="small muted">Rule as JSON (for `ace segment --rule`)</summary>
            <pre className="sg-json" data-testid="segment-json">{ruleText}</pre>
          </details>
          <SegmentResults rule={live} version={version} saved={saved} onExport={(name, csv) => downloadText(name, csv)} />
        </section>
      </div>
    </div>
  );
}
