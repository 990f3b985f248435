import { useMemo } from 'react';
import { Loading } from './Loading';
import { spendRevenueOption } from '../../../charts/roiBars';
import { enlargeText } from '../../../charts/enlarge';
import { CHART_THEMES } from '../../../charts/theme';
import { EChart } from '../../../components/EChart';
import { fmtCount, fmtMoney } from '../../../format';
import { fmtTimes } from '../../roi/roiFormat';
import { useRoiCall } from '../../roi/useRoiCall';
import { roiScopeOf } from '../scope';
import type { TileProps } from './types';

function useRoi({ filters, version }: TileProps) {
  return useRoiCall('roi.get', { ...roiScopeOf(filters), by: 'media_buy' }, version);
}

/** ROI by media buy as a table: the figures DOMAIN.md defines, most spend first, the total last. */
export function RoiTableTile(props: TileProps) {
  const roi = useRoi(props);
  if (roi.error) return <p className="error-text">{roi.error.message}</p>;
  if (!roi.data) return <Loading />;
  const rows = [...roi.data.rows].sort((a, b) => b.spend - a.spend || b.entries - a.entries);
  return (
    <div className="dash-scroll" style={{ maxHeight: props.height }}>
      <table className="table dash-table" data-testid="dash-roi-table">
        <thead>
          <tr>
            <th>Media buy</th>
            <th className="num">Spend</th>
            <th className="num">Entries</th>
            <th className="num">Cost / entry</th>
            <th className="num">Redemptions</th>
            <th className="num">Revenue</th>
            <th className="num">ROAS</th>
          </tr>
        </thead>
        <tbody>
          {[...rows, roi.data.total].map((r, i) => (
            <tr key={r.key ?? `none-${i}`} className={i === rows.length ? 'total' : undefined} data-key={i === rows.length ? 'total' : (r.key ?? '')}>
              <td>{i === rows.length ? 'Total' : r.label}</td>
              <td className="num">{fmtMoney(r.spend)}</td>
              <td className="num">{fmtCount(r.entries)}</td>
              <td className="num">{fmtMoney(r.cost_per_entry)}</td>
              <td className="num">{fmtCount(r.redemptions)}</td>
              <td className="num">{fmtMoney(r.revenue)}</td>
              <td className="num">{fmtTimes(r.roas)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Spend against revenue for each media buy, as ROI's chart draws it. */
export function RoiChartTile(props: TileProps) {
  const roi = useRoi(props);
  const rows = roi.data?.rows;
  const option = useMemo(() => {
    if (!rows) return null;
    const o = spendRevenueOption(rows, CHART_THEMES[props.theme]);
    return props.big ? enlargeText(o, 18) : o;
  }, [rows, props.theme, props.big]);
  if (roi.error) return <p className="error-text">{roi.error.message}</p>;
  if (!option) return <Loading />;
  return <EChart option={option} height={props.height} label={`Spend and revenue per media buy: ${rows!.length} media buys`} exportName={props.tile.title} />;
}
