import { useEffect, useMemo, useState } from 'react';
import type { Overview } from '../../../src-main/contract/types';
import { api } from '../../api/client';
import { entriesPerDayOption, type DayCount } from '../../charts/entriesPerDay';
import { CHART_THEMES } from '../../charts/theme';
import { EChart } from '../../components/EChart';
import { KpiGrid, type Kpi } from '../../components/KpiGrid';
import { fmtCount, fmtDate, fmtMoney } from '../../format';
import { datasetLabel } from '../../kinds';
import { ObjectivesPanel } from '../objectives/ObjectivesPanel';

/** The first screen: what is in this workspace, at a glance. */
export function OverviewPage({
  theme,
  version,
  onError,
  onImport,
}: {
  theme: 'light' | 'dark';
  version: number;
  onError: (e: Error) => void;
  onImport?: () => void;
}) {
  const [data, setData] = useState<Overview | null>(null);
  const [days, setDays] = useState<DayCount[]>([]);

  useEffect(() => {
    let live = true;
    Promise.all([api.call('overview.get'), api.table('overview.entriesPerDay')])
      .then(([o, t]) => {
        if (!live) return;
        setData(o);
        setDays(t.toArray().map((r: { day: string; entries: number }) => ({ day: r.day, entries: r.entries })));
      })
      .catch((e: Error) => live && onError(e));
    return () => {
      live = false;
    };
  }, [version, onError]);

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
    { id: 'entries', label: 'Entries', value: fmtCount(totals.entries) },
    { id: 'spend', label: 'Media spend', value: fmtMoney(totals.spend) },
    { id: 'redemptions', label: 'Redemptions', value: fmtCount(totals.redemptions) },
    { id: 'revenue', label: 'Revenue from redemptions', value: fmtMoney(totals.revenue) },
    { id: 'media-buys', label: 'Media buys', value: fmtCount(totals.mediaBuys) },
    { id: 'optouts', label: 'Opt-outs', value: fmtCount(totals.optouts) },
  ];

  return (
    <div className="overview">
      <header className="page-header">
        <div>
          <h1>{workspace.name}</h1>
          <p className="muted" data-testid="date-range">
            {workspace.dateRange ? `Entries from ${fmtDate(workspace.dateRange.from)} to ${fmtDate(workspace.dateRange.to)}` : 'No entries yet'}
          </p>
        </div>
      </header>

      <KpiGrid items={kpis} testId="kpi" />

      <ObjectivesPanel version={version} />

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
