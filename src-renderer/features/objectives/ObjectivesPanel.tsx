import { useState } from 'react';
import { METRICS } from '../../../src-main/contract/metrics';
import { OBJECTIVE_METRICS, type ObjectiveMetric, type ObjectiveProgress } from '../../../src-main/contract/objectives';
import { fmtDate } from '../../format';
import { mutate, useQuery } from '../../lib/query';
import { fmtMetric, METRIC_LABELS, parseTarget, STATUS_LABELS, targetSign } from './labels';
import './objectives.css';

/**
 * Objectives and where each stands: the current figure (as ROI computes it), the projection to its
 * due date from the last 14 days' pace, and on track / behind. Add and remove targets here.
 */
export function ObjectivesPanel({
  mediaBuys = [],
  compact = false,
  embedded = false,
}: {
  mediaBuys?: string[];
  compact?: boolean;
  /** In a dashboard tile: the table only, nothing to add or remove. */ embedded?: boolean;
}) {
  const list = useQuery('objectives.list', {});
  const items: ObjectiveProgress[] | null = list.data;
  const [problem, setError] = useState<string | null>(null);
  const error = problem ?? list.error?.message ?? null;
  const [adding, setAdding] = useState(false);
  const [metric, setMetric] = useState<ObjectiveMetric>('entries');
  const [target, setTarget] = useState('');
  const [due, setDue] = useState('');
  const [buy, setBuy] = useState('');

  const save = async () => {
    setError(null);
    const parsed = parseTarget(metric, target);
    if ('error' in parsed) return setError(parsed.error);
    const value = parsed.value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(due)) return setError('Choose the date the target is due.');
    try {
      await mutate('objectives.save', { metric, target: value, due, mediaBuyId: buy || null });
      setAdding(false);
      setTarget('');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const remove = async (id: string) => {
    await mutate('objectives.delete', { objectiveId: id }).catch((e: Error) => setError(e.message));
  };

  return (
    <section className={embedded ? 'objectives' : 'card objectives'} aria-label="Objectives">
      <div className="objectives-head" hidden={embedded}>
        <h2>Objectives</h2>
        {!adding && (
          <button className="ghost" onClick={() => setAdding(true)}>
            Add a target
          </button>
        )}
      </div>
      {items && items.length === 0 && !adding && (
        <p className="muted">
          No targets yet. {embedded ? 'Add them on the Overview or ROI screen' : 'Add one'} to see whether the campaign is on track.
        </p>
      )}
      {items && items.length > 0 && (
        <table className="table" data-testid="objectives">
          <thead>
            <tr>
              <th>Target</th>
              <th className="num">Now</th>
              {!compact && <th className="num">Projected by due date</th>}
              <th>Status</th>
              {!embedded && <th aria-label="Actions" />}
            </tr>
          </thead>
          <tbody>
            {items.map((o) => (
              <tr key={o.objectiveId} data-objective={o.objectiveId} data-metric={o.metric}>
                <td>
                  <div>
                    {METRIC_LABELS[o.metric]} {targetSign(o.metric)} {fmtMetric(o.metric, o.target)}
                    {o.mediaBuyId ? <span className="muted"> · {o.mediaBuyId}</span> : null}
                  </div>
                  <div className="small muted">
                    by {fmtDate(o.due)}
                    {o.asOf ? ` · data to ${fmtDate(o.asOf)}` : ''}
                  </div>
                  <div className="objective-bar" aria-hidden="true">
                    <span style={{ width: `${Math.min(100, Math.round((o.progress ?? 0) * 100))}%` }} />
                  </div>
                </td>
                <td className="num" data-col="current">
                  {fmtMetric(o.metric, o.current)}
                </td>
                {!compact && (
                  <td className="num" data-col="projected">
                    {fmtMetric(o.metric, o.projected)}
                  </td>
                )}
                <td>
                  <span className={`status status-${o.status}`} data-col="status">
                    {STATUS_LABELS[o.status]}
                  </span>
                </td>
                {!embedded && (
                  <td>
                    <button
                      className="ghost small"
                      aria-label={`Remove the ${METRIC_LABELS[o.metric]} target`}
                      onClick={() => void remove(o.objectiveId)}
                    >
                      ×
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {adding && (
        <div className="inline-form" role="group" aria-label="New target">
          <label>
            Metric
            <select value={metric} onChange={(e) => setMetric(e.target.value as ObjectiveMetric)}>
              {OBJECTIVE_METRICS.map((m) => (
                <option key={m} value={m}>
                  {METRIC_LABELS[m]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Target
            <input
              inputMode="decimal"
              value={target}
              onChange={(e) => setTarget(e.target.value)}
              placeholder={{ percent: '40%', money: '$1,200', count: '10,000', times: '3x' }[METRICS[metric].format]}
            />
          </label>
          <label>
            Due
            <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
          </label>
          <label>
            Media buy
            <select value={buy} onChange={(e) => setBuy(e.target.value)}>
              <option value="">Whole campaign</option>
              {mediaBuys.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <button onClick={() => void save()}>Save target</button>
          <button className="ghost" onClick={() => setAdding(false)}>
            Cancel
          </button>
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
