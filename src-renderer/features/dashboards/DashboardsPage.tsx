/** Dashboards and presentation mode (built out by the Present work). */
export function DashboardsPage(_props: { theme: 'light' | 'dark'; version: number }) {
  return (
    <div className="page">
      <header className="page-header">
        <h1>Dashboards</h1>
      </header>
    </div>
  );
}
