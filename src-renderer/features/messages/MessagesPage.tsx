import { useMemo, useState } from 'react';
import { mutate, useQuery } from '../../lib/query';
import { useUnsaved } from '../../unsaved';
import { useDebounced } from '../../lib/useDebounced';
import { fromTemplate, NEW_DRAFT, toTemplate, type Draft } from './draft';
import { MessagePreview } from './MessagePreview';
import './messages.css';

/** Messages: the contest language written once per channel, checked as you type, previewed for a real member. */
export function MessagesPage() {
  const savedQ = useQuery('messages.list', {});
  const segmentsQ = useQuery('segments.list', {});
  const saved = savedQ.data ?? [];
  const segments = segmentsQ.data ?? [];
  const [draft, setDraft] = useState<Draft>(NEW_DRAFT);
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setError] = useState<string | null>(null);
  const template = useMemo(() => toTemplate(draft), [draft]);
  const [savedText, setSavedText] = useState(() => JSON.stringify(toTemplate(NEW_DRAFT)));
  useUnsaved('messages', JSON.stringify(template) !== savedText);
  const settled = useDebounced(template, 150);

  const checkQ = useQuery('messages.check', settled);
  const check = checkQ.data;
  const error =
    problem ??
    savedQ.error?.message ??
    (segmentsQ.error ? `The saved segments could not be listed: ${segmentsQ.error.message}` : null) ??
    checkQ.error?.message ??
    null;

  const set = (patch: Partial<Draft>) => {
    setStatus(null);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const save = async () => {
    setError(null);
    try {
      const t = await mutate('messages.save', template);
      setDraft(fromTemplate(t));
      setSavedText(JSON.stringify(toTemplate(fromTemplate(t))));
      setStatus(`Saved “${t.name}”.`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const sms = check?.sms;

  return (
    <div className="page messages-page">
      <header className="page-header">
        <div>
          <h1>Messages</h1>
          <p className="muted">
            Write the contest language once for SMS, email and push. Merge fields: {'{{first_name}}'}, with a fallback:{' '}
            {'{{first_name | "there"}}'}.
          </p>
        </div>
      </header>
      <div className="messages-layout">
        <section className="card" aria-label="Saved messages">
          <button
            onClick={() => {
              setDraft(NEW_DRAFT);
              setSavedText(JSON.stringify(toTemplate(NEW_DRAFT)));
            }}
          >
            New message
          </button>
          <ul className="message-list">
            {saved.map((t) => (
              <li key={t.templateId}>
                <button
                  className={`ghost ${draft.templateId === t.templateId ? 'active' : ''}`}
                  onClick={() => {
                    setDraft(fromTemplate(t));
                    setSavedText(JSON.stringify(toTemplate(fromTemplate(t))));
                  }}
                >
                  {t.name}
                  <span className="small muted"> {[t.sms && 'SMS', t.email && 'email', t.push && 'push'].filter(Boolean).join(' · ')}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
        <section className="card message-editor" aria-label="Message editor">
          <div className="inline-form">
            <label>
              Name
              <input value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="Spring sweepstakes reminder" />
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={draft.promotional} onChange={(e) => set({ promotional: e.target.checked })} /> Promotional
              (needs the opt-out line)
            </label>
            <button onClick={() => void save()} disabled={!!check?.errors.length}>
              Save message
            </button>
          </div>
          {(['sms', 'email', 'push'] as const).map((ch) => (
            <fieldset key={ch} className="channel">
              <legend>
                <label className="checkbox">
                  <input type="checkbox" checked={draft.use[ch]} onChange={(e) => set({ use: { ...draft.use, [ch]: e.target.checked } })} />{' '}
                  {ch === 'sms' ? 'SMS' : ch === 'email' ? 'Email' : 'Push notification'}
                </label>
              </legend>
              {draft.use[ch] && ch === 'sms' && (
                <>
                  <textarea
                    aria-label="SMS text"
                    rows={4}
                    value={draft.sms.body}
                    onChange={(e) => set({ sms: { body: e.target.value } })}
                  />
                  {sms && (
                    <p className={`small ${sms.segments > 1 ? 'warn' : 'muted'}`} data-testid="sms-count">
                      {sms.units} {sms.encoding === 'GSM-7' ? 'characters' : 'UCS-2 units'} · {sms.segments} segment
                      {sms.segments === 1 ? '' : 's'} · {sms.encoding} · {sms.remaining} left in this segment
                    </p>
                  )}
                </>
              )}
              {draft.use[ch] && ch === 'email' && (
                <>
                  <label>
                    Subject
                    <input value={draft.email.subject} onChange={(e) => set({ email: { ...draft.email, subject: e.target.value } })} />
                  </label>
                  <label>
                    HTML
                    <textarea
                      rows={5}
                      value={draft.email.html}
                      onChange={(e) => set({ email: { ...draft.email, html: e.target.value } })}
                    />
                  </label>
                  <label>
                    Plain text
                    <textarea
                      rows={3}
                      value={draft.email.text}
                      onChange={(e) => set({ email: { ...draft.email, text: e.target.value } })}
                    />
                  </label>
                </>
              )}
              {draft.use[ch] && ch === 'push' && (
                <>
                  <label>
                    Title
                    <input value={draft.push.title} onChange={(e) => set({ push: { ...draft.push, title: e.target.value } })} />
                  </label>
                  <label>
                    Body
                    <textarea rows={2} value={draft.push.body} onChange={(e) => set({ push: { ...draft.push, body: e.target.value } })} />
                  </label>
                </>
              )}
            </fieldset>
          ))}
          {check && (check.errors.length > 0 || check.warnings.length > 0) && (
            <ul className="message-checks" aria-label="Checks">
              {check.errors.map((m) => (
                <li key={m} className="inline-error">
                  {m}
                </li>
              ))}
              {check.warnings.map((m) => (
                <li key={m} className="warn">
                  {m}
                </li>
              ))}
            </ul>
          )}
          {status && (
            <p className="small" role="status">
              {status}
            </p>
          )}
          {error && (
            <p className="inline-error" role="alert">
              {error}
            </p>
          )}
        </section>
        <MessagePreview template={settled} segments={segments} />
      </div>
    </div>
  );
}
