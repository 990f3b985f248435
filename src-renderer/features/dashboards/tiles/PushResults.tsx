import { Loading } from './Loading';
import { fmtCount, fmtMoney, fmtPoints } from '../../../format';
import { useQuery } from '../../../lib/query';
import type { TileProps } from './types';

/** How many of the latest pushes the tile shows. */
const LATEST = 6;
const pct = (n: number, of: number) => (of > 0 ? `${((n / of) * 100).toFixed(1)}%` : '—');

/** The latest pushes' results (docs/outcomes.md): delivered and opened shares, redemptions and revenue in 14 days, and the lift. */
export function PushResultsTile({ height }: TileProps) {
  const { data, error } = useQuery('outcomes.results', { windowDays: 14 });
  if (error) return <p className="error-text">{error.message}</p>;
  if (!data) return <Loading text="Reading the pushes…" />;
  if (!data.pushes.length) return <p className="muted">No pushes yet: send one from the Deliver screen.</p>;
  return (
    <div className="dash-scroll" style={{ maxHeight: height }}>
      <table className="table dash-table" data-testid="dash-push-results">
        <thead>
          <tr>
            <th>Push</th>
            <th className="num">Sent</th>
            <th className="num">Delivered</th>
            <th className="num">Opened</th>
            <th className="num">Redeemed</th>
            <th className="num">Revenue</th>
            <th className="num">Lift</th>
          </tr>
        </thead>
        <tbody>
          {data.pushes.slice(0, LATEST).map((p) => (
            <tr key={p.pushId}>
              <td>
                {p.segmentName} <span className="muted small">{p.sentAt?.slice(0, 10) ?? 'not sent'}</span>
              </td>
              <td className="num">{fmtCount(p.sent)}</td>
              <td className="num">{pct(p.events.delivered, p.sent)}</td>
              <td className="num">{pct(p.events.opened, p.sent)}</td>
              <td className="num">{fmtCount(p.recipients.redeemers)}</td>
              <td className="num">{fmtMoney(p.recipients.revenue)}</td>
              <td className="num" title={p.lift?.note ?? undefined}>
                {p.lift?.rateDiff ? (
                  <>
                    {fmtPoints(p.lift.rateDiff.estimate)}
                    {!p.lift.significant.rate && <span className="muted small"> n.s.</span>}
                  </>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted">
        Redemptions and revenue within 14 days of each send; lift over the people held out (n.s.: not significant).
      </p>
    </div>
  );
}
