import { useEffect, useMemo, useState } from 'react';
import { Loading } from './Loading';
import type { PivotFieldInfo, SavedView } from '../../../../src-main/contract/pivot';
import { api } from '../../../api/client';
import { enlargeText } from '../../../charts/enlarge';
import { pivotChartOption, type PivotChartType } from '../../../charts/pivotCharts';
import { CHART_THEMES } from '../../../charts/theme';
import { EChart } from '../../../components/EChart';
import { chartData } from '../../explore/chartData';
import { fieldLabel, measureKind, measureLabel } from '../../explore/measures';
import { modelFromTable, orderLines, type PivotModel } from '../../explore/pivotModel';
import { PivotTable } from '../../explore/PivotTable';
import { pivotFiltersOf } from '../scope';
import type { TileProps } from './types';

const none = () => undefined;

/** A saved Explore view, with the dashboard's filters added to its own, as a table or its chart. */
export function ViewTile({ tile, filters, version, theme, height, big }: TileProps) {
  const [view, setView] = useState<SavedView | null | undefined>(undefined);
  const [fields, setFields] = useState<PivotFieldInfo[]>([]);
  const [model, setModel] = useState<PivotModel | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const extra = JSON.stringify(pivotFiltersOf(filters));

  useEffect(() => {
    Promise.all([api.call('views.list'), api.call('pivot.fields')])
      .then(([views, f]) => {
        setView(views.find((v) => v.viewId === tile.viewId) ?? null);
        setFields(f);
      })
      .catch(setError);
  }, [tile.viewId, version]);

  useEffect(() => {
    if (!view) return;
    let live = true;
    const s = view.spec;
    api
      .table('pivot.run', { ...s, filters: [...s.filters, ...(JSON.parse(extra) as typeof s.filters)] })
      .then((t) => live && setModel(modelFromTable(t, s.rows.length, s.cols.length, s.measures.length)))
      .catch((e: Error) => live && setError(e));
    return () => {
      live = false;
    };
  }, [view, extra, version]);

  const byId = useMemo(() => new Map(fields.map((f) => [f.id, f])), [fields]);
  const labels = useMemo(
    () =>
      view && {
        rows: view.spec.rows.map((r) => fieldLabel(r, byId)),
        cols: view.spec.cols.map((c) => fieldLabel(c, byId)),
        measures: view.spec.measures.map((m) => measureLabel(m, byId)),
        kinds: view.spec.measures.map(measureKind),
      },
    [view, byId],
  );
  const lines = useMemo(() => (model ? orderLines(model, null) : []), [model]);
  const chart = view?.chart as PivotChartType | undefined;
  const option = useMemo(() => {
    if (!model || !labels || !chart || chart === 'table') return null;
    const o = pivotChartOption(chart, chartData(model, lines, 0, labels.measures, labels.kinds), CHART_THEMES[theme]);
    return big ? enlargeText(o, 18) : o;
  }, [model, labels, lines, chart, theme, big]);

  if (error) return <p className="error-text">{error.message}</p>;
  if (view === null) return <p className="error-text">The saved view this tile shows was deleted: choose another in Edit, or remove the tile.</p>;
  if (!view || !model || !labels) return <Loading />;
  if (option) return <EChart option={option} height={height} label={`${view.name}: ${chart} chart of ${labels.measures[0]}`} exportName={tile.title} />;
  return (
    <div className="dash-scroll dash-pivot" style={{ maxHeight: height }}>
      <PivotTable model={model} lines={lines} rowLabels={labels.rows} colLabels={labels.cols} measureLabels={labels.measures} kinds={labels.kinds} sort={null} onSort={none} onFilter={none} onDrill={none} />
    </div>
  );
}
