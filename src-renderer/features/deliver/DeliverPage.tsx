/** Deliver: push a saved segment to a sending service (built out by the Deliver screen work). */
export function DeliverPage(_props: { theme: 'light' | 'dark'; version: number }) {
  return (
    <div className="page">
      <header className="page-header">
        <h1>Deliver</h1>
      </header>
    </div>
  );
}
