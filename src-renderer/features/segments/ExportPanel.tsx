import { useState } from 'react';
import type { SegmentRule } from '../../../src-main/contract/segments';
import { fmtCount } from '../../format';
import { JobProgress } from '../../lib/JobTray';
import { jobOutcome, runJob, type JobView } from '../../lib/jobs';
import { EXPORT_COLUMNS, PII_COLUMNS, fieldLabel, fileBase, orderedColumns } from './model';

const DEFAULT = ['entrant_id', 'zip', 'state', 'entries', 'reachable_email', 'reachable_sms'];

/**
 * Members as CSV or XLSX with the columns ticked; personal data only when ticked. The core writes the
 * file as a job (progress, Cancel here); browser mode downloads it, the desktop app saves it where chosen.
 */
export function ExportPanel({ rule, name }: { rule: SegmentRule; name: string }) {
  const [columns, setColumns] = useState<string[]>(DEFAULT);
  const [job, setJob] = useState<JobView | null>(null);
  const busy = job?.state === 'running';
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const toggle = (c: string) => setColumns((cs) => (cs.includes(c) ? cs.filter((x) => x !== c) : [...cs, c]));
  const chosen = orderedColumns(columns);
  const pii = chosen.filter((c) => (PII_COLUMNS as readonly string[]).includes(c));
  const run = async (kind: 'csv' | 'xlsx') => {
    setNote(null);
    const fileName = `${fileBase(name || 'segment-members')}.${kind}`;
    try {
      const filters = [kind === 'csv' ? { name: 'CSV', extensions: ['csv'] } : { name: 'Excel workbook', extensions: ['xlsx'] }];
      const done = await runJob(
        'segments.export',
        { rule, columns: chosen, format: kind, fileName, what: name ? `Segment “${name}” members` : 'Members of an unnamed segment' },
        { fileName, filters, onUpdate: setJob, tray: false },
      );
      setJob(null);
      if (!done) return;
      const rows = done.output?.rows ?? 0;
      if (done.state === 'done') {
        const where = done.output?.path ? ` ${jobOutcome(done)}.` : '';
        setNote({
          ok: true,
          text: `Exported ${fmtCount(rows)} ${rows === 1 ? 'person' : 'people'} as ${kind.toUpperCase()}${pii.length ? `, with personal data (${pii.map(fieldLabel).join(', ')})` : ''}.${where}`,
        });
      } else
        setNote({
          ok: done.state === 'cancelled',
          text: done.state === 'cancelled' ? 'Export cancelled; no file was written.' : `The export failed: ${done.message ?? ''}`,
        });
    } catch (e) {
      setJob(null);
      setNote({ ok: false, text: `The export failed: ${(e as Error).message}` });
    }
  };
  const box = (c: string) => (
    <label key={c} className="small">
      <input type="checkbox" checked={columns.includes(c)} onChange={() => toggle(c)} /> {fieldLabel(c)}
    </label>
  );
  return (
    <section className="card sg-card" aria-labelledby="sg-export-h">
      <div className="sg-card-head">
        <h2 id="sg-export-h">Export members</h2>
      </div>
      <fieldset className="sg-checks" data-testid="export-columns">
        <legend className="small muted">Columns</legend>
        {EXPORT_COLUMNS.map(box)}
      </fieldset>
      <fieldset className="sg-checks sg-pii" data-testid="export-pii">
        <legend className="small">Personal data</legend>
        <p className="small muted sg-pii-note">
          Names, email addresses and phone numbers leave the app only when ticked here; a file with any is recorded in the export log (Data
          screen).
        </p>
        {PII_COLUMNS.map(box)}
      </fieldset>
      <div className="sg-row">
        <button type="button" onClick={() => void run('csv')} disabled={busy || chosen.length === 0}>
          Export CSV
        </button>
        <button type="button" className="ghost" onClick={() => void run('xlsx')} disabled={busy || chosen.length === 0}>
          Export XLSX
        </button>
        {chosen.length === 0 && <span className="muted small">Tick at least one column.</span>}
      </div>
      {job && <JobProgress job={job} />}
      {note && (
        <p className={`small ${note.ok ? 'muted' : 'inline-error'}`} role={note.ok ? 'status' : 'alert'} data-testid="export-note">
          {note.text}
        </p>
      )}
    </section>
  );
}
