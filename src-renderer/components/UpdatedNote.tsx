import { useEffect, useState } from 'react';

/** How long the note stays: long enough to notice after a coffee, not for the rest of the day. */
const SHOWN_FOR_MS = 10 * 60_000;

/**
 * "Data updated just now": new data arrived (a watched folder, an import) and the screens refreshed in
 * place; on a shared lake, "Updated by another user (alice@laptop)" when someone else committed. It goes away by itself after ten minutes, or when dismissed; the next update brings it back.
 */
export function UpdatedNote({ at, by }: { at: number | null; by?: string[] | null }) {
  const [, tick] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  useEffect(() => {
    if (at === null) return;
    const t = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(t);
  }, [at]);
  if (at === null || dismissed === at || Date.now() - at > SHOWN_FOR_MS) return null;
  const minutes = Math.floor((Date.now() - at) / 60_000);
  const when = minutes < 1 ? 'just now' : minutes === 1 ? 'a minute ago' : `${minutes} minutes ago`;
  return (
    <div className="updated-note small muted" role="status" data-testid="updated-note" title={new Date(at).toLocaleString()}>
      {by?.length ? `Updated by another user (${by.join(', ')}) ${when}` : `Data updated ${when}`}{' '}
      <button type="button" className="link small" aria-label="Dismiss the update note" onClick={() => setDismissed(at)}>
        ×
      </button>
    </div>
  );
}
