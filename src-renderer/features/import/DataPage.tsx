import { useCallback, useState } from 'react';
import type { AppInfo, WorkspaceInfo } from '../../../src-main/contract/types';
import { invalidate } from '../../lib/query';
import { DatasetCounts } from './DatasetCounts';
import { downloadRejects } from './download';
import { DropZone } from './DropZone';
import { ImportCard } from './ImportCard';
import { ImportHistory } from './ImportHistory';
import { WatchedFolders } from './WatchedFolders';
import { ExportLog } from './ExportLog';
import { RejectsDialog } from './RejectsDialog';
import { fromFile, fromPath, type Source } from './sources';
import { useWindowDrop } from './useWindowDrop';
import './data.css';

/** Import/Data: bring exports in (drop, pick or upload), map, import, and see what the workspace holds. */
export function DataPage({
  app,
  workspace,
  hidden,
  onShow,
}: {
  app: AppInfo;
  workspace: WorkspaceInfo;
  hidden: boolean;
  onShow: () => void;
}) {
  const [queue, setQueue] = useState<Source[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [rejects, setRejects] = useState<{ importId: number; fileName: string } | null>(null);

  const add = useCallback((sources: Source[]) => {
    setError(null);
    setQueue((q) => [...q, ...sources]);
  }, []);
  const addFiles = useCallback((files: File[]) => add(files.map(fromFile)), [add]);
  const dragging = useWindowDrop((files) => {
    addFiles(files);
    onShow();
  });

  const [active, ...waiting] = queue;
  const dropFirst = () => setQueue((q) => q.slice(1));
  const viewRejects = (importId: number, fileName: string) => setRejects({ importId, fileName });

  return (
    <div className="data-page" hidden={hidden}>
      <header className="page-header">
        <div>
          <h1>Data</h1>
          <p className="muted">
            Bring in the campaign’s exports. Every row is accounted for: imported, rejected with its line and reason, or skipped as a
            duplicate.
          </p>
        </div>
      </header>

      <DropZone
        nativeDialogs={app.capabilities.nativeDialogs}
        dragging={dragging}
        onFiles={addFiles}
        onPaths={(paths) => add(paths.map(fromPath))}
        onError={setError}
      />
      {error && (
        <div className="inline-error" role="alert">
          {error}
        </div>
      )}

      {active && (
        <ImportCard
          key={active.id}
          source={active}
          next={waiting[0]?.name ?? null}
          onImported={() => invalidate(['data'])}
          onClose={dropFirst}
          onNext={dropFirst}
          onViewRejects={viewRejects}
          onExportRejects={downloadRejects}
        />
      )}
      {waiting.length > 0 && (
        <section className="queue" aria-label="Files waiting">
          <span className="muted">Next:</span>
          {waiting.map((s) => (
            <span className="chip" key={s.id}>
              {s.name}
              <button
                type="button"
                className="chip-x"
                aria-label={`Remove ${s.name}`}
                onClick={() => setQueue((q) => q.filter((x) => x.id !== s.id))}
              >
                ×
              </button>
            </span>
          ))}
        </section>
      )}

      <DatasetCounts workspace={workspace} />
      <ImportHistory onViewRejects={viewRejects} onExportRejects={downloadRejects} />
      <WatchedFolders />
      <ExportLog />
      {rejects && <RejectsDialog {...rejects} onClose={() => setRejects(null)} onExport={downloadRejects} />}
    </div>
  );
}
