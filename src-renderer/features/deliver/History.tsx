import { useState } from 'react';
import type { PushDetail, PushInfo, SegmentRerun } from '../../../src-main/contract/deliver';
import { api } from '../../api/client';
import { fmtCount } from '../../format';
import { mutate } from '../../lib/query';
import { failureText, pushOutcome, statusLabel } from './labels';

/** Live progress of pushes being sent, by push id. */
export type PushProgress = Record<string, { done: number; total: number }>;

/** Every push: who, when, which segment version, what happened; resume, retry the failed, see why. */
export function History({ pushes, progress, onChanged }: { pushes: PushInfo[]; progress: PushProgress; onChanged: () => void }) {
  const [detail, setDetail] = useState<PushDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rerun, setRerun] = useState<SegmentRerun | null>(null);
  const show = (d: PushDetail | null) => {
    setDetail(d);
    setRerun(null);
  };
  const act = (p: Promise<unknown>) => void p.then(onChanged, (e: Error) => setError(e.message));

  return (
    <section className="card" aria-label="Push history">
      <h2>Push history</h2>
      {pushes.length === 0 ? (
        <p className="muted">No pushes yet.</p>
      ) : (
        <table className="table" data-testid="push-history">
          <thead>
            <tr>
              <th>When</th>
              <th>Segment</th>
              <th>Channel · service</th>
              <th>Status</th>
              <th className="num">Accepted</th>
              <th className="num">Rejected</th>
              <th className="num">Failed</th>
              <th className="num">Suppressed</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {pushes.map((p) => {
              const live = progress[p.pushId];
              // The list is asked for again when a push finishes, not on every batch: a planned push with progress is sending.
              const status = live && p.status === 'planned' ? 'sending' : p.status;
              return (
                <tr key={p.pushId} data-push={p.pushId}>
                  <td className="small">
                    {p.createdAt}
                    <div className="muted">{p.createdBy ?? ''}</div>
                  </td>
                  <td>
                    {p.segment.name} <span className="muted small">v{p.segment.version}</span>
                    {p.retryOf && <div className="small muted">retry of {p.retryOf}</div>}
                  </td>
                  <td className="small">
                    {p.channel} · {p.connector.kind}
                    <div className="muted dl-target">{p.connector.target}</div>
                  </td>
                  <td>
                    <span data-col="status">{statusLabel({ status, failure: p.failure })}</span>
                    {status === 'sending' && live && <progress max={live.total} value={live.done} aria-label="Batches sent" />}
                    {p.lastError && !p.failure && <div className="small inline-error dl-row-error">{p.lastError}</div>}
                  </td>
                  <td className="num" data-col="accepted">
                    {fmtCount(p.counts.accepted)} <span className="muted small">/ {fmtCount(p.counts.planned)}</span>
                  </td>
                  <td className="num" data-col="rejected">
                    {fmtCount(p.counts.rejected)}
                  </td>
                  <td className="num" data-col="failed">
                    {fmtCount(p.counts.failed)}
                  </td>
                  <td className="num" data-col="suppressed">
                    {fmtCount(p.counts.suppressed)}
                  </td>
                  <td className="dl-actions">
                    <button
                      className="ghost small"
                      onClick={() => void api.call('push.get', { pushId: p.pushId }).then(show, (e: Error) => setError(e.message))}
                    >
                      Details
                    </button>
                    {p.status === 'sending' && (
                      <button className="ghost small" onClick={() => act(mutate('push.cancel', { pushId: p.pushId }))}>
                        Cancel
                      </button>
                    )}
                    {['interrupted', 'failed', 'cancelled'].includes(p.status) && (
                      <button className="ghost small" onClick={() => act(mutate('push.resume', { pushId: p.pushId }))}>
                        Resume
                      </button>
                    )}
                    {p.counts.rejected + p.counts.failed > 0 && !['sending', 'dry_run'].includes(p.status) && (
                      <button className="ghost small" onClick={() => act(mutate('push.retryFailed', { pushId: p.pushId }))}>
                        Retry failed contacts
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {detail && (
        <div className="dl-detail" role="dialog" aria-label="Push details">
          <div className="dl-head">
            <h3>
              {detail.pushId}: {detail.segment.name} v{detail.segment.version}
            </h3>
            <button className="ghost small" onClick={() => show(null)}>
              Close
            </button>
          </div>
          <p className="small">
            {fmtCount(detail.batches.sent)} of {fmtCount(detail.batches.total)} requests sent; left out before sending:{' '}
            {Object.entries(detail.excluded)
              .filter(([, n]) => n > 0)
              .map(([k, n]) => `${k.replace(/_/g, ' ')} ${fmtCount(n)}`)
              .join(', ') || 'nobody'}
            .
          </p>
          <p className={`small${detail.counts.accepted === detail.counts.planned ? ' muted' : ' inline-error'}`} data-testid="push-outcome">
            {pushOutcome(detail)}
          </p>
          {detail.failure && (
            <p
              className={`dl-failure${detail.failure.retryable ? ' transient' : ''}`}
              data-testid="push-failure"
              data-kind={detail.failure.kind}
            >
              <strong>{statusLabel(detail)}.</strong> {detail.failure.batch ? `Request ${detail.failure.batch}: ` : ''}
              {failureText(detail)}
            </p>
          )}
          <p className="small">
            <button
              className="ghost small"
              title="Run the segment version again as this push read it: on a DuckLake at the push's snapshot"
              onClick={() =>
                void api.call('push.rerunSegment', { pushId: detail.pushId }).then(setRerun, (e: Error) => setError(e.message))
              }
            >
              Re-run its segment
            </button>{' '}
            {rerun && (
              <span className={rerun.same ? 'muted' : 'inline-error'} data-testid="push-rerun">
                {rerun.message}
              </span>
            )}
          </p>
          {detail.problems.length > 0 && (
            <table className="table" data-testid="push-problems">
              <tbody>
                {detail.problems.map((x) => (
                  <tr key={x.contactId}>
                    <td className="small">{x.address}</td>
                    <td className="small">{x.status}</td>
                    <td className="small">{x.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
