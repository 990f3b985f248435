import { KpiGrid } from '../../../components/KpiGrid';
import { fmtCount, fmtMoney } from '../../../format';
import { Loading } from './Loading';
import { useRoiCall } from '../../roi/useRoiCall';
import { fmtRate, fmtTimes } from '../../roi/roiFormat';
import { roiScopeOf } from '../scope';
import type { TileProps } from './types';

/** The campaign's headline figures over the dashboard's scope, as ROI computes them. */
export function KpisTile({ filters, version }: TileProps) {
  const roi = useRoiCall('roi.get', { ...roiScopeOf(filters), by: 'media_buy' }, version);
  if (roi.error) return <p className="error-text">{roi.error.message}</p>;
  const t = roi.data?.total;
  if (!t) return <Loading />;
  const items = [
    { id: 'entries', label: 'Entries', value: fmtCount(t.entries) },
    { id: 'unique', label: 'Unique entrants', value: fmtCount(t.unique_entrants) },
    { id: 'spend', label: 'Media spend', value: fmtMoney(t.spend) },
    { id: 'cpe', label: 'Cost per entry', value: fmtMoney(t.cost_per_entry) },
    { id: 'redemptions', label: 'Redemptions', value: fmtCount(t.redemptions) },
    { id: 'rate', label: 'Redemption rate', value: fmtRate(t.redemption_rate) },
    { id: 'revenue', label: 'Revenue', value: fmtMoney(t.revenue) },
    { id: 'roas', label: 'ROAS', value: fmtTimes(t.roas) },
  ];
  return <KpiGrid items={items} testId="dash-kpi" className="dash-kpis" />;
}
