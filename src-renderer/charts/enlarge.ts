import type { EChartsCoreOption } from 'echarts/core';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const each = (v: unknown, fn: (o: Obj) => void) => (Array.isArray(v) ? v.forEach((x) => isObj(x) && fn(x)) : isObj(v) && fn(v));
/** A deep copy of plain objects and arrays; functions (formatters) and other values are kept as they are. */
const copy = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(copy)
    : isObj(v) && Object.getPrototypeOf(v) === Object.prototype
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)]))
      : v;
const sized = (o: Obj, key: string, size: number) => {
  o[key] = { ...(isObj(o[key]) ? o[key] : {}), fontSize: size };
};

/**
 * The same chart in larger type, for presentation mode: axis labels and names, legend, labels on
 * series and the visual map's text set to `size` px (ECharts' own defaults are 12 px). Pure.
 */
export function enlargeText(option: EChartsCoreOption, size: number): EChartsCoreOption {
  const o = copy(option) as Obj;
  sized(o, 'textStyle', size);
  for (const axis of ['xAxis', 'yAxis']) {
    each(o[axis], (a) => {
      sized(a, 'axisLabel', size);
      sized(a, 'nameTextStyle', size);
    });
  }
  each(o.legend, (l) => {
    sized(l, 'textStyle', size);
    l.itemWidth = Math.round(size * 1.4);
    l.itemHeight = Math.round(size * 0.9);
  });
  each(o.visualMap, (v) => sized(v, 'textStyle', size));
  each(o.series, (s) => {
    if (isObj(s.label)) sized(s, 'label', size);
  });
  each(o.grid, (g) => {
    // Room for the larger labels.
    for (const side of ['left', 'bottom'] as const)
      if (typeof g[side] === 'number') g[side] = Math.round((g[side] as number) * (size / 12));
    if (typeof g.top === 'number') g.top = Math.max(g.top as number, size * 2.5);
  });
  return o as EChartsCoreOption;
}
