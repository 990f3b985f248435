import { useMemo } from 'react';
import { pivotChartHeight, pivotChartOption, type PivotChartType } from '../../charts/pivotCharts';
import { CHART_THEMES } from '../../charts/theme';
import { EChart, type EChartEvents } from '../../components/EChart';
import { chartData } from './chartData';
import type { MeasureKind } from '../../lib/measures';
import type { Key, PivotLine, PivotModel } from '../../lib/pivotModel';

/**
 * A chart of the pivot on screen (no query of its own, so switching type is instant). A click on a bar,
 * point or heatmap cell filters by what that one mark is (its row values and its column's), as hovering
 * it highlights; a click on a legend entry by its column value.
 */
export function PivotChart({
  type,
  model,
  lines,
  measure,
  measureLabels,
  kinds,
  theme,
  onFilterCell,
  onFilterCol,
}: {
  type: Exclude<PivotChartType, 'table'>;
  model: PivotModel;
  lines: PivotLine[];
  measure: number;
  measureLabels: string[];
  kinds: MeasureKind[];
  theme: 'light' | 'dark';
  /** A mark: its row values and, with columns, its column's values (the one mark it highlights). */
  onFilterCell: (rowPath: Key[], colPath: Key[] | undefined) => void;
  onFilterCol: (path: Key[]) => void;
}) {
  const data = useMemo(() => chartData(model, lines, measure, measureLabels, kinds), [model, lines, measure, measureLabels, kinds]);
  const option = useMemo(() => pivotChartOption(type, data, CHART_THEMES[theme]), [type, data, theme]);
  const events = useMemo<EChartEvents>(
    () => ({
      click: (p) => {
        const e = p as { componentType: string; dataIndex: number; seriesIndex: number; value: unknown };
        if (e.componentType !== 'series') return;
        const index = type === 'heatmap' ? (e.value as [number, number])[1] : e.dataIndex;
        const series = type === 'heatmap' ? (e.value as [number, number])[0] : e.seriesIndex;
        const path = data.paths[index] ?? [];
        const colPath = data.series[series]?.colPath;
        if (path.length || colPath?.length) onFilterCell(path, colPath);
      },
      legendselectchanged: (p, chart) => {
        const e = p as { name: string };
        // The legend filters instead of hiding the series.
        chart.dispatchAction({ type: 'legendSelect', name: e.name });
        const s = data.series.find((x) => x.name === e.name);
        if (s?.colPath) onFilterCol(s.colPath);
      },
    }),
    [type, data, onFilterCell, onFilterCol],
  );
  if (!data.categories.length) return <p className="muted">Nothing to chart: the pivot has no lines.</p>;
  return (
    <EChart
      option={option}
      height={pivotChartHeight(type, data)}
      label={`${type} chart of ${data.valueLabel} by ${data.categories.length} rows`}
      onEvents={events}
    />
  );
}
