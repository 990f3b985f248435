import { fmtMoney } from '../../format';
import { useQuery } from '../../lib/query';

/** What the prizes add up to, the registrations, bonds and tax forms they call for, and the odds as of now. */
export function Compliance() {
  const q = useQuery('rules.compliance', {});
  const c = q.data;
  if (q.error)
    return (
      <p className="inline-error small" role="alert">
        Could not check the compliance points: {q.error.message}
      </p>
    );
  if (!c) return null;
  return (
    <div className="rules-compliance" data-testid="compliance">
      <h3>Compliance</h3>
      <p className="muted small">Warnings with their sources, to check with counsel: not legal advice.</p>
      <p className="small" data-testid="compliance-arv">
        Total approximate retail value of the prizes: <strong>{fmtMoney(c.totalArv)}</strong>
      </p>
      <ul className="small">
        {c.notes.map((n) => (
          <li key={n.id} data-note={n.id} className={n.level === 'warning' ? 'compliance-warning' : undefined}>
            {n.text}
            {n.due && (
              <>
                {' '}
                <strong className={n.overdue ? 'compliance-overdue' : undefined}>
                  Due {n.due}
                  {n.overdue ? ' (passed)' : ''}.
                </strong>
              </>
            )}{' '}
            <span className="muted">Source: {n.source}.</span>
          </li>
        ))}
      </ul>
      {c.odds.length > 0 && (
        <>
          <h3>Odds statement</h3>
          <ul className="small" data-testid="compliance-odds">
            {c.odds.map((o) => (
              <li key={o.tier}>{o.text}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
