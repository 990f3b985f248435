import { useEffect, useMemo } from 'react';
import { Loading } from './Loading';
import { enlargeText } from '../../../charts/enlarge';
import { pivotChartOption, type PivotChartType } from '../../../charts/pivotCharts';
import { CHART_THEMES } from '../../../charts/theme';
import { EChart } from '../../../components/EChart';
import { api } from '../../../api/client';
import { stableJson } from '../../../lib/queryCache';
import { useCustomQuery, useQuery } from '../../../lib/query';
import { chartData } from '../../explore/chartData';
import { fieldLabel, measureKind, measureLabel } from '../../../lib/measures';
import { modelFromTable, orderLines } from '../../../lib/pivotModel';
import { useBrushedPivot } from '../../../lib/brushedPivot';
import { PivotTable } from '../../explore/PivotTable';
import { FILTER_FIELDS } from '../../../lib/roiQuery';
import { pivotFiltersOf, toggleFilter, withoutDates } from '../scope';
import type { TileProps } from './types';
import { SlideTable } from '../SlideTable';
import { pivotSlideModel } from '../slideTable';

const none = () => undefined;

/** A saved Explore view, with the dashboard's filters added to its own, as a table or its chart. */
export function ViewTile({ tile, filters, theme, height, big, onFilters, link, part, onParts, onTable }: TileProps) {
  const views = useQuery('views.list', {});
  const fieldList = useQuery('pivot.fields', {});
  // undefined while the list loads; null when the view was deleted.
  const view = views.data && fieldList.data ? (views.data.find((v) => v.viewId === tile.viewId) ?? null) : undefined;
  const s = view?.spec;
  const input = s ? { ...s, filters: [...s.filters, ...pivotFiltersOf(filters)] } : null;
  // The model is cached with its own spec, so a previous answer shown while the next loads stays whole.
  const pivot = useCustomQuery(
    input && `pivot model ${stableJson(input)}`,
    () => api.table('pivot.run', input!).then((t) => modelFromTable(t, input!)),
    ['data'],
  );
  // While a range is dragged on the entries tile: the view over that range instead of the dashboard's dates.
  const unranged = useMemo(() => (s ? { ...s, filters: [...s.filters, ...pivotFiltersOf(withoutDates(filters))] } : null), [s, filters]);
  const brushed = useBrushedPivot(link ? unranged : null, link?.source);
  const shownAt = brushed.shown?.at;
  const onShown = link?.onShown;
  useEffect(() => {
    if (shownAt === undefined) return;
    const frame = requestAnimationFrame(() => onShown?.(tile.tileId, shownAt));
    return () => cancelAnimationFrame(frame);
  }, [shownAt, onShown, tile.tileId]);
  const model = brushed.shown?.model ?? pivot.data;
  const error = views.error ?? fieldList.error ?? pivot.error;

  const byId = useMemo(() => new Map((fieldList.data ?? []).map((f) => [f.id, f])), [fieldList.data]);
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
  const table = useMemo(() => (model && labels ? pivotSlideModel(model, lines, labels) : null), [model, lines, labels]);
  // The whole table goes into the PDF, not what the tile's scrolled box shows (a chart view prints its chart).
  useEffect(() => {
    if (!table || !onTable || (chart && chart !== 'table')) return;
    onTable(tile.tileId, table);
    return () => onTable(tile.tileId, null);
  }, [table, onTable, chart, tile.tileId]);
  const option = useMemo(() => {
    if (!model || !labels || !chart || chart === 'table') return null;
    const o = pivotChartOption(chart, chartData(model, lines, 0, labels.measures, labels.kinds), CHART_THEMES[theme]);
    return big ? enlargeText(o, 18) : o;
  }, [model, labels, lines, chart, theme, big]);

  if (error) return <p className="error-text">{error.message}</p>;
  if (view === null)
    return <p className="error-text">The saved view this tile shows was deleted: choose another in Edit, or remove the tile.</p>;
  if (!view || !model || !labels || !table) return <Loading />;
  if (option)
    return (
      <EChart option={option} height={height} label={`${view.name}: ${chart} chart of ${labels.measures[0]}`} exportName={tile.title} />
    );
  // On a slide: type that fits the screen, then parts (→), never a scrollbar or a column cut off.
  if (big) return <SlideTable model={table} part={part ?? 0} onParts={onParts} testId="slide-view-table" />;
  return (
    <div className="dash-scroll dash-pivot" style={{ maxHeight: height }}>
      <PivotTable
        model={model}
        lines={lines}
        rowLabels={labels.rows}
        colLabels={labels.cols}
        measureLabels={labels.measures}
        kinds={labels.kinds}
        sort={null}
        onSort={none}
        onFilter={(axis, i, value) => {
          // A channel, market or media type clicked filters the whole dashboard (others have no dashboard filter).
          const field = (axis === 'rows' ? view.spec.rows : view.spec.cols)[i];
          const f = FILTER_FIELDS.find((x) => x === field);
          if (f && value !== null && onFilters) onFilters(toggleFilter(filters, f, value));
        }}
        onDrill={none}
      />
    </div>
  );
}
