import { useEffect, useState } from 'react';
import { mutate, useQuery } from '../../lib/query';

/** The workspace's frequency cap: at most N messages per person per D days on each channel, across all pushes. */
export function FrequencyCap() {
  const q = useQuery('push.cap', {});
  const cap = q.data ?? null;
  const [max, setMax] = useState('3');
  const [days, setDays] = useState('7');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    if (cap) {
      setMax(String(cap.max));
      setDays(String(cap.days));
    }
  }, [cap]);

  const save = async (next: { max: number; days: number } | null) => {
    setError(null);
    try {
      await mutate('push.setCap', { cap: next });
      setStatus(next ? 'Saved: every push planned or batch sent from now on keeps to it.' : 'Removed.');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const submit = () => {
    const n = Number(max);
    const d = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > 100) return setError('Messages: a whole number from 1 to 100.');
    if (!Number.isInteger(d) || d < 1 || d > 365) return setError('Days: a whole number from 1 to 365.');
    void save({ max: n, days: d });
  };

  return (
    <section className="card" aria-label="Frequency cap">
      <h2>Frequency cap</h2>
      <p className="small muted">
        {cap
          ? `Now: at most ${cap.max} message${cap.max === 1 ? '' : 's'} per person per ${cap.days} day${cap.days === 1 ? '' : 's'} on each channel, across all pushes.`
          : 'No cap: a person can get every push they are in.'}{' '}
        People over it are left out when a push is planned, and again before each batch.
      </p>
      <div className="inline-form">
        <label>
          At most
          <input type="number" min={1} max={100} value={max} onChange={(e) => setMax(e.target.value)} aria-label="Messages" />
        </label>
        <label>
          messages per
          <input type="number" min={1} max={365} value={days} onChange={(e) => setDays(e.target.value)} aria-label="Days" />
        </label>
        <span className="small">days</span>
        <button onClick={submit}>{cap ? 'Change' : 'Set cap'}</button>
        {cap && (
          <button className="ghost" onClick={() => void save(null)}>
            Remove
          </button>
        )}
      </div>
      {status && (
        <p className="small" role="status">
          {status}
        </p>
      )}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
