import { useMemo } from 'react';
import { pivotChartHeight, pivotChartOption, type PivotChartType } from '../../charts/pivotCharts';
import { CHART_THEMES } from '../../charts/theme';
import { EChart, type EChartEvents } from '../../components/EChart';
import { chartData } from './chartData';
import type { MeasureKind } from '../../lib/measures';
import type { Key, PivotLine, PivotModel } from '../../lib/pivotModel';

/**
 * A chart of the pivot on screen (no query of its own, so switching type is instant). A click on a bar,
 * point or heatmap cell filters by its row values; a click on a legend entry by its column value.
 */
export function PivotChart({
  type,
  model,
  lines,
  measure,
  measureLabels,
  kinds,
  theme,
  onFilterRow,
  onFilterCol,
}: {
  type: Exclude<PivotChartType, 'table'>;
  model: PivotModel;
  lines: PivotLine[];
  measure: number;
  measureLabels: string[];
  kinds: MeasureKind[];
  theme: 'light' | 'dark';
  onFilterRow: (path: Key[]) => void;
  onFilterCol: (path: Key[]) => void;
}) {
  const data = useMemo(() => chartData(model, lines, measure, measureLabels, kinds), [model, lines, measure, measureLabels, kinds]);
  const option = useMemo(() => pivotChartOption(type, data, CHART_THEMES[theme]), [type, data, theme]);
  const events = useMemo<EChartEvents>(
    () => ({
      click: (p) => {
        const e = p as { componentType: string; dataIndex: number; value: unknown };
        if (e.componentType !== 'series') return;
        const index = type === 'heatmap' ? (e.value as [number, number])[1] : e.dataIndex;
        const path = data.paths[index];
        if (path?.length) onFilterRow(path);
      },
      legendselectchanged: (p, chart) => {
        const e = p as { name: string };
        // The legend filters instead of hiding the series.
        chart.dispatchAction({ type: 'legendSelect', name: e.name });
        const s = data.series.find((x) => x.name === e.name);
        if (s?.colPath) onFilterCol(s.colPath);
      },
    }),
    [type, data, onFilterRow, onFilterCol],
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
