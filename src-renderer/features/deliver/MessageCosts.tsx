import { useEffect, useState } from 'react';
import { mutate, useQuery } from '../../lib/query';

const CHANNELS = [
  ['email', 'Email'],
  ['sms', 'SMS'],
] as const;

/** What one message costs per channel: each push's cost, and its cost per redemption in Results. */
export function MessageCosts() {
  const q = useQuery('push.costs', {});
  const [text, setText] = useState<Record<string, string>>({ email: '', sms: '' });
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    if (q.data) setText({ email: q.data.email === null ? '' : String(q.data.email), sms: q.data.sms === null ? '' : String(q.data.sms) });
  }, [q.data]);

  const save = async () => {
    setError(null);
    const costs: Record<string, number | null> = {};
    for (const [ch, label] of CHANNELS) {
      const t = text[ch]!.trim().replace(/^\$/, '');
      if (t === '') costs[ch] = null;
      else if (!/^\d{0,3}(\.\d{1,5})?$/.test(t) || Number(t) > 100)
        return setError(`${label}: an amount per message such as 0.0079 (up to 5 decimals), or empty when not known.`);
      else costs[ch] = Number(t);
    }
    try {
      await mutate('push.setCosts', { costs: { email: costs.email ?? null, sms: costs.sms ?? null } });
      setStatus('Saved: Results shows each push’s cost and its cost per redemption.');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section className="card" aria-label="Message costs">
      <h2>Message costs</h2>
      <p className="small muted">
        What the service charges per message, in the workspace’s currency: a push costs its messages sent × this.
      </p>
      <div className="inline-form">
        {CHANNELS.map(([ch, label]) => (
          <label key={ch}>
            {label}
            <input
              inputMode="decimal"
              placeholder="not known"
              value={text[ch]}
              onChange={(e) => setText((t) => ({ ...t, [ch]: e.target.value }))}
              aria-label={`${label} cost per message`}
            />
          </label>
        ))}
        <button onClick={() => void save()}>Save costs</button>
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
