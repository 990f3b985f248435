import { useState } from 'react';
import type { SegmentRule } from '../../../src-main/contract/segments';
import { api } from '../../api/client';
import { fmtCount } from '../../format';
import { downloadText } from '../import/download';
import { EXPORT_COLUMNS, PII_COLUMNS, fieldLabel, fileBase, orderedColumns } from './model';
import { downloadXlsx } from './xlsx';

const DEFAULT = ['entrant_id', 'zip', 'state', 'entries', 'reachable_email', 'reachable_sms'];

/** Members as CSV (the core's, spreadsheet-safe) or XLSX, with the columns ticked; personal data only when ticked. */
export function ExportPanel({ rule, name }: { rule: SegmentRule; name: string }) {
  const [columns, setColumns] = useState<string[]>(DEFAULT);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const toggle = (c: string) => setColumns((cs) => (cs.includes(c) ? cs.filter((x) => x !== c) : [...cs, c]));
  const chosen = orderedColumns(columns);
  const pii = chosen.filter((c) => (PII_COLUMNS as readonly string[]).includes(c));
  const run = async (kind: 'csv' | 'xlsx') => {
    setBusy(true);
    setNote(null);
    try {
      const r = await api.call('segments.exportCsv', { rule, columns: chosen });
      if (kind === 'csv') downloadText(`${fileBase(name)}.csv`, r.csv);
      else await downloadXlsx(`${fileBase(name)}.xlsx`, r.csv);
      setNote({ ok: true, text: `Exported ${fmtCount(r.rows)} ${r.rows === 1 ? 'person' : 'people'} as ${kind.toUpperCase()}${pii.length ? `, with personal data (${pii.map(fieldLabel).join(', ')})` : ''}.` });
    } catch (e) {
      setNote({ ok: false, text: `The export failed: ${(e as Error).message}` });
    } finally {
      setBusy(false);
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
        <p className="small muted sg-pii-note">Names, email addresses and phone numbers leave the app only when ticked here.</p>
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
      {note && (
        <p className={`small ${note.ok ? 'muted' : 'inline-error'}`} role={note.ok ? 'status' : 'alert'} data-testid="export-note">
          {note.text}
        </p>
      )}
    </section>
  );
}
