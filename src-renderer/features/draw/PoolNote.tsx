import type { DrawPoolPreview } from '../../../src-main/contract/draw';
import { fmtCount } from '../../format';

const people = (n: number) => `${fmtCount(n)} ${n === 1 ? 'person' : 'people'}`;

/** Who can win before anyone is drawn, and the exclusion lines that match nobody (a typo lets staff win). */
export function PoolNote({ pool, loading, error }: { pool: DrawPoolPreview | null; loading: boolean; error: Error | null }) {
  if (error)
    return (
      <p className="inline-error small" role="alert">
        The pool could not be counted: {error.message}
      </p>
    );
  if (!pool) return <p className="small muted">{loading ? 'Counting who can win…' : ''}</p>;
  const out = [
    pool.excluded ? `${people(pool.excluded)} excluded` : null,
    pool.noValidEntry ? `${people(pool.noValidEntry)} with no valid entry (official rules, confirmed fraud)` : null,
    pool.wonBefore ? `${people(pool.wonBefore)} who won before` : null,
  ].filter(Boolean);
  return (
    <div className="draw-pool" aria-live="polite" aria-busy={loading} data-testid="draw-pool">
      <p>
        <strong>{people(pool.poolSize)}</strong> can win{' '}
        <span className="muted">
          ({fmtCount(pool.eligible)} allowed by the rule{out.length ? `, less ${out.join(' and ')}` : ''}).
        </span>
      </p>
      {pool.unmatchedCount > 0 && (
        <p className="inline-warning small" role="alert" data-testid="draw-unmatched">
          {pool.unmatchedCount === 1 ? '1 exclusion line matches' : `${fmtCount(pool.unmatchedCount)} exclusion lines match`} no entrant id,
          email or phone: {pool.unmatched.join(', ')}
          {pool.unmatchedCount > pool.unmatched.length ? ' …' : ''}. Check them for typos: whoever they meant can still win.
        </p>
      )}
    </div>
  );
}
