import { useState } from 'react';
import type { SegmentRule } from '../../../src-main/contract/segments';
import { mutate } from '../../lib/query';

export interface Editing {
  segmentId?: string;
  name: string;
  version?: number;
  /** The template it started from, if any. */
  template?: string;
  problem?: string;
}

/** The segment's name and saving: a new segment, or a new version of the one opened. */
export type SaveMessage = { ok: boolean; text: string } | null;

export function SaveBar({
  editing,
  rule,
  incomplete,
  message,
  onMessage: setMessage,
  onEditing,
  onSaved,
}: {
  editing: Editing;
  message: SaveMessage;
  onMessage: (m: SaveMessage) => void;
  rule: SegmentRule;
  incomplete: number;
  onEditing: (e: Editing) => void;
  onSaved: () => Promise<void> | void;
}) {
  const [busy, setBusy] = useState(false);
  const save = async (asNew: boolean) => {
    setBusy(true);
    setMessage(null);
    try {
      const name = editing.name.trim() || 'Untitled segment';
      const s = await mutate('segments.save', { ...(editing.segmentId && !asNew ? { segmentId: editing.segmentId } : {}), name, rule });
      const next = { segmentId: s.segmentId, name: s.name, version: s.version };
      onEditing(next);
      setMessage({
        ok: true,
        text: s.version > 1 ? `Saved as version ${s.version} of “${s.name}”; earlier versions are kept.` : `Saved “${s.name}”.`,
      });
      await onSaved();
    } catch (e) {
      setMessage({ ok: false, text: `Not saved: ${(e as Error).message}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="sg-savebar">
      <div className="sg-row">
        <label className="sg-name">
          <span className="small muted">Segment name</span>
          <input
            value={editing.name}
            onChange={(e) => onEditing({ ...editing, name: e.target.value })}
            placeholder="Untitled segment"
            maxLength={120}
          />
        </label>
        {editing.segmentId ? (
          <>
            <button type="button" disabled={busy} onClick={() => void save(false)}>
              Save new version
            </button>
            <button type="button" className="ghost" disabled={busy} onClick={() => void save(true)}>
              Save as new segment
            </button>
          </>
        ) : (
          <button type="button" disabled={busy} onClick={() => void save(false)}>
            Save segment
          </button>
        )}
      </div>
      <p className="small muted sg-editing" data-testid="segment-editing">
        {editing.segmentId
          ? `Editing version ${editing.version ?? 1}; saving makes version ${(editing.version ?? 1) + 1}.`
          : editing.template
            ? `A new segment from the ready-made “${editing.template}”.`
            : 'A new segment.'}
        {incomplete > 0 && ` ${incomplete} incomplete condition${incomplete === 1 ? ' is' : 's are'} left out until filled in.`}
      </p>
      {editing.problem && (
        <p className="sg-problem small" role="alert">
          {editing.problem}
        </p>
      )}
      {message && (
        <p className={`small ${message.ok ? 'sg-ok' : 'inline-error'}`} role={message.ok ? 'status' : 'alert'} data-testid="segment-saved">
          {message.text}
        </p>
      )}
    </div>
  );
}
