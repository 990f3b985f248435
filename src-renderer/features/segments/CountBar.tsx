import type { SegmentCount } from '../../../src-main/contract/segments';
import { fmtCount } from '../../format';

const share = (n: number, of: number) => (of > 0 ? `${Math.round((100 * n) / of)}% of them` : '');

/** People matching the rule and how many of them may be messaged per channel (DOMAIN.md consent). */
export function CountBar({ count, busy, error }: { count: SegmentCount | null; busy: boolean; error: Error | null }) {
  const kpi = (id: string, label: string, value: number | undefined, note?: string) => (
    <div className="kpi">
      <div className="kpi-label">{label}</div>
      <div className="kpi-value" data-testid={id}>
        {value === undefined ? '…' : fmtCount(value)}
      </div>
      {note !== undefined && <div className="muted small sg-kpi-note">{note}</div>}
    </div>
  );
  return (
    <div className="sg-count" aria-busy={busy} data-testid="segment-count">
      <div className="kpis sg-kpis" aria-live="polite">
        {kpi('segment-people', 'People', count?.people)}
        {kpi('segment-email', 'Reachable by email', count?.reachable.email, count ? share(count.reachable.email, count.people) : '')}
        {kpi('segment-sms', 'Reachable by SMS', count?.reachable.sms, count ? share(count.reachable.sms, count.people) : '')}
      </div>
      <div className="sg-count-status small muted" data-testid="segment-count-status">
        {busy ? (
          <>
            <span className="roi-spinner" aria-hidden /> Counting…
          </>
        ) : (
          <>
            Reachable: opted in on that channel, with no later opt-out on any of their addresses.
            {count?.heldByCap && (
              <span data-testid="segment-held-by-cap">
                {' '}
                The frequency cap holds back {fmtCount(count.heldByCap.email)} of them by email and {fmtCount(count.heldByCap.sms)} by SMS
                right now.
              </span>
            )}
          </>
        )}
      </div>
      {error && (
        <p className="inline-error small" role="alert">
          {error.message}
        </p>
      )}
    </div>
  );
}
