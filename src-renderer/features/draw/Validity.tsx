import type { ValidityReason } from '../../../src-main/contract/rules';
import { KpiGrid } from '../../components/KpiGrid';
import { fmtCount, fmtMoney } from '../../format';
import { useQuery } from '../../lib/query';

const REASONS: Record<ValidityReason, string> = {
  outside_period: 'outside the entry period',
  over_limit: 'over the entry limit',
  under_age: 'under the minimum age',
  ineligible_state: 'in a state not eligible',
  excluded: 'on the excluded list',
  fraud: 'of people confirmed as fraud',
};

/** How many entries and entrants are valid under the rules, why the others are not, and the cost per valid entry. */
export function Validity() {
  const q = useQuery('rules.validity', {});
  const v = q.data;
  if (q.error)
    return (
      <p className="inline-error" role="alert">
        Could not weigh the entries: {q.error.message}
      </p>
    );
  if (!v) return <p className="muted small">Weighing every entry against the rules…</p>;
  const invalid = (Object.keys(REASONS) as ValidityReason[]).filter((k) => v.invalidBy[k] > 0);
  return (
    <div className="rules-validity" data-testid="validity">
      <KpiGrid
        testId="validity-kpi"
        items={[
          { id: 'entries', label: 'Valid entries', value: `${fmtCount(v.validEntries)} of ${fmtCount(v.entries)}` },
          { id: 'entrants', label: 'Valid entrants', value: `${fmtCount(v.validEntrants)} of ${fmtCount(v.entrants)}` },
        ]}
      />
      {invalid.length > 0 && (
        <ul className="small" data-testid="validity-reasons">
          {invalid.map((k) => (
            <li key={k}>
              {fmtCount(v.invalidBy[k])} {v.invalidBy[k] === 1 ? 'entry' : 'entries'} {REASONS[k]}
            </li>
          ))}
        </ul>
      )}
      {(v.unknownAge || v.unknownState) && (
        <p className="muted small">
          Not known, so not invalid (check at the prize claim):{' '}
          {[
            v.unknownAge ? `${fmtCount(v.unknownAge)} entrants without an age` : null,
            v.unknownState ? `${fmtCount(v.unknownState)} without a known state` : null,
          ]
            .filter(Boolean)
            .join(', ')}
          .
        </p>
      )}
      {v.unmatchedExclusions.length > 0 && (
        <p className="inline-error small" role="alert" data-testid="validity-unmatched">
          These excluded lines match nobody (a typo would let them win): {v.unmatchedExclusions.join(', ')}
        </p>
      )}
      <div className="rules-scroll">
        <table className="table" data-testid="validity-by-buy" aria-label="Valid entries by media buy">
          <thead>
            <tr>
              <th scope="col">Media buy</th>
              <th scope="col" className="num">
                Entries
              </th>
              <th scope="col" className="num">
                Valid
              </th>
              <th scope="col" className="num">
                Spend
              </th>
              <th scope="col" className="num">
                Cost per valid entry
              </th>
            </tr>
          </thead>
          <tbody>
            {v.byMediaBuy.map((b) => (
              <tr key={b.mediaBuyId ?? ''}>
                <td>{b.mediaBuyId === null ? '(unattributed)' : b.name ? `${b.name} (${b.mediaBuyId})` : b.mediaBuyId}</td>
                <td className="num">{fmtCount(b.entries)}</td>
                <td className="num">{fmtCount(b.validEntries)}</td>
                <td className="num">{fmtMoney(b.spend)}</td>
                <td className="num">{b.costPerValidEntry === null ? '—' : fmtMoney(b.costPerValidEntry)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
