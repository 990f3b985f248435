import { useMemo, useState } from 'react';
import type { SegmentInfo } from '../../../src-main/contract/segments';
import { bestTimeOption } from '../../charts/bestTime';
import { CHART_THEMES } from '../../charts/theme';
import { EChart } from '../../components/EChart';
import { fmtCount } from '../../format';
import { useQuery } from '../../lib/query';

const plural = (n: number, one: string, many = `${one}s`) => `${fmtCount(n)} ${n === 1 ? one : many}`;
const hour = (h: number) => `${String(h).padStart(2, '0')}:00–${String((h + 1) % 24).padStart(2, '0')}:00`;

/**
 * When people respond (opens, clicks, replies, redemptions), by weekday and hour of each person's local time
 * (the zone of their zip), for everyone or a segment: the best hour and day, with the chart and the count
 * of responses behind them.
 */
export function BestTime({ segments, theme }: { segments: SegmentInfo[]; theme: 'light' | 'dark' }) {
  const [segmentId, setSegmentId] = useState('');
  const q = useQuery('outcomes.bestTime', segmentId ? { segmentId } : {});
  const r = q.data;
  const option = useMemo(() => (r && r.responses > 0 ? bestTimeOption(r, CHART_THEMES[theme]) : null), [r, theme]);
  return (
    <section className="card" aria-label="Best time to send">
      <div className="dl-head">
        <h2>Best time to send</h2>
        <label className="small">
          For{' '}
          <select value={segmentId} onChange={(e) => setSegmentId(e.target.value)} aria-label="Segment">
            <option value="">everyone</option>
            {segments.map((s) => (
              <option key={s.segmentId} value={s.segmentId}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {q.error && (
        <p className="inline-error" role="alert">
          Could not work it out: {q.error.message}
        </p>
      )}
      {!r && !q.error && <p className="muted">Placing every response in its person’s local time…</p>}
      {r && (
        <p data-testid="best-time">
          {r.best ? (
            <>
              Most responses come <strong>{hour(r.best.hour)}</strong> local time ({fmtCount(r.best.hourResponses)} of{' '}
              {fmtCount(r.responses)}, {(r.best.share * 100).toFixed(1)}%), and on <strong>{r.best.dayName}s</strong> (
              {fmtCount(r.best.dayResponses)}).
            </>
          ) : (
            r.note
          )}
        </p>
      )}
      {option && <EChart option={option} height={260} label="Responses by weekday and local hour" exportName="best-time-to-send" />}
      {r && r.responses > 0 && (
        <p className="small muted" data-testid="best-time-evidence">
          {fmtCount(r.responses)} responses from {fmtCount(r.people)} people: {plural(r.byKind.opened, 'open')},{' '}
          {plural(r.byKind.clicked, 'click')}, {plural(r.byKind.replied, 'reply', 'replies')}, {plural(r.byKind.redeemed, 'redemption')},
          each in the time zone of the person’s zip.
          {r.withoutZone > 0 && ` ${fmtCount(r.withoutZone)} from people without a known zip are left out.`}
          {r.best && r.note && ` ${r.note}`}
        </p>
      )}
    </section>
  );
}
