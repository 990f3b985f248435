import { useState } from 'react';
import { DATASET_KINDS, type DatasetKind } from '../../../src-main/contract/types';
import type { WatchedFolder } from '../../../src-main/contract/watch';
import { mutate, useQuery } from '../../lib/query';
import { datasetLabel } from '../../kinds';

const STATUS: Record<WatchedFolder['files'][number]['status'], string> = {
  waiting: 'waiting',
  imported: 'imported',
  unchanged: 'nothing new',
  failed: 'failed',
};

/**
 * Folders where exports land: each new or grown file is imported once it is complete, with the same
 * checks as a manual import; the screens refresh on their own.
 */
export function WatchedFolders() {
  const list = useQuery('watch.list', {});
  const folders: WatchedFolder[] = list.data ?? [];
  const [folder, setFolder] = useState('');
  const [kind, setKind] = useState<DatasetKind>('entries');
  const [problem, setError] = useState<string | null>(null);
  const error = problem ?? list.error?.message ?? null;

  const add = async () => {
    setError(null);
    try {
      await mutate('watch.add', { folder: folder.trim(), kind });
      setFolder('');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section className="card" aria-label="Watched folders">
      <h2>Watched folders</h2>
      <p className="muted small">
        Point at the folder an export lands in: new or grown files are imported automatically once they are complete, with the same checks
        and reports as above.
      </p>
      {folders.length > 0 && (
        <table className="table" data-testid="watched-folders">
          <thead>
            <tr>
              <th>Folder</th>
              <th>Kind</th>
              <th>Latest files</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {folders.map((f) => (
              <tr key={f.folder}>
                <td>
                  <code>{f.folder}</code>
                  {!f.exists && <span className="inline-error small"> (missing)</span>}
                </td>
                <td>{datasetLabel(f.kind)}</td>
                <td className="small">
                  {f.files.length === 0 ? (
                    <span className="muted">none yet</span>
                  ) : (
                    f.files.slice(0, 3).map((x) => (
                      <div key={x.path} title={x.message ?? undefined}>
                        {x.path.split(/[\\/]/).pop()} · {STATUS[x.status]} · <span className="muted">{x.seenAt}</span>
                      </div>
                    ))
                  )}
                </td>
                <td>
                  <button
                    className="ghost small"
                    aria-label={`Stop watching ${f.folder}`}
                    onClick={() => void mutate('watch.remove', { folder: f.folder }).catch((e: Error) => setError(e.message))}
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="inline-form" role="group" aria-label="Watch a folder">
        <label>
          Folder
          <input value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/path/to/exports/entries" size={40} />
        </label>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as DatasetKind)}>
            {DATASET_KINDS.map((k) => (
              <option key={k} value={k}>
                {datasetLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <button disabled={!folder.trim()} onClick={() => void add()}>
          Watch folder
        </button>
      </div>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
