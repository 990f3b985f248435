import type { SegmentRule } from '../../../src-main/contract/segments';
import { fmtCount, fmtMoney } from '../../format';
import { useQuery } from '../../lib/query';
import { ruleAreas } from './model';

const LIMIT = 100;
const COLUMNS: { id: string; label: string; num?: boolean; fmt?: (v: unknown) => string }[] = [
  { id: 'entrant_id', label: 'Person' },
  { id: 'name', label: 'Name' },
  { id: 'zip', label: 'Zip' },
  { id: 'state', label: 'State' },
  { id: 'age', label: 'Age', num: true },
  { id: 'entries', label: 'Entries', num: true },
  { id: 'last_entry', label: 'Last entry' },
  { id: 'redemptions', label: 'Redemptions', num: true },
  { id: 'redemption_amount', label: 'Redeemed $', num: true, fmt: (v) => fmtMoney(Number(v)) },
  { id: 'reachable', label: 'Reachable by' },
];

const cell = (r: Record<string, unknown>, c: (typeof COLUMNS)[number]): string => {
  if (c.id === 'name') return [r.first_name, r.last_name].filter(Boolean).join(' ');
  if (c.id === 'reachable') return [r.reachable_email ? 'email' : '', r.reachable_sms ? 'SMS' : ''].filter(Boolean).join(', ') || 'neither';
  const v = r[c.id];
  if (v === null || v === undefined) return '–';
  if (c.fmt) return c.fmt(v);
  return c.num ? fmtCount(Number(v)) : String(v);
};

/** The first members of the segment with their key fields. */
export function MembersTable({ rule, people }: { rule: SegmentRule; people: number | undefined }) {
  const rows = useQuery('segments.preview', { rule, limit: LIMIT }, { areas: ruleAreas(rule) });
  return (
    <section className="card sg-card" aria-labelledby="sg-members-h">
      <div className="sg-card-head">
        <h2 id="sg-members-h">Members</h2>
        <span className="muted small">{people !== undefined && people > LIMIT ? `the first ${LIMIT} of ${fmtCount(people)}` : ''}</span>
      </div>
      {rows.error && <p className="inline-error small">{rows.error.message}</p>}
      <div className="sg-scroll" tabIndex={0} aria-label="Members table, scrollable">
        <table className="table sg-table" data-testid="segment-preview" aria-busy={rows.loading}>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.id} scope="col" className={c.num ? 'num' : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(rows.data ?? []).map((r) => (
              <tr key={String(r.entrant_id)}>
                {COLUMNS.map((c) => (
                  <td key={c.id} className={c.num ? 'num' : undefined}>
                    {cell(r, c)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {rows.data?.length === 0 && <p className="muted small sg-empty">Nobody matches this rule.</p>}
      </div>
    </section>
  );
}
