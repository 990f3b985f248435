import { useEffect, useSyncExternalStore } from 'react';
import { cancelJob, jobOutcome, jobStore, type JobView } from './jobs';

/** One job: its label, a progress bar, and Cancel while it runs; what became of it afterwards. */
export function JobProgress({ job, onDismiss }: { job: JobView; onDismiss?: () => void }) {
  const pct = Math.round((100 * job.done) / Math.max(1, job.total));
  return (
    <div className="task job" role="status" data-testid="job-progress" data-state={job.state}>
      {job.state === 'running' ? (
        <>
          <span>{job.label}</span>
          <progress max={100} value={pct} aria-label={job.label} />
          <span className="muted">{pct}%</span>
          <button type="button" className="ghost" onClick={() => void cancelJob(job.jobId)}>
            Cancel
          </button>
        </>
      ) : (
        <>
          <span className={job.state === 'failed' ? 'inline-error' : undefined}>{jobOutcome(job)}</span>
          {onDismiss && (
            <button type="button" className="ghost" aria-label="Dismiss" onClick={onDismiss}>
              ×
            </button>
          )}
        </>
      )}
    </div>
  );
}

/** Jobs started from any screen, at the bottom right; a finished one goes away after a few seconds. */
export function JobTray() {
  const list = useSyncExternalStore(jobStore.subscribe, jobStore.get);
  useEffect(() => {
    const timers = list
      .filter((j) => j.state !== 'running')
      .map((j) => setTimeout(() => jobStore.dismiss(j.jobId), j.state === 'failed' ? 15_000 : 6000));
    return () => timers.forEach(clearTimeout);
  }, [list]);
  if (!list.length) return null;
  return (
    <div
      data-testid="job-tray"
      aria-label="Exports"
      style={{ position: 'fixed', right: 16, bottom: 16, zIndex: 50, display: 'grid', gap: 8, width: 'min(460px, calc(100vw - 32px))' }}
    >
      {list.map((j) => (
        <JobProgress key={j.jobId} job={j} onDismiss={() => jobStore.dismiss(j.jobId)} />
      ))}
    </div>
  );
}
