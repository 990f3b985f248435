/** A tile still fetching its figures: PDF export waits for these to go. */
export function Loading({ text = 'Loading…' }: { text?: string }) {
  return (
    <p className="muted" data-loading="">
      {text}
    </p>
  );
}
