import { useState } from 'react';
import type { FraudFlag } from '../../../src-main/contract/fraud';
import { fmtCount } from '../../format';
import { mutate, useQuery } from '../../lib/query';

const LABELS: Record<FraudFlag, string> = {
  disposable_email: 'Throwaway email',
  mailbox_variants: 'Same mailbox as others',
  patterned_addresses: 'Numbered addresses',
  shared_phone: 'Many emails, one phone',
  burst: 'Entries seconds apart',
  zip_state_mismatch: 'Zip in another state',
};
type Status = 'open' | 'confirmed' | 'cleared' | 'all';

/** People whose entries look like fraud, with the evidence; a reviewer confirms (their entries become invalid) or clears. */
export function FraudFlags() {
  const [status, setStatus] = useState<Status>('open');
  const q = useQuery('fraud.list', { status, limit: 50 });
  const [error, setError] = useState<string | null>(null);
  const decide = async (entrantId: string, decision: 'confirmed' | 'cleared') => {
    setError(null);
    try {
      await mutate('fraud.review', { entrantId, decision });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const d = q.data;
  return (
    <section className="card rules-card" aria-labelledby="fraud-h">
      <h2 id="fraud-h">Fraud flags</h2>
      <p className="muted small">
        Patterns of one person entering as many, or of automation, each with what was seen. Confirm to make the person&apos;s entries
        invalid (reason: fraud), or clear; every decision is kept with who made it.
      </p>
      {d && (
        <p className="small" data-testid="fraud-summary">
          {(Object.keys(LABELS) as FraudFlag[])
            .filter((f) => d.byFlag[f] > 0)
            .map((f) => `${LABELS[f]}: ${fmtCount(d.byFlag[f])}`)
            .join(' · ') || 'Nobody is flagged.'}
          {d.reviewed.confirmed + d.reviewed.cleared > 0 &&
            ` · reviewed: ${fmtCount(d.reviewed.confirmed)} confirmed, ${fmtCount(d.reviewed.cleared)} cleared`}
        </p>
      )}
      <label className="small">
        Show{' '}
        <select value={status} onChange={(e) => setStatus(e.target.value as Status)}>
          <option value="open">not reviewed</option>
          <option value="confirmed">confirmed fraud</option>
          <option value="cleared">cleared</option>
          <option value="all">everyone flagged</option>
        </select>
      </label>
      {(error || q.error) && (
        <p className="inline-error small" role="alert">
          {error ?? q.error?.message}
        </p>
      )}
      {d && d.people.length > 0 && (
        <div className="rules-scroll">
          <table className="table" data-testid="fraud-people">
            <thead>
              <tr>
                <th scope="col" className="num">
                  Score
                </th>
                <th scope="col">Person</th>
                <th scope="col">Flags and evidence</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {d.people.map((p) => (
                <tr key={p.entrantId} data-entrant={p.entrantId}>
                  <td className="num">{p.score}</td>
                  <td className="small">
                    <div>{p.name ?? '(no name)'}</div>
                    <div className="muted">{p.email ?? p.phone ?? ''}</div>
                    <div className="muted">
                      <code>{p.entrantId}</code> · {fmtCount(p.entries)} {p.entries === 1 ? 'entry' : 'entries'}
                    </div>
                  </td>
                  <td className="small">
                    {p.flags.map((f) => (
                      <div key={f.flag}>
                        <strong>{LABELS[f.flag]}</strong> <span className="muted">{f.evidence}</span>
                      </div>
                    ))}
                  </td>
                  <td className="small fraud-decide">
                    {p.review && (
                      <div>
                        {p.review.decision === 'confirmed' ? 'Confirmed' : 'Cleared'} {p.review.at}
                        {p.review.by ? ` by ${p.review.by}` : ''}
                      </div>
                    )}
                    <button
                      type="button"
                      className="ghost small"
                      onClick={() => void decide(p.entrantId, 'confirmed')}
                      disabled={p.review?.decision === 'confirmed'}
                    >
                      Confirm fraud
                    </button>{' '}
                    <button
                      type="button"
                      className="ghost small"
                      onClick={() => void decide(p.entrantId, 'cleared')}
                      disabled={p.review?.decision === 'cleared'}
                    >
                      Clear
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {d && d.total > d.people.length && (
        <p className="muted small">
          The {d.people.length} highest scores of {fmtCount(d.total)} shown.
        </p>
      )}
    </section>
  );
}
