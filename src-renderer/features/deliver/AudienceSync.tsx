import { useEffect, useState } from 'react';
import type { ConnectorInfo } from '../../../src-main/contract/deliver';
import type { SegmentInfo } from '../../../src-main/contract/segments';
import type { SyncInfo, SyncPreview } from '../../../src-main/contract/sync';
import { api } from '../../api/client';
import { ApiError } from '../../api/errors';
import { fmtCount } from '../../format';
import { mutate, useQuery } from '../../lib/query';
import { PreviewPanel, RunHistory, runText } from './SyncPanels';
import { NewSync } from './SyncForm';

/** Connectors that can keep a list (the core refuses the others with the reason). */
const CAN_SYNC = ['webhook', 'csv', 'sendgrid', 'mailchimp'];

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
  const [history, setHistory] = useState<string | null>(null);
  // A run's batches as they go (task sync-<id>), from this window's run, a schedule's or one resumed at start.
  const [progress, setProgress] = useState<Record<string, { done: number; total: number }>>({});
  useEffect(() => {
    const off1 = api.on('task.progress', (p) => {
      if (p.taskId.startsWith('sync-')) setProgress((m) => ({ ...m, [p.taskId.slice(5)]: { done: p.done, total: p.total } }));
    });
    const off2 = api.on('task.finished', (p) => {
      if (!p.taskId.startsWith('sync-')) return;
      setProgress(({ [p.taskId.slice(5)]: _done, ...rest }) => rest);
      onChanged();
    });
    return () => {
      off1();
      off2();
    };
  }, [onChanged]);
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
      // Stopped on purpose: the row says so (interrupted, Resume), not an error banner.
      else if (!(e instanceof ApiError && e.code === 'CANCELLED')) setError((e as Error).message);
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
                  {progress[s.syncId] && (
                    <div>
                      <progress max={progress[s.syncId]!.total} value={progress[s.syncId]!.done} aria-label={`Batches of ${s.name} sent`} />{' '}
                      <button
                        className="ghost small"
                        onClick={() => void mutate('sync.cancel', { syncId: s.syncId }).catch((e: Error) => setError(e.message))}
                      >
                        Stop
                      </button>
                    </div>
                  )}
                  {s.lastRun ? runText(s.lastRun) : 'never run'}
                  {s.lastRun?.lastError && (
                    <div className={s.lastRun.status === 'interrupted' ? 'muted' : 'inline-error'}>{s.lastRun.lastError}</div>
                  )}
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
                  <button className="ghost small" onClick={() => setHistory(history === s.syncId ? null : s.syncId)}>
                    History
                  </button>
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
      {history && <RunHistory syncId={history} name={(syncs.data ?? []).find((x) => x.syncId === history)?.name ?? ''} />}
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
