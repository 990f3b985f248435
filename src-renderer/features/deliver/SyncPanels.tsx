import type { SyncPreview, SyncRunInfo } from '../../../src-main/contract/sync';
import { fmtCount } from '../../format';
import { useQuery } from '../../lib/query';

const reasonText = (r: string) => r.replace(/_/g, ' ');
export const runText = (r: SyncRunInfo) =>
  `${r.status.replace(/_/g, ' ')} · +${fmtCount(r.done.add)} ~${fmtCount(r.done.update)} −${fmtCount(r.done.remove)}` +
  (r.failed ? ` · ${fmtCount(r.failed)} failed` : '') +
  (r.suppressed ? ` · ${fmtCount(r.suppressed)} opted out meanwhile` : '');

/** Every run of a sync, newest first: what it planned, what the service took, what failed. */
export function RunHistory({ syncId, name }: { syncId: string; name: string }) {
  const runs = useQuery('sync.runs', { syncId });
  return (
    <div className="dl-detail" role="region" aria-label={`Runs of ${name}`} data-testid="sync-runs">
      <h3>Runs of “{name}”</h3>
      {runs.error && <p className="inline-error">{runs.error.message}</p>}
      {runs.data?.length === 0 && <p className="muted small">No runs yet.</p>}
      {runs.data && runs.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Started</th>
              <th>Segment</th>
              <th className="num">Planned (+ ~ −)</th>
              <th>Outcome</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.map((r) => (
              <tr key={r.runId} data-run={r.runId}>
                <td className="small">{r.startedAt}</td>
                <td className="small">v{r.segmentVersion}</td>
                <td className="num small">
                  +{fmtCount(r.planned.add)} ~{fmtCount(r.planned.update)} −{fmtCount(r.planned.remove)}
                  <span className="muted"> ({fmtCount(r.planned.unchanged)} unchanged)</span>
                </td>
                <td className="small">
                  {runText(r)}
                  {r.lastError && <div className="inline-error">{r.lastError}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function PreviewPanel({ preview: p, onClose }: { preview: SyncPreview; onClose: () => void }) {
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
