import { useState } from 'react';
import type { ConnectorInfo, PushChannel, ScheduleInfo } from '../../../src-main/contract/deliver';
import type { SegmentInfo } from '../../../src-main/contract/segments';
import { mutate } from '../../lib/query';

/** Pushes that run by themselves: once, or every N days to the people not sent to before. */
export function Schedules({
  schedules,
  segments,
  connectors,
  onChanged,
}: {
  schedules: ScheduleInfo[];
  segments: SegmentInfo[];
  connectors: ConnectorInfo[];
  onChanged: () => void;
}) {
  const [segmentId, setSegmentId] = useState('');
  const [connectorId, setConnectorId] = useState('');
  const [channel, setChannel] = useState<PushChannel>('email');
  const [when, setWhen] = useState('');
  const [every, setEvery] = useState('');
  const [bestHour, setBestHour] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seg = segmentId || segments[0]?.segmentId || '';
  const con = connectorId || connectors[0]?.connectorId || '';

  const add = async () => {
    setError(null);
    if (!when) return setError('Choose when the first push runs.');
    const n = every.trim() ? Number(every) : undefined;
    if (n !== undefined && !(Number.isInteger(n) && n >= 1))
      return setError('Repeat every: a whole number of days, or leave it empty for once.');
    try {
      await mutate('schedules.save', {
        segmentId: seg,
        connectorId: con,
        channel,
        fields: ['first_name'],
        firstRunAt: when,
        ...(n ? { everyDays: n } : {}),
        ...(bestHour ? { atBestHour: true } : {}),
      });
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section className="card" aria-label="Schedules">
      <h2>Schedules</h2>
      <p className="small muted">
        A recurring push sends only people it has not sent to before (e.g. “entered, not redeemed after 14 days”). “At each person’s best
        hour” sends over the 24 hours from the first run, to each person at their own best hour. Schedules run while the app or ace serve
        runs; one missed while nothing ran runs at the next start.
      </p>
      {schedules.length > 0 && (
        <table className="table" data-testid="schedules">
          <tbody>
            {schedules.map((s) => [
              <tr key={s.scheduleId}>
                <td>{s.segmentName ?? s.segmentId}</td>
                <td className="small">{s.channel}</td>
                <td className="small">
                  {s.atBestHour
                    ? `at each person’s best hour, until ${s.until?.replace('T', ' ') ?? ''}`
                    : s.everyDays
                      ? `every ${s.everyDays} day${s.everyDays === 1 ? '' : 's'}`
                      : 'once'}
                </td>
                <td className="small">{s.enabled ? `next ${s.nextRunAt}` : `ran ${s.lastRunAt ?? ''}`}</td>
                <td>
                  <button
                    className="ghost small"
                    aria-label="Delete schedule"
                    onClick={() =>
                      void mutate('schedules.delete', { scheduleId: s.scheduleId }).then(onChanged, (e: Error) => setError(e.message))
                    }
                  >
                    ×
                  </button>
                </td>
              </tr>,
              // A run that could not start stays visible under its schedule until the next run.
              s.lastRun?.error ? (
                <tr key={`${s.scheduleId}-error`}>
                  <td colSpan={5}>
                    <div className="small inline-error" data-testid="schedule-error">
                      The run of {s.lastRun.at.replace('T', ' ')} did not start: {s.lastRun.error}
                    </div>
                  </td>
                </tr>
              ) : null,
            ])}
          </tbody>
        </table>
      )}
      {segments.length > 0 && connectors.length > 0 && (
        <div className="inline-form" role="group" aria-label="New schedule">
          <label>
            Segment
            <select value={seg} onChange={(e) => setSegmentId(e.target.value)}>
              {segments.map((s) => (
                <option key={s.segmentId} value={s.segmentId}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Channel
            <select value={channel} onChange={(e) => setChannel(e.target.value as PushChannel)}>
              <option value="email">Email</option>
              <option value="sms">SMS</option>
            </select>
          </label>
          <label>
            Send with
            <select value={con} onChange={(e) => setConnectorId(e.target.value)}>
              {connectors.map((c) => (
                <option key={c.connectorId} value={c.connectorId}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            First run
            <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
          </label>
          <label>
            Repeat every (days)
            <input
              value={every}
              onChange={(e) => setEvery(e.target.value)}
              inputMode="numeric"
              size={4}
              placeholder="once"
              disabled={bestHour}
            />
          </label>
          <label
            className="checkbox"
            title="Over the 24 hours from the first run, each person gets it at the hour they respond most in their own time zone (Best time to send)"
          >
            <input type="checkbox" checked={bestHour} onChange={(e) => setBestHour(e.target.checked)} /> At each person’s best hour
          </label>
          <button onClick={() => void add()}>Schedule</button>
        </div>
      )}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
