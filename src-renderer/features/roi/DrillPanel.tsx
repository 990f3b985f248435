import { useMemo } from 'react';
import { METRICS } from '../../../src-main/contract/metrics';
import type { RoiRow, RoiScope } from '../../../src-main/contract/roi';
import { drillDaysOption } from '../../charts/roiTime';
import { CHART_THEMES } from '../../charts/theme';
import { EChart } from '../../components/EChart';
import { KpiGrid } from '../../components/KpiGrid';
import { fmtCount, fmtMoney } from '../../format';
import { metricKpi } from '../../lib/figures';
import { TimingCard } from './TimingCard';
import { useQuery } from '../../lib/query';

/** One media buy (or the unattributed entries) in depth: keywords, day by day, and its entrants. */
export function DrillPanel({ scope, row, theme, onBack }: { scope: RoiScope; row: RoiRow; theme: 'light' | 'dark'; onBack: () => void }) {
  const input = { ...scope, mediaBuyId: row.key };
  const drill = useQuery('roi.drill', input);
  const timing = useQuery('roi.timing', input);
  const d = drill.data;
  const keywords = d?.keywords ?? [];
  const daysOption = useMemo(() => drillDaysOption(d?.days ?? [], CHART_THEMES[theme]), [d, theme]);

  const kpis = (['spend', 'entries', 'unique_entrants', 'redemptions', 'revenue', 'redemption_rate', 'roas', 'roi'] as const).map((id) =>
    metricKpi(id, row[id], { short: true }),
  );

  return (
    <section className="roi-drill" aria-labelledby="roi-drill-title" data-testid="roi-drill">
      <div className="roi-drill-head">
        <button type="button" className="ghost" onClick={onBack}>
          ← All media buys
        </button>
        <div>
          <h2 id="roi-drill-title">{row.label}</h2>
          <p className="muted small">{row.key ? `Media buy ${row.key}` : 'Entries, spend and redemptions that match no media buy'}</p>
        </div>
      </div>
      <KpiGrid items={kpis} testId="drill-kpi" className="roi-kpis" />
      {drill.error && (
        <p className="roi-inline-error" role="alert">
          {drill.error.message}
        </p>
      )}
      {!d && drill.loading && <p className="muted">Loading…</p>}
      {d && (
        <>
          <section className="card">
            <h2>Day by day</h2>
            {d.days.length ? (
              <EChart option={daysOption} height={300} label={`Entries, redemptions and spend per day for ${row.label}`} />
            ) : (
              <p className="muted">Nothing in this date range.</p>
            )}
          </section>
          <div className="roi-grid">
            <section className="card">
              <h2>By keyword</h2>
              <div className="roi-scroll-sm">
                <table className="table roi-compact" aria-label="By keyword" data-testid="drill-keywords">
                  <thead>
                    <tr>
                      <th scope="col">Keyword</th>
                      {(['entries', 'unique_entrants', 'redemptions', 'revenue'] as const).map((id) => (
                        <th key={id} scope="col" className="num">
                          {METRICS[id].short}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {keywords.map((k) => (
                      <tr key={k.keyword ?? ''} data-keyword={k.keyword ?? ''}>
                        <th scope="row">{k.keyword ?? <span className="muted">(no keyword)</span>}</th>
                        <td className="num">{fmtCount(k.entries)}</td>
                        <td className="num">{fmtCount(k.unique_entrants)}</td>
                        <td className="num">{fmtCount(k.redemptions)}</td>
                        <td className="num">{fmtMoney(k.revenue)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {keywords.length === 0 && <p className="muted">No entries.</p>}
              </div>
            </section>
            <TimingCard timing={timing.data} error={timing.error} theme={theme} title="Days from entry to redemption" />
          </div>
          <section className="card">
            <h2>
              Top entrants{' '}
              <span className="muted small">
                {d.entrants.length < d.entrantsTotal
                  ? `showing first ${fmtCount(d.entrants.length)} of ${fmtCount(d.entrantsTotal)}, by entries then revenue`
                  : `all ${fmtCount(d.entrantsTotal)}`}
              </span>
            </h2>
            <div className="roi-scroll-sm">
              <table className="table roi-compact" aria-label="Top entrants" data-testid="drill-entrants">
                <thead>
                  <tr>
                    <th scope="col">Entrant</th>
                    <th scope="col">Zip</th>
                    <th scope="col" className="num">
                      Entries
                    </th>
                    <th scope="col">First entry</th>
                    <th scope="col" className="num">
                      Redemptions
                    </th>
                    <th scope="col" className="num">
                      Revenue
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.entrants.map((e) => (
                    <tr key={e.entrant_id}>
                      <th scope="row" className="roi-entrant">
                        <span className={e.name ? undefined : 'muted'}>{e.name ?? '(no name)'}</span>{' '}
                        <code className="small muted">{e.entrant_id}</code>
                      </th>
                      <td>{e.zip ?? ''}</td>
                      <td className="num">{fmtCount(e.entries)}</td>
                      <td>{e.first_entry}</td>
                      <td className="num">{fmtCount(e.redemptions)}</td>
                      <td className="num">{fmtMoney(e.revenue)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </section>
  );
}
