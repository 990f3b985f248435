import { useState } from 'react';
import type { MessageTemplate } from '../../../src-main/contract/messages';
import type { SegmentInfo } from '../../../src-main/contract/segments';
import { useQuery } from '../../lib/query';

/** The message as one member of a segment would get it (the first member, or one by id). */
export function MessagePreview({ template, segments }: { template: MessageTemplate; segments: SegmentInfo[] }) {
  const [segmentId, setSegmentId] = useState('');
  const [entrantId, setEntrantId] = useState('');
  const chosen = segmentId || segments[0]?.segmentId || '';
  const id = entrantId.trim().toUpperCase();
  const preview = useQuery(
    'messages.preview',
    chosen ? { template, segmentId: chosen, ...(/^P[0-9A-F]{16}$/.test(id) ? { entrantId: id } : {}) } : null,
    { areas: ['messages', 'segments', 'data'] },
  );
  const error = preview.error?.message ?? null;
  const result = error ? null : preview.data;

  return (
    <section className="card message-preview" aria-label="Preview">
      <h2>Preview</h2>
      {segments.length === 0 ? (
        <p className="muted">Save a segment first: the preview shows the message for one of its members.</p>
      ) : (
        <div className="inline-form">
          <label>
            Segment
            <select value={chosen} onChange={(e) => setSegmentId(e.target.value)}>
              {segments.map((s) => (
                <option key={s.segmentId} value={s.segmentId}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Member id (optional)
            <input value={entrantId} onChange={(e) => setEntrantId(e.target.value)} placeholder={result?.entrantId ?? 'P…'} />
          </label>
        </div>
      )}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div data-testid="message-preview">
          <p className="small muted">For {result.entrantId}</p>
          {result.rendered.sms !== null && (
            <div className="sms-bubble" data-testid="preview-sms">
              {result.rendered.sms}
            </div>
          )}
          {result.rendered.email && (
            <div className="email-preview">
              <div>
                <strong>Subject:</strong> <span data-testid="preview-subject">{result.rendered.email.subject}</span>
              </div>
              {/* The person's own HTML, with every value escaped, shown in a frame that cannot run scripts. */}
              <iframe title="Email preview" sandbox="" srcDoc={result.rendered.email.html} />
            </div>
          )}
          {result.rendered.push && (
            <div className="push-preview" data-testid="preview-push">
              <strong>{result.rendered.push.title}</strong>
              <div>{result.rendered.push.body}</div>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
