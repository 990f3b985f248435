import { Component, type ErrorInfo, type ReactNode } from 'react';

/** A screen that fails to draw shows what went wrong and a way on, never a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, { error: Error | null; key?: string }> {
  override state: { error: Error | null; key?: string } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey?: string }, state: { error: Error | null; key?: string }) {
    // Moving to another screen clears the error.
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('[ace] screen failed', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <section className="card error-screen" role="alert" data-testid="error-screen">
        <h2>This screen could not be shown</h2>
        <p>{this.state.error.message}</p>
        <p className="muted">Your workspace is safe: nothing was changed. Try another screen, or reload the app.</p>
        <button onClick={() => window.location.reload()}>Reload</button>
      </section>
    );
  }
}
