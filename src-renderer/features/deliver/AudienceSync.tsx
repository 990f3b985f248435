import { useState } from 'react';
import type { ConnectorInfo, PushChannel } from '../../../src-main/contract/deliver';
import type { SegmentInfo } from '../../../src-main/contract/segments';
import type { SyncInfo, SyncMode, SyncPreview, SyncRunInfo } from '../../../src-main/contract/sync';
import { api } from '../../api/client';
import { ApiError } from '../../api/errors';
import { fmtCount } from '../../format';
import { mutate, useQuery } from '../../lib/query';

/** Connectors that can keep a list (the core refuses the others with the reason). */
const CAN_SYNC = ['webhook', 'csv', 'sendgrid', 'mailchimp'];
const reasonText = (r: string) => r.replace(/_/g, ' ');
const runText = (r: SyncRunInfo) =>
  `${r.status.replace(/_/g, ' ')} · +${fmtCount(r.done.add)} ~${fmtCount(r.done.update)} −${fmtCount(r.done.remove)}` +
  (r.failed ? ` · ${fmtCount(r.failed)} failed` : '') +
  (r.suppressed ? ` · ${fmtCount(r.suppressed)} opted out meanwhile` : '');

/**
 * Audience sync: a list in the sending service kept equal to a segment. Each run sends only the difference
 * (adds, updates, and in mirror mode removals), previewed first; a run that would remove much of the list
 * waits for a confirmation.
 */
export function AudienceSync({
  segments,
  connectors,
  onChanged,
}: {
  segments: SegmentInfo[];
  connectors: ConnectorInfo[];
  onChanged: () => void;
}) {
  const syncs = useQuery('sync.list', {});
  const [preview, setPreview] = useState<SyncPreview | null>(null);
  const [guard, setGuard] = useState<{ syncId: string; message: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const usable = connectors.filter((c) => CAN_SYNC.includes(c.config.kind));

  const act = async (syncId: string, f: () => Promise<unknown>) => {
    setError(null);
    setGuard(null);
    setBusy(syncId);
    try {
      await f();
      onChanged();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'NEEDS_CHOICE') setGuard({ syncId, message: e.message });
      else setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const run = (s: SyncInfo, confirmRemovals = false) =>
    act(s.syncId, async () => {
      await mutate('sync.run', { syncId: s.syncId, ...(confirmRemovals ? { confirmRemovals } : {}) });
      setPreview(null);
    });

  return (
    <section className="card" aria-label="Audience sync">
      <h2>Audience sync</h2>
      <p className="small muted">
        Keep a list in your sending service equal to a segment as it changes. Upsert adds and updates; mirror also removes who left the
        segment or may no longer be messaged. Each run sends only what changed, once; an opt-out is never added again.
      </p>
      {(syncs.data ?? []).length > 0 && (
        <table className="table" data-testid="syncs">
          <thead>
            <tr>
              <th>List</th>
              <th>Segment</th>
              <th>Mode</th>
              <th className="num">On the list</th>
              <th>Last run</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {(syncs.data ?? []).map((s) => (
              <tr key={s.syncId} data-sync={s.syncId}>
                <td>
                  {s.name}
                  <div className="small muted dl-target">{s.target}</div>
                </td>
                <td>{s.segment.name}</td>
                <td className="small">
                  {s.mode}
                  {s.mode === 'mirror' ? <div className="muted">guard {s.guardPct}%</div> : null}
                  <div className="muted">{s.everyHours ? `every ${s.everyHours} h, next ${s.nextRunAt ?? ''}` : 'when asked'}</div>
                </td>
                <td className="num" data-col="list-size">
                  {fmtCount(s.listSize)}
                </td>
                <td className="small" data-col="last-run">
                  {s.lastRun ? runText(s.lastRun) : 'never run'}
                  {s.lastRun?.lastError && <div className="inline-error">{s.lastRun.lastError}</div>}
                  {s.scheduleNote && (
                    <div className="inline-error" data-testid="sync-schedule-note">
                      {s.scheduleNote}
                    </div>
                  )}
                </td>
                <td className="dl-actions">
                  <button
                    className="ghost small"
                    disabled={busy !== null}
                    onClick={() => void act(s.syncId, async () => setPreview(await api.call('sync.preview', { syncId: s.syncId })))}
                  >
                    Preview
                  </button>
                  {s.lastRun && ['sending', 'interrupted', 'failed'].includes(s.lastRun.status) ? (
                    <button
                      className="ghost small"
                      disabled={busy !== null}
                      onClick={() => void act(s.syncId, () => mutate('sync.resume', { runId: s.lastRun!.runId }))}
                    >
                      Resume
                    </button>
                  ) : (
                    <button className="small" disabled={busy !== null} onClick={() => void run(s)}>
                      {busy === s.syncId ? 'Syncing…' : 'Sync now'}
                    </button>
                  )}
                  <button
                    className="ghost small"
                    aria-label={`Delete sync ${s.name}`}
                    disabled={busy !== null}
                    onClick={() => void act(s.syncId, () => mutate('sync.delete', { syncId: s.syncId }))}
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {guard && (
        <div className="dl-failure" role="alertdialog" aria-label="Confirm removals" data-testid="sync-guard">
          <p>{guard.message}</p>
          <button
            onClick={() =>
              void run(
                (syncs.data ?? []).find((s) => s.syncId === guard.syncId)!,
                true,
              )
            }
          >
            Remove them and sync
          </button>{' '}
          <button className="ghost" onClick={() => setGuard(null)}>
            Not now
          </button>
        </div>
      )}
      {preview && <PreviewPanel preview={preview} onClose={() => setPreview(null)} />}
      {segments.length > 0 && usable.length > 0 ? (
        <NewSync segments={segments} connectors={usable} onSaved={onChanged} onError={setError} />
      ) : (
        <p className="small muted">To sync a list, save a segment and add a sending service (webhook, CSV, SendGrid or Mailchimp).</p>
      )}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function PreviewPanel({ preview: p, onClose }: { preview: SyncPreview; onClose: () => void }) {
  return (
    <div className="dl-detail" role="dialog" aria-label="Sync preview" data-testid="sync-preview">
      <div className="dl-head">
        <h3>
          Next run: “{p.segment.name}” v{p.segment.version} → {fmtCount(p.listSize)} on the list ({p.mode})
        </h3>
        <button className="ghost small" onClick={onClose}>
          Close
        </button>
      </div>
      <p>
        Add <strong data-testid="sync-add">{fmtCount(p.add)}</strong> · update{' '}
        <strong data-testid="sync-update">{fmtCount(p.update)}</strong> · remove{' '}
        <strong data-testid="sync-remove">{fmtCount(p.remove)}</strong> · unchanged{' '}
        <strong data-testid="sync-unchanged">{fmtCount(p.unchanged)}</strong>
        {p.kept > 0 && (
          <span className="muted"> · {fmtCount(p.kept)} kept on the list (upsert never removes; mirror would, opt-outs included)</span>
        )}
      </p>
      {Object.keys(p.reasons).length > 0 && (
        <p className="small">
          {Object.entries(p.reasons)
            .map(([r, n]) => `${reasonText(r)} ${fmtCount(n)}`)
            .join(' · ')}
        </p>
      )}
      {p.guard.trips && (
        <p className="inline-error small" data-testid="sync-guard-note">
          The removals are {(p.guard.removeShare * 100).toFixed(1)}% of the list, over the guard of {p.guard.limitPct}%: the run will ask
          before removing them.
        </p>
      )}
      {p.examples.length > 0 && (
        <table className="table">
          <tbody>
            {p.examples.map((e) => (
              <tr key={`${e.op}-${e.contactId}`}>
                <td className="small">{e.op}</td>
                <td className="small">
                  {e.address}
                  {e.previousAddress ? <span className="muted"> (was {e.previousAddress})</span> : null}
                </td>
                <td className="small muted">{reasonText(e.reason)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.firstRequest !== null && (
        <details>
          <summary className="small">The first request as it will be sent</summary>
          <pre className="small dl-payload">{JSON.stringify(p.firstRequest, null, 2)}</pre>
        </details>
      )}
    </div>
  );
}

function NewSync({
  segments,
  connectors,
  onSaved,
  onError,
}: {
  segments: SegmentInfo[];
  connectors: ConnectorInfo[];
  onSaved: () => void;
  onError: (m: string | null) => void;
}) {
  const [name, setName] = useState('');
  const [segmentId, setSegmentId] = useState('');
  const [connectorId, setConnectorId] = useState('');
  const [channel, setChannel] = useState<PushChannel>('email');
  const [mode, setMode] = useState<SyncMode>('mirror');
  const [guard, setGuard] = useState('10');
  const [every, setEvery] = useState('');
  const save = async () => {
    onError(null);
    const g = Number(guard);
    if (!(guard.trim() !== '' && g >= 0 && g <= 100)) return onError('Guard: a percentage from 0 to 100.');
    const h = every.trim() ? Number(every) : null;
    if (h !== null && !(Number.isInteger(h) && h >= 1 && h <= 2160))
      return onError('Every (hours): a whole number of hours (1 to 2160), or leave it empty to sync when asked.');
    try {
      await mutate('sync.save', {
        name,
        segmentId: segmentId || segments[0]!.segmentId,
        connectorId: connectorId || connectors[0]!.connectorId,
        channel,
        fields: ['first_name'],
        mode,
        guardPct: g,
        everyHours: h,
      });
      setName('');
      onSaved();
    } catch (e) {
      onError((e as Error).message);
    }
  };
  return (
    <div className="inline-form" role="group" aria-label="New sync">
      <label>
        List name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Spring newsletter" />
      </label>
      <label>
        Segment
        <select value={segmentId || segments[0]!.segmentId} onChange={(e) => setSegmentId(e.target.value)}>
          {segments.map((s) => (
            <option key={s.segmentId} value={s.segmentId}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Service
        <select value={connectorId || connectors[0]!.connectorId} onChange={(e) => setConnectorId(e.target.value)}>
          {connectors.map((c) => (
            <option key={c.connectorId} value={c.connectorId}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Channel
        <select value={channel} onChange={(e) => setChannel(e.target.value as PushChannel)}>
          <option value="email">Email</option>
          <option value="sms">SMS</option>
        </select>
      </label>
      <label>
        Mode
        <select value={mode} onChange={(e) => setMode(e.target.value as SyncMode)}>
          <option value="mirror">Mirror (also remove)</option>
          <option value="upsert">Upsert (never remove)</option>
        </select>
      </label>
      <label title="A run that would remove more than this share of the list asks first (a broken import must not empty it)">
        Guard (%)
        <input value={guard} onChange={(e) => setGuard(e.target.value)} inputMode="decimal" size={4} />
      </label>
      <label title="Runs by itself while the app or ace serve runs; empty: only when you press Sync now">
        Every (hours)
        <input value={every} onChange={(e) => setEvery(e.target.value)} inputMode="numeric" size={4} placeholder="asked" />
      </label>
      <button onClick={() => void save()}>Add sync</button>
    </div>
  );
}
