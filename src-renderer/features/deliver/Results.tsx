import { useState } from 'react';
import type { Interval, LiftSummary, PushResult } from '../../../src-main/contract/outcomes';
import { fmtCount, fmtMoney, fmtPoints } from '../../format';
import { useQuery } from '../../lib/query';

const WINDOWS = [7, 14, 30, 60, 90];
const signedMoney = (x: number) => `${x >= 0 ? '+' : '−'}${fmtMoney(Math.abs(x))}`;
const range = (i: Interval, f: (x: number) => string) => `${f(i.low)} to ${f(i.high)}`;

/** A share of the people sent, as "12 (1.4%)"; a dash when nobody was sent. */
function Share({ n, of }: { n: number; of: number }) {
  return (
    <>
      {fmtCount(n)}
      {of > 0 && <span className="muted small"> {((n / of) * 100).toFixed(1)}%</span>}
    </>
  );
}

/** The lift over the held-out, with its 95 % interval, or why it cannot be said. */
function Lift({ lift, sent }: { lift: LiftSummary | null; sent: number }) {
  if (!lift) return <span className="muted small">no holdout</span>;
  const rate = lift.rateDiff;
  const rev = lift.incrementalRevenue;
  return (
    <div className="small" data-testid="lift">
      {rate ? (
        <div>
          <strong>{fmtPoints(rate.estimate)}</strong> redemption rate{' '}
          <span className="muted">
            (95% CI {range(rate, fmtPoints)}){lift.significant.rate ? '' : ', not significant'}
          </span>
        </div>
      ) : null}
      {rev && lift.heldOut.revenue === 0 && rev.low === rev.high && rev.estimate === 0 ? (
        <div className="muted">no revenue in either group yet</div>
      ) : rev ? (
        <div>
          {signedMoney(rev.estimate)} revenue over {fmtCount(sent)} sent{' '}
          <span className="muted">
            (95% CI {range(rev, signedMoney)}){lift.significant.revenue ? '' : ', not significant'}
          </span>
        </div>
      ) : null}
      <div className="muted">
        held out {fmtCount(lift.heldOut.people)}: {fmtCount(lift.heldOut.redeemers)} redeemed, {fmtMoney(lift.heldOut.revenue)}
      </div>
      {lift.note && <div className="muted">{lift.note}</div>}
    </div>
  );
}

/** The service's events shown as a count and its share of the messages sent, in the table's order. */
const SHARED_EVENTS = ['delivered', 'opened', 'clicked', 'bounced'] as const;

/** The columns of a push's row, as headed: its lift over the held-out reads on a line of its own below them, across them all. */
const HEADERS: { label: string; num?: boolean; title?: string }[] = [
  { label: 'Segment · sent' },
  { label: 'Sent', num: true },
  { label: 'Delivered', num: true },
  { label: 'Opened', num: true },
  { label: 'Clicked', num: true },
  { label: 'Bounced', num: true },
  { label: 'Opted out', num: true, title: 'Unsubscribed or marked as spam' },
  { label: 'Redeemed', num: true },
  { label: 'Revenue', num: true },
  { label: 'Cost', num: true, title: "Messages sent × the channel's cost per message (Message costs)" },
  { label: 'Cost / redemption', num: true },
];

function Row({ p }: { p: PushResult }) {
  const e = p.events;
  return (
    <>
      <tr data-push={p.pushId}>
        <td className="small">
          <div>
            {p.segmentName} <span className="muted">· {p.channel}</span>
          </div>
          <div className="muted dl-nowrap">{p.sentAt ?? 'not sent'}</div>
        </td>
        <td className="num">{fmtCount(p.sent)}</td>
        {SHARED_EVENTS.map((k) => (
          <td key={k} className="num" data-col={k}>
            <Share n={e[k]} of={p.sent} />
          </td>
        ))}
        <td className="num" data-col="unsubscribed">
          {fmtCount(e.unsubscribed + e.complained)}
        </td>
        <td className="num" data-col="redeemed">
          <Share n={p.recipients.redeemers} of={p.sent} />
        </td>
        <td className="num" data-col="revenue">
          {fmtMoney(p.recipients.revenue)}
        </td>
        <td className="num" data-col="cost">
          {p.cost === null ? <span className="muted">—</span> : fmtMoney(p.cost)}
        </td>
        <td className="num" data-col="cost-per-redemption">
          {p.costPerRedemption === null ? <span className="muted">—</span> : fmtMoney(p.costPerRedemption)}
          {p.costPerIncrementalRedeemer !== null && (
            <div className="small muted">{fmtMoney(p.costPerIncrementalRedeemer)} per extra redeemer</div>
          )}
        </td>
      </tr>
      <tr data-lift-of={p.pushId} className="dl-lift-row">
        <td colSpan={HEADERS.length}>
          <div className="dl-lift">
            <span className="small muted">Lift over the held-out</span>
            <Lift lift={p.lift} sent={p.sent} />
          </div>
        </td>
      </tr>
    </>
  );
}

/**
 * What happened after each push: the service's events (imported as message outcomes) and what the
 * recipients did in the window after the send, against the people a push held out (docs/outcomes.md).
 */
export function Results() {
  const [windowDays, setWindowDays] = useState(14);
  const q = useQuery('outcomes.results', { windowDays });
  const r = q.data;
  return (
    <section className="card" aria-label="Results">
      <div className="dl-head">
        <h2>Results</h2>
        <label className="small">
          Entries and redemptions within{' '}
          <select value={windowDays} onChange={(e) => setWindowDays(Number(e.target.value))} aria-label="Window">
            {WINDOWS.map((d) => (
              <option key={d} value={d}>
                {d} days
              </option>
            ))}
          </select>{' '}
          of the send
        </label>
      </div>
      {q.error && (
        <p className="inline-error" role="alert">
          Could not load the results: {q.error.message}
        </p>
      )}
      {r && r.pushes.length === 0 && <p className="muted">No pushes yet.</p>}
      {r && r.pushes.length > 0 && (
        <>
          <div className="dl-results-scroll">
            <table className="table" data-testid="push-results">
              <thead>
                <tr>
                  {HEADERS.map((h) => (
                    <th key={h.label} className={h.num ? 'num' : undefined} title={h.title}>
                      {h.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.pushes.map((p) => (
                  <Row key={p.pushId} p={p} />
                ))}
              </tbody>
            </table>
          </div>
          {r.byTemplate.some((t) => t.templateId !== null) && (
            <table className="table" data-testid="results-by-template" aria-label="By message template">
              <thead>
                <tr>
                  <th>Message template</th>
                  <th className="num">Pushes</th>
                  <th className="num">Sent</th>
                  <th className="num">Delivered</th>
                  <th className="num">Opened</th>
                  <th className="num">Clicked</th>
                  <th className="num">Redeemed</th>
                  <th className="num">Revenue</th>
                </tr>
              </thead>
              <tbody>
                {r.byTemplate.map((t) => (
                  <tr key={t.templateId ?? '-'}>
                    <td>{t.templateName ?? <span className="muted">No template (the service’s own message)</span>}</td>
                    <td className="num">{fmtCount(t.pushes)}</td>
                    <td className="num">{fmtCount(t.sent)}</td>
                    <td className="num">
                      <Share n={t.events.delivered} of={t.sent} />
                    </td>
                    <td className="num">
                      <Share n={t.events.opened} of={t.sent} />
                    </td>
                    <td className="num">
                      <Share n={t.events.clicked} of={t.sent} />
                    </td>
                    <td className="num">
                      <Share n={t.recipients.redeemers} of={t.sent} />
                    </td>
                    <td className="num">{fmtMoney(t.recipients.revenue)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="small muted" data-testid="results-note">
            Delivered, opened and the rest come from imported message outcomes (Import: a SendGrid activity export, a Twilio log, or any
            file with address, event and time). {fmtCount(r.unlinkedEvents)} imported {r.unlinkedEvents === 1 ? 'event ties' : 'events tie'}{' '}
            to no push.
          </p>
        </>
      )}
    </section>
  );
}
