import type { EventMap } from '../../../src-main/contract/events';
import { fmtBytes, fmtCount, fmtPercent } from '../../format';

/** Upload, then import progress from task.progress, with rows, rows/s and Cancel. */
export function ImportProgress({
  upload,
  progress,
  onCancel,
}: {
  upload: { sent: number; total: number } | null;
  progress: EventMap['task.progress'] | null;
  onCancel: () => void;
}) {
  const label = upload ? 'Uploading the file to the workspace' : (progress?.label ?? 'Starting the import…');
  const done = upload ? upload.sent : (progress?.done ?? 0);
  const total = upload ? upload.total : (progress?.total ?? 0);
  const cancellable = upload !== null || progress === null || progress.cancellable !== false;
  return (
    <div className="import-progress" role="status" aria-live="polite" data-testid="import-progress">
      <div className="import-progress-head">
        <span className="spinner" aria-hidden />
        <strong>{label}</strong>
        <span className="muted">{total > 0 ? fmtPercent(done, total) : ''}</span>
      </div>
      <progress max={Math.max(1, total)} value={total > 0 ? done : undefined} aria-label={upload ? 'Upload progress' : 'Import progress'} />
      <div className="import-progress-foot">
        <span className="muted">
          {upload
            ? `${fmtBytes(upload.sent)} of ${fmtBytes(upload.total)}`
            : progress?.rows !== undefined
              ? `${fmtCount(progress.rows)} rows${progress.rowsPerSecond ? ` · ${fmtCount(progress.rowsPerSecond)} rows/s` : ''}`
              : 'Reading the file…'}
        </span>
        {cancellable && (
          <button type="button" className="ghost" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </div>
  );
}
