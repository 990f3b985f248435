import { useEffect, useMemo } from 'react';
import { api } from '../../api/client';
import { entriesPerDayOption, type DayCount } from '../../charts/entriesPerDay';
import { CHART_THEMES } from '../../charts/theme';
import { EChart } from '../../components/EChart';
import { KpiGrid, type Kpi } from '../../components/KpiGrid';
import { ValidNote } from './ValidNote';
import { fmtCount, fmtDate } from '../../format';
import { datasetLabel } from '../../kinds';
import { useQuery, useTableQuery } from '../../lib/query';
import { metricKpi } from '../../lib/figures';
import { METRICS } from '../../../src-main/contract/metrics';
import { ObjectivesPanel } from '../objectives/ObjectivesPanel';

/** The first screen: what is in this workspace, at a glance. */
export function OverviewPage({
  theme,
  onError,
  onImport,
}: {
  theme: 'light' | 'dark';
  onError: (e: Error) => void;
  onImport?: () => void;
}) {
  const overview = useQuery('overview.get', {});
  const perDay = useTableQuery('overview.entriesPerDay', {});
  // Both arrive before the screen shows (as one answer); a failure goes to the app's error banner.
  const data = overview.data && perDay.data ? overview.data : null;
  const days = useMemo<DayCount[]>(
    () => (perDay.data ? perDay.data.toArray().map((r: { day: string; entries: number }) => ({ day: r.day, entries: r.entries })) : []),
    [perDay.data],
  );
  const error = overview.error ?? perDay.error;
  useEffect(() => {
    if (error) onError(error);
  }, [error, onError]);

  const option = useMemo(() => entriesPerDayOption(days, CHART_THEMES[theme]), [days, theme]);

  if (!data) return <div className="loading">Loading the workspace…</div>;
  const { totals, workspace } = data;
  const empty = workspace.datasets.every((d) => d.rows === 0);

  if (empty) {
    return (
      <section className="empty-state" data-testid="empty-state">
        <h2>This workspace is empty</h2>
        <p>Bring in your campaign’s exports: media plan, spend, entries, redemptions, stores, contacts and opt-outs.</p>
        <p className="muted">
          From the command line: <code>ace demo --workspace FILE</code> makes a sample campaign to explore.
        </p>
        <div className="empty-actions">
          {onImport && <button onClick={onImport}>Import your exports</button>}
          <button className={onImport ? 'ghost' : undefined} onClick={() => api.call('workspace.openDemo').catch(onError)}>
            Explore the demo campaign
          </button>
        </div>
      </section>
    );
  }

  const kpis: Kpi[] = [
    metricKpi('entries', totals.entries),
    metricKpi('spend', totals.spend),
    metricKpi('redemptions', totals.redemptions),
    { ...metricKpi('revenue', totals.revenue), label: `${METRICS.revenue.label} from redemptions` },
    metricKpi('cost_per_entry', totals.costPerEntry, { kpiId: 'cost-per-entry' }),
    metricKpi('roas', totals.roas),
    metricKpi('redemption_rate', totals.redemptionRate, { kpiId: 'redemption-rate' }),
    metricKpi('media_buys', totals.mediaBuys, { kpiId: 'media-buys' }),
    metricKpi('optouts', totals.optouts),
  ];

  return (
    <div className="overview">
      <header className="page-header">
        <div>
          <h1>{workspace.name}</h1>
          <p className="muted" data-testid="date-range">
            {workspace.dateRange
              ? `Entries from ${fmtDate(workspace.dateRange.from)} to ${fmtDate(workspace.dateRange.to)}`
              : 'No entries yet'}
          </p>
        </div>
      </header>

      <KpiGrid items={kpis} testId="kpi" />
      <ValidNote />

      <ObjectivesPanel />

      <div className="grid-2">
        <section className="card">
          <h2>Entries per day</h2>
          {days.length ? <EChart option={option} label="Entries per day" /> : <p className="muted">No entries yet.</p>}
        </section>
        <section className="card">
          <h2>Datasets</h2>
          <table className="table" data-testid="datasets">
            <thead>
              <tr>
                <th>Dataset</th>
                <th className="num">Rows</th>
              </tr>
            </thead>
            <tbody>
              {workspace.datasets.map((d) => (
                <tr key={d.kind} data-kind={d.kind}>
                  <td>{datasetLabel(d.kind)}</td>
                  <td className="num">{fmtCount(d.rows)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small" title={workspace.path}>
            {workspace.path}
          </p>
        </section>
      </div>
    </div>
  );
}
