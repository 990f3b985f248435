import { useState } from 'react';
import { useQuery } from '../../lib/query';
import { fmtCount } from '../../format';
import { useModalDialog } from '../../lib/useModalDialog';

const PAGE = 50;

const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Every reject of one import, a page at a time: line, reason and the row's original values. */
export function RejectsDialog({
  importId,
  fileName,
  onClose,
  onExport,
}: {
  importId: number;
  fileName: string;
  onClose: () => void;
  onExport: (importId: number) => Promise<void>;
}) {
  const ref = useModalDialog();
  const [offset, setOffset] = useState(0);
  const pageQ = useQuery('import.rejects', { importId, offset, limit: PAGE });
  const page = pageQ.data;
  const [problem, setError] = useState<string | null>(null);
  const error = problem ?? pageQ.error?.message ?? null;

  const columns: string[] = [];
  for (const r of page?.rows ?? []) for (const k of Object.keys(r.raw ?? {})) if (!columns.includes(k)) columns.push(k);
  const total = page?.total ?? 0;

  return (
    <dialog ref={ref} className="rejects-dialog" aria-labelledby="rejects-title" onClose={onClose} data-testid="rejects-dialog">
      <header className="dialog-head">
        <div>
          <h2 id="rejects-title">Rejects of {fileName}</h2>
          <p className="muted small">
            Import #{importId} · {fmtCount(total)} {total === 1 ? 'row' : 'rows'} not imported, with the values as they were in the file.
          </p>
        </div>
        <div className="actions">
          <button type="button" className="ghost" onClick={() => onExport(importId).catch((e: Error) => setError(e.message))}>
            Export rejects CSV
          </button>
          <button type="button" className="ghost" onClick={() => ref.current?.close()} aria-label="Close">
            Close
          </button>
        </div>
      </header>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="table-scroll dialog-body">
        <table className="table rejects-table" aria-label="Rejects">
          <thead>
            <tr>
              <th scope="col" className="num">
                Line
              </th>
              <th scope="col">Reason</th>
              {columns.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {page?.rows.map((r) => (
              <tr key={r.line}>
                <td className="num">{r.line}</td>
                <td className="reason">{r.reason}</td>
                {columns.map((c) => (
                  <td key={c} className="raw">
                    {cell(r.raw?.[c])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {page === null && !error && <p className="muted">Loading…</p>}
      </div>
      <footer className="dialog-foot">
        <span className="muted small">
          {total ? `Rows ${fmtCount(offset + 1)}–${fmtCount(Math.min(offset + PAGE, total))} of ${fmtCount(total)}` : ''}
        </span>
        <div className="actions">
          <button type="button" className="ghost" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Previous
          </button>
          <button type="button" className="ghost" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
            Next
          </button>
        </div>
      </footer>
    </dialog>
  );
}
