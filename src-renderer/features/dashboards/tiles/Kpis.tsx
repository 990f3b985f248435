import { KpiGrid } from '../../../components/KpiGrid';
import { Loading } from './Loading';
import { useQuery } from '../../../lib/query';
import { metricKpi } from '../../../lib/figures';
import { roiScopeOf } from '../scope';
import type { TileProps } from './types';

/** The campaign's headline figures over the dashboard's scope, as ROI computes them. */
export function KpisTile({ filters }: TileProps) {
  const roi = useQuery('roi.get', { ...roiScopeOf(filters), by: 'media_buy' });
  if (roi.error) return <p className="error-text">{roi.error.message}</p>;
  const t = roi.data?.total;
  if (!t) return <Loading />;
  // KPI ids are the tile's own (tests and print styles address them); labels and formats are the catalogue's.
  const items = [
    metricKpi('entries', t.entries),
    metricKpi('unique_entrants', t.unique_entrants, { kpiId: 'unique' }),
    metricKpi('spend', t.spend),
    metricKpi('cost_per_entry', t.cost_per_entry, { kpiId: 'cpe' }),
    metricKpi('redemptions', t.redemptions),
    metricKpi('redemption_rate', t.redemption_rate, { kpiId: 'rate' }),
    metricKpi('revenue', t.revenue),
    metricKpi('roas', t.roas),
  ];
  return <KpiGrid items={items} testId="dash-kpi" className="dash-kpis" />;
}
