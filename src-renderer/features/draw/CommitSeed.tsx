import { useState } from 'react';
import { mutate, useQuery } from '../../lib/query';

/**
 * Commit before reveal: a seed made now whose SHA-256 is published (in the official rules, before entries
 * close); the draw that uses it reveals it, and anyone can check it hashes to what was published.
 */
export function CommitSeed() {
  const q = useQuery('draw.commitments', {});
  const [error, setError] = useState<string | null>(null);
  const commit = async () => {
    setError(null);
    try {
      await mutate('draw.commit', {});
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const list = q.data ?? [];
  return (
    <section className="card rules-card" aria-labelledby="commit-h">
      <h2 id="commit-h">Seed committed before the draw</h2>
      <p className="muted small">
        Make the draw&apos;s seed now and publish only its fingerprint (SHA-256) before entries close: the seed is revealed at the draw, and
        anyone can check it is the one committed to, so it cannot have been picked after seeing the entries.
      </p>
      {list.length > 0 && (
        <ul className="commit-list" data-testid="commitments">
          {list.map((c) => (
            <li key={c.commitmentId}>
              <code className="commit-hash">{c.seedHash}</code>{' '}
              <span className="muted small">
                {c.commitmentId}, committed {c.committedAt}
                {c.usedBy ? `, revealed by draw ${c.usedBy}` : ', not used yet'}
              </span>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="ghost" onClick={() => void commit()}>
        Commit a seed
      </button>
      {(error || q.error) && (
        <p className="inline-error small" role="alert">
          {error ?? q.error?.message}
        </p>
      )}
    </section>
  );
}
