import { useEffect, useState } from 'react';

/** "Updated just now": new data arrived (a watched folder, an import) and the screens refreshed in place. */
export function UpdatedNote({ at }: { at: number | null }) {
  const [, tick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(t);
  }, []);
  if (at === null) return null;
  const minutes = Math.floor((Date.now() - at) / 60_000);
  const when = minutes < 1 ? 'just now' : minutes === 1 ? 'a minute ago' : `${minutes} minutes ago`;
  return (
    <div className="updated-note small muted" role="status" data-testid="updated-note" title={new Date(at).toLocaleString()}>
      Data updated {when}
    </div>
  );
}
