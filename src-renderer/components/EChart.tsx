import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  BrushComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { downloadChartPng, downloadChartSvg } from '../charts/exportChart';

echarts.use([
  LineChart,
  BarChart,
  ScatterChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomComponent,
  MarkLineComponent,
  VisualMapComponent,
  BrushComponent,
  CanvasRenderer,
]);

/** The first chart painted since the page loaded: a performance mark that bench/ui.ts reads (start-up time). */
const FIRST_CHART = 'ace:first-chart';
const markFirstChart = () => {
  if (!performance.getEntriesByName(FIRST_CHART).length) performance.mark(FIRST_CHART);
};

/** ECharts events a chart can listen to (click on a bar, a legend entry ...), by event name. */
export type EChartEvents = Record<string, (params: unknown, chart: echarts.ECharts) => void>;

/**
 * An ECharts instance bound to a div: options in, resize handled, optional event handlers, and PNG and
 * SVG downloads of what it shows (named after `exportName`, or the label). `exports={false}` hides them.
 */
export function EChart({
  option,
  height = 320,
  label,
  onEvents,
  exportName,
  exports = true,
  onReady,
}: {
  option: echarts.EChartsCoreOption;
  height?: number;
  label: string;
  onEvents?: EChartEvents;
  exportName?: string;
  exports?: boolean;
  /** Called after each new option is set (e.g. to arm a brush, which setOption resets). */
  onReady?: (chart: echarts.ECharts) => void;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const instance = echarts.init(el.current);
    chart.current = instance;
    const ro = new ResizeObserver(() => instance.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.setOption(option, { notMerge: true });
    onReady?.(c);
    c.on('rendered', markFirstChart);
    return () => {
      if (!c.isDisposed()) c.off('rendered', markFirstChart);
    };
  }, [option, onReady]);

  useEffect(() => {
    const c = chart.current;
    if (!c || !onEvents) return;
    const bound = Object.entries(onEvents).map(([name, fn]) => [name, (p: unknown) => fn(p, c)] as const);
    for (const [name, fn] of bound) c.on(name, fn);
    return () => {
      for (const [name, fn] of bound) c.off(name, fn);
    };
  }, [onEvents]);

  const name = exportName ?? label.split(/[:.]/)[0]!;
  return (
    <div className="echart-wrap">
      <div ref={el} className="echart" style={{ height }} role="img" aria-label={label} data-testid="echart" />
      {exports && (
        <div className="chart-exports" role="group" aria-label={`Download ${name}`}>
          <button
            type="button"
            className="ghost small"
            title="Download this chart as a PNG image"
            onClick={() => chart.current && downloadChartPng(chart.current, el.current, name)}
          >
            PNG
          </button>
          <button
            type="button"
            className="ghost small"
            title="Download this chart as an SVG (vector) image"
            onClick={() => chart.current && downloadChartSvg(chart.current, el.current, name)}
          >
            SVG
          </button>
        </div>
      )}
    </div>
  );
}
