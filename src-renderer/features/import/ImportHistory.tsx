import { useState } from 'react';
import { useQuery } from '../../lib/query';
import { fmtCount } from '../../format';
import { datasetLabel } from '../../kinds';

/** Every import of this workspace, newest first; rejects can be viewed or exported. */
export function ImportHistory({
  onViewRejects,
  onExportRejects,
}: {
  onViewRejects: (importId: number, fileName: string) => void;
  onExportRejects: (importId: number) => Promise<void>;
}) {
  const list = useQuery('import.history', {});
  const items = list.data;
  const [problem, setError] = useState<string | null>(null);
  const error = problem ?? list.error?.message ?? null;

  const exportRejects = (id: number) => {
    setError(null);
    onExportRejects(id).catch((e: Error) => setError(e.message));
  };

  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">Import history</h2>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {items === null ? (
        !error && <p className="muted">Loading…</p>
      ) : items.length === 0 ? (
        <p className="muted" data-testid="history-empty">
          No imports yet. Files you import appear here, with their rejects.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="table history-table" data-testid="import-history">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">File</th>
                <th scope="col">Dataset</th>
                <th scope="col">Imported at</th>
                <th scope="col" className="num">
                  Read
                </th>
                <th scope="col" className="num">
                  Imported
                </th>
                <th scope="col" className="num">
                  Rejected
                </th>
                <th scope="col" className="num">
                  Duplicates
                </th>
                <th scope="col">
                  <span className="visually-hidden">Rejects</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.importId} data-import-id={i.importId}>
                  <td className="muted">{i.importId}</td>
                  <td className="file-cell" title={i.fileName}>
                    {i.fileName}
                    {i.status !== 'imported' && <span className="badge">{i.status}</span>}
                  </td>
                  <td>{datasetLabel(i.kind)}</td>
                  <td className="nowrap">{i.startedAt}</td>
                  <td className="num">{fmtCount(i.rowsRead)}</td>
                  <td className="num">{fmtCount(i.rowsImported)}</td>
                  <td className={`num ${i.rowsRejected ? 'bad' : ''}`}>{fmtCount(i.rowsRejected)}</td>
                  <td className="num">{fmtCount(i.duplicatesSkipped)}</td>
                  <td className="row-actions">
                    {i.rowsRejected > 0 && (
                      <>
                        <button
                          type="button"
                          className="link"
                          onClick={() => onViewRejects(i.importId, i.fileName)}
                          aria-label={`View rejects of ${i.fileName} (import ${i.importId})`}
                        >
                          View rejects
                        </button>
                        <button
                          type="button"
                          className="link"
                          onClick={() => exportRejects(i.importId)}
                          aria-label={`Export rejects CSV of ${i.fileName} (import ${i.importId})`}
                        >
                          Export rejects CSV
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
