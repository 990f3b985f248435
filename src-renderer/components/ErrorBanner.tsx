export function ErrorBanner({ error, onDismiss }: { error: Error | null; onDismiss?: () => void }) {
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      <strong>Something needs your attention.</strong> <span>{error.message}</span>
      {onDismiss && (
        <button className="link" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
