import type { PivotFieldInfo, PivotFilter, PivotMeasure, PivotSpec } from '../../../src-main/contract/pivot';

/** The pivot question as Explore edits it: always complete (no defaults left to the core). */
export interface ExploreSpec {
  rows: string[];
  cols: string[];
  measures: PivotMeasure[];
  filters: PivotFilter[];
  topN?: number;
}

export type Shelf = 'rows' | 'cols' | 'filters';
export const SHELF_LIMITS = { rows: 4, cols: 2, filters: 50, measures: 8 } as const;
export const SHELF_LABELS: Record<Shelf, string> = { rows: 'Rows', cols: 'Columns', filters: 'Filters' };

export const INITIAL_SPEC: ExploreSpec = {
  rows: ['media_type'],
  cols: [],
  measures: [{ fn: 'entries' }, { fn: 'redemptions' }, { fn: 'revenue' }],
  filters: [],
};

/** What the core receives: the spec with totals on. */
export function toPivotSpec(s: ExploreSpec): PivotSpec {
  return {
    rows: s.rows,
    cols: s.cols,
    measures: s.measures,
    filters: s.filters,
    ...(s.topN ? { topN: s.topN } : {}),
    totals: true,
  } as PivotSpec;
}

/** A saved view's spec back into Explore's shape. */
export function fromPivotSpec(s: PivotSpec): ExploreSpec {
  return {
    rows: [...(s.rows ?? [])],
    cols: [...(s.cols ?? [])],
    measures: [...(s.measures ?? [{ fn: 'entries' }])],
    filters: [...(s.filters ?? [])],
    ...(s.topN ? { topN: s.topN } : {}),
  };
}

/** Whether a field may be a row or a column (numbers go to measures and range filters). */
export const groupable = (f: Pick<PivotFieldInfo, 'id' | 'kind'>) => f.kind === 'dimension';

/** Adds a field to rows or columns (moving it if it is on the other one), at an index or at the end. */
export function placeField(s: ExploreSpec, shelf: 'rows' | 'cols', field: string, at?: number): ExploreSpec {
  const other = shelf === 'rows' ? 'cols' : 'rows';
  const list = s[shelf].filter((f) => f !== field);
  const fromIndex = s[shelf].indexOf(field);
  let index = at ?? list.length;
  if (fromIndex >= 0 && at !== undefined && fromIndex < at) index -= 1;
  index = Math.max(0, Math.min(index, list.length));
  if (fromIndex < 0 && list.length >= SHELF_LIMITS[shelf]) return s;
  list.splice(index, 0, field);
  return { ...s, [shelf]: list, [other]: s[other].filter((f) => f !== field) };
}

export function removeField(s: ExploreSpec, shelf: 'rows' | 'cols', index: number): ExploreSpec {
  return { ...s, [shelf]: s[shelf].filter((_, i) => i !== index) };
}

/** Moves an item of a list by delta places (a keyboard reorder). */
export function moveItem<T>(list: T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  const [x] = next.splice(index, 1);
  next.splice(to, 0, x!);
  return next;
}

/** Cross-filtering: a value clicked in the table or a chart adds it to the field's `in` filter, or takes it out again. */
export function toggleInFilter(s: ExploreSpec, field: string, value: string | null): ExploreSpec {
  const i = s.filters.findIndex((f) => f.field === field && f.op === 'in');
  if (i < 0) return { ...s, filters: [...s.filters, { field, op: 'in', values: [value] }] as PivotFilter[] };
  const f = s.filters[i] as Extract<PivotFilter, { op: 'in' }>;
  const values = f.values.includes(value) ? f.values.filter((v) => v !== value) : [...f.values, value];
  const filters = [...s.filters];
  if (values.length) filters[i] = { ...f, values };
  else filters.splice(i, 1);
  return { ...s, filters };
}

/** Whether a value is in the field's `in` filter. */
export function inFilter(s: ExploreSpec, field: string, value: string | null): boolean {
  return s.filters.some((f) => f.field === field && f.op === 'in' && f.values.includes(value));
}

/**
 * A click on one chart mark (a bar is a row value and a column value): filters by all of its values; when
 * it is filtered by all of them already, the click takes them off again.
 */
export function toggleAllInFilter(s: ExploreSpec, pairs: { field: string; value: string | null }[]): ExploreSpec {
  const all = pairs.every((p) => inFilter(s, p.field, p.value));
  return pairs.reduce((acc, p) => (all || !inFilter(acc, p.field, p.value) ? toggleInFilter(acc, p.field, p.value) : acc), s);
}

/** Sets (or with null removes) the filter at an index; index -1 appends. */
export function setFilter(s: ExploreSpec, index: number, f: PivotFilter | null): ExploreSpec {
  const filters = [...s.filters];
  if (index < 0) {
    if (f) filters.push(f);
  } else if (f) filters[index] = f;
  else filters.splice(index, 1);
  return { ...s, filters };
}

/** A filter is worth sending once it can narrow anything. */
export function filterComplete(f: PivotFilter): boolean {
  if (f.op === 'in' || f.op === 'not_in') return f.values.length > 0;
  if (f.op === 'between') return (f.from !== null && f.from !== '') || (f.to !== null && f.to !== '');
  return true;
}

export const sameMeasure = (a: PivotMeasure, b: PivotMeasure) => a.fn === b.fn && a.field === b.field;

export function addMeasure(s: ExploreSpec, m: PivotMeasure): ExploreSpec {
  if (s.measures.some((x) => sameMeasure(x, m)) || s.measures.length >= SHELF_LIMITS.measures) return s;
  return { ...s, measures: [...s.measures, m] };
}

/** The measure a field becomes when dropped on Measures: numbers are summed, other fields counted distinct. */
export function defaultMeasureOf(f: PivotFieldInfo): PivotMeasure {
  return f.kind === 'number' ? { fn: 'sum', field: f.id } : { fn: 'distinct', field: f.id };
}

export const specKey = (s: ExploreSpec) => JSON.stringify(toPivotSpec(s));
