import { useMemo } from 'react';
import type { RoiResult } from '../../../src-main/contract/roi';
import { costsOption, spendRevenueOption } from '../../charts/roiBars';
import { barsHeight } from '../../charts/roiCommon';
import { funnelOption } from '../../charts/roiFunnel';
import { roasScatterOption } from '../../charts/roiScatter';
import { weeklyOption } from '../../charts/roiTime';
import { CHART_THEMES } from '../../charts/theme';
import { EChart } from '../../components/EChart';

/** The ROI charts of the current result, plus entries and spend by week over the same scope. */
export function RoiCharts({
  result,
  weekly,
  plural,
  theme,
}: {
  result: RoiResult;
  weekly: RoiResult | null;
  plural: string;
  theme: 'light' | 'dark';
}) {
  const t = CHART_THEMES[theme];
  const rows = result.rows;
  const withSpend = rows.filter((r) => r.key !== null && r.spend > 0).length;
  const options = useMemo(
    () => ({
      spendRevenue: spendRevenueOption(rows, t),
      costs: costsOption(rows, t),
      scatter: roasScatterOption(rows, t),
      funnel: funnelOption(rows, t),
    }),
    [rows, t],
  );
  const weeklyChart = useMemo(() => (weekly ? weeklyOption(weekly.rows, t) : null), [weekly, t]);

  return (
    <>
      <div className="roi-grid">
        <section className="card">
          <h2>Spend and revenue per {plural.replace(/s$/, '')}</h2>
          <EChart option={options.spendRevenue} height={barsHeight(rows.length)} label={`Spend and revenue per ${plural}`} />
        </section>
        <section className="card">
          <h2>Cost per entry and per redemption</h2>
          {withSpend ? (
            <EChart option={options.costs} height={barsHeight(withSpend)} label={`Cost per entry and per redemption per ${plural}`} />
          ) : (
            <p className="muted">No spend in this scope.</p>
          )}
        </section>
      </div>
      <div className="roi-grid">
        <section className="card">
          <h2>
            ROAS (up) against spend (across) <span className="muted small">bubble size = entries</span>
          </h2>
          {rows.some((r) => r.roas !== null) ? (
            <EChart option={options.scatter} height={340} label={`ROAS against spend per ${plural}, bubble size is entries`} />
          ) : (
            <p className="muted">No spend in this scope.</p>
          )}
        </section>
        <section className="card">
          <h2>Entries, redemptions and spend by week</h2>
          {weeklyChart ? (
            <EChart option={weeklyChart} height={340} label="Entries, redemptions and spend by week" />
          ) : (
            <p className="muted">Loading…</p>
          )}
        </section>
      </div>
      <section className="card">
        <h2>
          Funnel per {plural.replace(/s$/, '')} <span className="muted small">entries → unique entrants → redeemers</span>
        </h2>
        <EChart
          option={options.funnel}
          height={barsHeight(rows.length, 36)}
          label={`Funnel per ${plural}: entries, unique entrants, redeemers`}
        />
      </section>
    </>
  );
}
