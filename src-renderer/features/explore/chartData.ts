import type { PivotChartData } from '../../charts/pivotCharts';
import { fmtMeasure, type MeasureKind } from '../../lib/measures';
import { keyText, type PivotLine, type PivotModel } from '../../lib/pivotModel';

/** Most categories a chart draws (the table has them all). */
export const CHART_MAX_CATEGORIES = 200;

/**
 * The chart view of a pivot: the detail lines as categories (in the table's order); with column
 * fields, one series per column value of the chosen measure; without, one series per measure.
 */
export function chartData(
  model: PivotModel,
  ordered: PivotLine[],
  measure: number,
  measureLabels: string[],
  kinds: MeasureKind[],
): PivotChartData {
  const details = ordered.filter((l) => l.level === model.rowCount).slice(0, CHART_MAX_CATEGORIES);
  const categories = details.map((l) =>
    model.rowCount ? l.path.map((k, i) => keyText(k, model.rowFields?.[i])).join(' · ') : 'All entries',
  );
  const paths = details.map((l) => l.path);
  const kind = kinds[measure]!;
  const series = model.colCount
    ? model.colKeys.map((k) => ({
        name: k.path.map((x, i) => keyText(x, model.colFields?.[i])).join(' · '),
        colPath: k.path,
        values: details.map((l) => l.cells.get(k.id)?.[measure] ?? null),
      }))
    : measureLabels
        .map((name, m) => ({ name, m }))
        // Without column fields, the measures of the chosen one's kind share its axis.
        .filter((x) => kinds[x.m] === kind)
        .map(({ name, m }) => ({ name, values: details.map((l) => l.cells.values().next().value?.[m] ?? null) }));
  return { categories, paths, series, format: (v) => fmtMeasure(kind, v), valueLabel: measureLabels[measure]! };
}
