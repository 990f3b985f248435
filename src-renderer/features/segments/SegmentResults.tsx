import { useState } from 'react';
import type { SegmentInfo, SegmentRule } from '../../../src-main/contract/segments';
import { api } from '../../api/client';
import { fmtCount } from '../../format';
import { useRoiCall } from '../roi/useRoiCall';
import { downloadXlsx } from './xlsx';
import { EXPORT_COLUMNS, PII_COLUMNS } from './model';

const BREAKDOWNS = ['state', 'market', 'zip3', 'zip', 'age_band', 'product_affinity', 'purchase_timeframe', 'channel', 'keyword', 'media_buy', 'media_type', 'store', 'redeemed', 'reachable_email', 'reachable_sms'] as const;
const PREVIEW = ['entrant_id', 'first_name', 'last_name', 'zip', 'age', 'entries', 'last_entry', 'redemptions', 'reachable_email', 'reachable_sms'];

/** Members (first 20), a breakdown, the overlap of saved segments, and the export. */
export function SegmentResults({ rule, version, saved, onExport }: { rule: SegmentRule; version: number; saved: SegmentInfo[]; onExport: (name: string, csv: string) => void }) {
  const [by, setBy] = useState<(typeof BREAKDOWNS)[number]>('state');
  const [columns, setColumns] = useState<string[]>(['entrant_id', 'zip', 'entries', 'reachable_email', 'reachable_sms']);
  const [overlapIds, setOverlapIds] = useState<string[]>([]);
  const preview = useRoiCall('segments.preview', { rule, limit: 20 }, version);
  const breakdown = useRoiCall('segments.breakdown', { rule, by }, version);
  const overlap = useRoiCall('segments.overlap', overlapIds.length >= 2 ? { segmentIds: overlapIds } : null, version);
  const toggle = (c: string) => setColumns((cs) => (cs.includes(c) ? cs.filter((x) => x !== c) : [...cs, c]));
  const exportCsv = async () => {
    const r = await api.call('segments.exportCsv', { rule, columns: columns as never });
    onExport('segment-members.csv', r.csv);
  };
  const [exportError, setExportError] = useState<string | null>(null);
  const exportXlsx = async () => {
    setExportError(null);
    try {
      const r = await api.call('segments.exportCsv', { rule, columns: columns as never });
      await downloadXlsx('segment-members.xlsx', r.csv);
    } catch (e) {
      setExportError(`The workbook could not be written: ${(e as Error).message}`);
    }
  };
  return (
    <div className="sg-results">
      <h2>Members</h2>
      <div className="sg-scroll">
        <table className="table" data-testid="segment-preview">
          <thead>
            <tr>{PREVIEW.map((c) => <th key={c}>{c.replace(/_/g, ' ')}</th>)}</tr>
          </thead>
          <tbody>
            {(preview.data ?? []).map((r) => (
              <tr key={String(r.entrant_id)}>{PREVIEW.map((c) => <td key={c}>{r[c] === null || r[c] === undefined ? '' : String(r[c])}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>
        Breakdown by{' '}
        <select aria-label="Break down by" value={by} onChange={(e) => setBy(e.target.value as typeof by)}>
          {BREAKDOWNS.map((b) => <option key={b}>{b}</option>)}
        </select>
      </h2>
      <table className="table sg-breakdown" data-testid="segment-breakdown">
        <tbody>
          {(breakdown.data ?? []).slice(0, 15).map((r) => (
            <tr key={String(r.value)}>
              <td>{r.value ?? '(empty)'}</td>
              <td className="num">{fmtCount(r.people)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Export members</h2>
      <fieldset className="sg-columns">
        <legend className="small muted">Columns</legend>
        {EXPORT_COLUMNS.map((c) => (
          <label key={c} className="small"><input type="checkbox" checked={columns.includes(c)} onChange={() => toggle(c)} /> {c}</label>
        ))}
        {PII_COLUMNS.map((c) => (
          <label key={c} className="small sg-pii"><input type="checkbox" checked={columns.includes(c)} onChange={() => toggle(c)} /> {c} <span className="muted">(personal data)</span></label>
        ))}
      </fieldset>
      <div className="sg-row">
        <button type="button" onClick={() => void exportCsv()} disabled={columns.length === 0}>Export CSV</button>
        <button type="button" className="ghost" onClick={() => void exportXlsx()} disabled={columns.length === 0}>Export XLSX</button>
      </div>
      {exportError && <p className="inline-error small" role="alert" data-testid="export-error">{exportError}</p>}
      <h2>Overlap of saved segments</h2>
      <div className="sg-columns">
        {saved.map((s) => (
          <label key={s.segmentId} className="small">
            <input type="checkbox" checked={overlapIds.includes(s.segmentId)} onChange={() => setOverlapIds((ids) => (ids.includes(s.segmentId) ? ids.filter((x) => x !== s.segmentId) : [...ids, s.segmentId].slice(-6)))} /> {s.name}
          </label>
        ))}
      </div>
      {overlap.data && (
        <table className="table" data-testid="segment-overlap">
          <tbody>
            {overlap.data.pairs.map((p) => (
              <tr key={`${p.a}-${p.b}`}>
                <td>{overlap.data!.segments.find((s) => s.segmentId === p.a)?.name} ∩ {overlap.data!.segments.find((s) => s.segmentId === p.b)?.name}</td>
                <td className="num">{fmtCount(p.people)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
