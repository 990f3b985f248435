import { fmtCount } from '../../format';
import { goTo } from '../../lib/route';
import { useQuery } from '../../lib/query';

/** Once official rules are saved: the valid entries and entrants beside all of them (Winner draw has the detail). */
export function ValidNote() {
  const rules = useQuery('rules.get', {});
  const v = useQuery('rules.validity', rules.data?.version ? {} : null);
  if (!rules.data?.version || !v.data) return null;
  const d = v.data;
  return (
    <p className="muted small" data-testid="valid-note">
      Under the official rules (version {rules.data.version}): {fmtCount(d.validEntries)} of {fmtCount(d.entries)} entries and{' '}
      {fmtCount(d.validEntrants)} of {fmtCount(d.entrants)} entrants are valid.{' '}
      <button type="button" className="link" onClick={() => goTo('draw')}>
        Why the others are not
      </button>
    </p>
  );
}
