import type { PivotFilter } from '../../../src-main/contract/pivot';
import { keyText, OTHER, type Key, type PivotLine, type PivotModel } from '../../lib/pivotModel';
import type { ExploreSpec } from './spec';

/**
 * A cell's drill filters: the pivot's filters plus an `in` filter per row and column value of the cell
 * (null for "(empty)"). "(other)" of a top-N pivot is every value not among the top ones.
 */
export function cellFilters(spec: ExploreSpec, model: PivotModel, line: PivotLine, colPath: Key[] | null): PivotFilter[] {
  const out: PivotFilter[] = [...spec.filters];
  line.path.forEach((v, i) => {
    if (i === 0 && v === OTHER && spec.topN) {
      const top = [...new Set(model.lines.filter((l) => l.level >= 1 && l.path[0] !== OTHER).map((l) => l.path[0]!))];
      out.push({ field: spec.rows[0]!, op: 'not_in', values: top });
    } else out.push({ field: spec.rows[i]!, op: 'in', values: [v] });
  });
  colPath?.forEach((v, j) => out.push({ field: spec.cols[j]!, op: 'in', values: [v] }));
  return out;
}

/** "Boston · sms · 2026-03" (or "All entries"), naming what a drill shows. */
export function cellTitle(line: PivotLine, colPath: Key[] | null, measureless = true, model?: PivotModel): string {
  const parts = [
    ...line.path.map((k, i) => keyText(k, model?.rowFields?.[i])),
    ...(colPath ?? []).map((k, j) => keyText(k, model?.colFields?.[j])),
  ];
  return parts.length ? parts.join(' · ') : measureless ? 'All entries' : '';
}
