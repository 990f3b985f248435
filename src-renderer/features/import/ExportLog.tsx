import { useQuery } from '../../lib/query';
import { fmtCount } from '../../format';

const PERSONAL: Record<string, string> = { first_name: 'first name', last_name: 'last name', email: 'email', phone: 'phone' };
/** "2026-12-03T16:04:05Z" in the reader's own time zone, to the minute. */
const local = (iso: string) =>
  new Date(iso).toLocaleString('en-US', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/**
 * Every file that took personal data out of this workspace: who, when, what, which personal columns
 * and how many rows (newest first). Kept in the workspace; exports without personal data are not listed.
 */
export function ExportLog() {
  const log = useQuery('exports.log', { limit: 200 });
  const items = log.data;
  return (
    <section className="card" aria-labelledby="export-log-title">
      <h2 id="export-log-title">Exports of personal data</h2>
      <p className="muted small">
        Names, email addresses, phone numbers and rejected lines leave the workspace only when chosen; each such file is recorded here.
      </p>
      {log.error && (
        <p className="inline-error" role="alert">
          {log.error.message}
        </p>
      )}
      {items === null ? (
        !log.error && <p className="muted">Loading…</p>
      ) : items.length === 0 ? (
        <p className="muted" data-testid="export-log-empty">
          No personal data has been exported from this workspace.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="table history-table" data-testid="export-log">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Personal data</th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col">File</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e, i) => (
                <tr key={`${e.at}-${i}`}>
                  <td className="nowrap" title={`${e.at} (UTC)`}>
                    {local(e.at)}
                  </td>
                  <td>
                    {e.by ?? 'unknown'} <span className="muted small">({e.via})</span>
                  </td>
                  <td>{e.what}</td>
                  <td>{e.personal.map((p) => PERSONAL[p] ?? p).join(', ')}</td>
                  <td className="num">{fmtCount(e.rows)}</td>
                  <td className="file-cell" title={e.fileName}>
                    {e.fileName}
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
