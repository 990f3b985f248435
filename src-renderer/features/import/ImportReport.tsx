import { useState } from 'react';
import type { ImportReport as Report } from '../../../src-main/contract/types';
import { fmtCount } from '../../format';
import { kindLabel } from '../../kinds';

/** What an import did: the counts that add up, dates, warnings, custom columns and the first rejects. */
export function ImportReport({
  report,
  onViewRejects,
  onExportRejects,
}: {
  report: Report;
  onViewRejects: (importId: number, fileName: string) => void;
  onExportRejects: (importId: number) => Promise<void>;
}) {
  const [exportError, setExportError] = useState<string | null>(null);
  if (report.status === 'unchanged') {
    return (
      <div className="report" data-testid="import-report" data-status="unchanged">
        <div className="report-banner info" role="status">
          <strong>Already imported: nothing changed.</strong>
          <span>{report.message}</span>
        </div>
      </div>
    );
  }
  const adds = report.rowsImported + report.rowsRejected + report.duplicatesSkipped === report.rowsRead;
  const warnings = report.warnings.filter((w) => w !== report.dates.note);
  const exportRejects = (id: number) => {
    setExportError(null);
    onExportRejects(id).catch((e: Error) => setExportError(e.message));
  };

  return (
    <div className="report" data-testid="import-report" data-status="imported">
      <div className={`report-banner ${report.rowsImported > 0 ? 'ok' : 'warn'}`} role="status">
        <strong>{report.rowsImported > 0 ? `Imported into ${kindLabel(report.kind).toLowerCase()}` : 'Nothing was imported'}</strong>
        <span data-testid="report-message">{report.message}</span>
      </div>

      <div className="equation" aria-label="Row counts" data-testid="report-counts">
        <Count id="read" label="Rows read" value={report.rowsRead} />
        <span className="op" aria-hidden>
          =
        </span>
        <Count
          id="imported"
          label="Imported"
          value={report.rowsImported}
          tone="ok"
          note={report.rowsUpdated ? `${fmtCount(report.rowsUpdated)} updated existing rows` : undefined}
        />
        <span className="op" aria-hidden>
          +
        </span>
        <Count id="rejected" label="Rejected" value={report.rowsRejected} tone={report.rowsRejected ? 'bad' : undefined} />
        <span className="op" aria-hidden>
          +
        </span>
        <Count id="duplicates" label="Duplicates skipped" value={report.duplicatesSkipped} />
        <span className={`adds-up ${adds ? '' : 'bad'}`}>{adds ? '✓ every row accounted for' : '✗ the counts do not add up'}</span>
      </div>

      {(report.also ?? []).map((a) => (
        <p className="muted" key={a.kind} data-testid={`report-also-${a.kind}`}>
          The same file also held {kindLabel(a.kind).toLowerCase()}: {a.message}
        </p>
      ))}

      <dl className="report-facts">
        <dt>Read as</dt>
        <dd data-testid="report-source">
          {report.recognised ? `${report.recognised}; ` : ''}
          {report.source.format === 'xlsx'
            ? `Excel sheet “${report.source.sheet}”`
            : report.source.format === 'parquet'
              ? 'Parquet'
              : report.source.format === 'json'
                ? `${report.source.gzip ? 'gzip-compressed ' : ''}${report.source.encodingNote}`
                : `${report.source.encoding} (${report.source.encodingNote})`}
          ; header on line {report.source.headerLine}.
        </dd>
        <dt>Numbers</dt>
        <dd data-testid="report-numbers">{report.numbers.note}</dd>
        {skippedText(report).length > 0 && (
          <>
            <dt>Not rows</dt>
            <dd>
              <ul className="warnings" data-testid="report-skipped">
                {skippedText(report).map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
        <dt>Dates</dt>
        <dd data-testid="report-dates">
          {report.dates.note || `Read as ${report.dates.order === 'MDY' ? 'month/day/year' : 'day/month/year'}.`}
          {report.dates.ambiguous && <span className="badge warn-badge">check</span>}
        </dd>
        {warnings.length > 0 && (
          <>
            <dt>Warnings</dt>
            <dd>
              <ul className="warnings" data-testid="report-warnings">
                {warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
        <dt>Custom attributes</dt>
        <dd data-testid="report-custom">
          {report.customColumns.length
            ? report.customColumns.map((c) => (
                <span className="chip" key={c}>
                  {c}
                </span>
              ))
            : 'None: every column is mapped.'}
        </dd>
        <dt>Time</dt>
        <dd className="muted">
          {report.seconds.toFixed(report.seconds < 10 ? 2 : 0)} s · {fmtCount(report.rowsPerSecond)} rows/s
        </dd>
      </dl>

      {report.rowsRejected > 0 && report.importId !== null && (
        <div className="report-rejects">
          <div className="section-head">
            <h3>
              Rejects <span className="muted">({fmtCount(report.rowsRejected)})</span>
            </h3>
            <div className="actions">
              <button type="button" className="ghost" onClick={() => onViewRejects(report.importId!, report.fileName)}>
                View all rejects
              </button>
              <button type="button" className="ghost" onClick={() => exportRejects(report.importId!)}>
                Export rejects CSV
              </button>
            </div>
          </div>
          {exportError && (
            <p className="inline-error" role="alert">
              {exportError}
            </p>
          )}
          <table className="table rejects-table" aria-label="First rejects">
            <thead>
              <tr>
                <th className="num" scope="col">
                  Line
                </th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {report.rejects.map((r) => (
                <tr key={r.line}>
                  <td className="num">{r.line}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.rowsRejected > report.rejects.length && (
            <p className="muted small">
              The first {report.rejects.length} of {fmtCount(report.rowsRejected)}. Every reject is kept: view or export them all.
            </p>
          )}
        </div>
      )}
    </div>
  );
}

function Count({ id, label, value, tone, note }: { id: string; label: string; value: number; tone?: 'ok' | 'bad'; note?: string }) {
  return (
    <div className={`count ${tone ?? ''}`} data-testid={`report-${id}`}>
      <div className="count-label">{label}</div>
      <div className="count-value">{fmtCount(value)}</div>
      {note && <div className="muted small">{note}</div>}
    </div>
  );
}

/** Lines that are not rows, said plainly: above the header, blank, summary, and what a known export's rules left out. */
function skippedText(r: Report): string[] {
  const n = (x: number, one: string, many: string) => `${fmtCount(x)} ${x === 1 ? one : many}`;
  const out: string[] = [];
  const k = r.skipped;
  if (k.aboveHeader)
    out.push(
      `${n(k.aboveHeader, 'line', 'lines')} above the header skipped${k.titles.length ? ` (${k.titles.map((t) => `“${t}”`).join(', ')})` : ''}.`,
    );
  if (k.summary) out.push(`${n(k.summary, 'summary row', 'summary rows')} (“Total…”) skipped.`);
  if (k.blank) out.push(`${n(k.blank, 'blank line', 'blank lines')} skipped.`);
  for (const b of k.byRule ?? []) out.push(`${n(b.rows, 'row', 'rows')} skipped: ${b.why}.`);
  return out;
}
