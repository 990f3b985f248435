import { useEffect, useMemo } from 'react';
import { Loading } from './Loading';
import { spendRevenueOption } from '../../../charts/roiBars';
import { enlargeText } from '../../../charts/enlarge';
import { CHART_THEMES } from '../../../charts/theme';
import { EChart } from '../../../components/EChart';
import { METRICS } from '../../../../src-main/contract/metrics';
import { fmtMetric } from '../../../lib/figures';
import { useQuery } from '../../../lib/query';
import { roiScopeOf } from '../scope';
import type { TileProps } from './types';
import type { RoiRow } from '../../../../src-main/contract/roi';
import { SlideTable } from '../SlideTable';
import type { SlideTableModel } from '../slideTable';

function useRoi({ filters }: TileProps) {
  return useQuery('roi.get', { ...roiScopeOf(filters), by: 'media_buy' });
}

/** The tile's figures, in order. */
const COLUMNS = ['spend', 'entries', 'cost_per_entry', 'redemptions', 'revenue', 'roas'] as const;

/** The same table for a slide and the PDF: every row whole, the total last. */
function roiSlideModel(rows: RoiRow[], total: RoiRow): SlideTableModel {
  return {
    labelHeads: ['Media buy'],
    colFields: [],
    columns: COLUMNS.map((id) => ({ path: [METRICS[id].short] })),
    rows: [...rows, total].map((r, i) => ({
      labels: [i === rows.length ? 'Total' : r.label],
      cells: COLUMNS.map((id) => fmtMetric(id, r[id])),
      kind: i === rows.length ? 'total' : 'detail',
      key: i === rows.length ? 'total' : (r.key ?? `none-${i}`),
    })),
  };
}

/** ROI by media buy as a table: the figures DOMAIN.md defines, most spend first, the total last. */
export function RoiTableTile(props: TileProps) {
  const roi = useRoi(props);
  const rows = useMemo(() => roi.data && [...roi.data.rows].sort((a, b) => b.spend - a.spend || b.entries - a.entries), [roi.data]);
  const model = useMemo(() => rows && roi.data && roiSlideModel(rows, roi.data.total), [rows, roi.data]);
  const { onTable, tile } = props;
  useEffect(() => {
    if (!model || !onTable) return;
    onTable(tile.tileId, model);
    return () => onTable(tile.tileId, null);
  }, [model, onTable, tile.tileId]);
  if (roi.error) return <p className="error-text">{roi.error.message}</p>;
  if (!roi.data || !rows || !model) return <Loading />;
  // On a slide: whole rows only, in as many parts as it takes; never a scrollbar.
  if (props.big) return <SlideTable model={model} part={props.part ?? 0} onParts={props.onParts} testId="dash-roi-table" />;
  return (
    <div className="dash-scroll" style={{ maxHeight: props.height }}>
      <table className="table dash-table" data-testid="dash-roi-table">
        <thead>
          <tr>
            <th>Media buy</th>
            {COLUMNS.map((id) => (
              <th key={id} className="num">
                {METRICS[id].short}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...rows, roi.data.total].map((r, i) => (
            <tr
              key={r.key ?? `none-${i}`}
              className={i === rows.length ? 'total' : undefined}
              data-key={i === rows.length ? 'total' : (r.key ?? '')}
            >
              <td>{i === rows.length ? 'Total' : r.label}</td>
              {COLUMNS.map((id) => (
                <td key={id} className="num">
                  {fmtMetric(id, r[id])}
                </td>
              ))}
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
  return (
    <EChart
      option={option}
      height={props.height}
      label={`Spend and revenue per media buy: ${rows!.length} media buys`}
      exportName={props.tile.title}
    />
  );
}
