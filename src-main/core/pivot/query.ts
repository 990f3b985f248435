import { MAX_PIVOT_LINES, type PivotFilter, type PivotMeasure, type PivotSpecParsed } from '../../contract/pivot';
import { cubeFormula, type CubeFormula } from '../../contract/cube';
import { METRICS } from '../../contract/metrics';
import { AceError } from '../lib/errors';
import { Params } from '../lib/params';
import { relationSql, resolveField, type ResolvedField } from './fields';

export const OTHER = '(other)';

/** The SQL of one filter over a resolved field; values are bound. */
function filterSql(f: PivotFilter, field: ResolvedField, p: Params): string {
  const dim = field.kind === 'dimension';
  const expr = dim ? `(${field.fmt(field.sql)})::VARCHAR` : field.sql;
  switch (f.op) {
    case 'empty':
      return `${field.sql} IS NULL`;
    case 'not_empty':
      return `${field.sql} IS NOT NULL`;
    case 'in':
    case 'not_in': {
      const vals = f.values.filter((v) => v !== null);
      const hasNull = vals.length < f.values.length;
      const cast = (v: string | number | boolean) => (dim ? p.add(String(v)) : `${p.add(typeof v === 'number' ? v : Number(v))}::DOUBLE`);
      // An empty list still names the field: its bound path (a custom attribute) must be used by the query.
      const inList = vals.length ? `${expr} IN (${vals.map(cast).join(', ')})` : `(${field.sql} IS NULL AND false)`;
      const any = hasNull ? `(${inList} OR ${field.sql} IS NULL)` : `coalesce(${inList}, false)`;
      return f.op === 'in' ? any : `NOT ${any}`;
    }
    case 'between': {
      const parts: string[] = [];
      if (field.time) {
        // Time dimensions range over the entry time itself: whole days, months from their first day.
        const day = (v: string | number, end: boolean) => {
          const s = String(v);
          if (!/^\d{4}-\d{2}(-\d{2})?$/.test(s)) throw new AceError('BAD_INPUT', `A date range needs dates as YYYY-MM-DD, got "${s}".`);
          const d = s.length === 7 ? `${s}-01` : s;
          return end ? `${p.add(d)}::DATE + ${s.length === 7 ? 'INTERVAL 1 MONTH' : 'INTERVAL 1 DAY'}` : `${p.add(d)}::DATE`;
        };
        if (f.from !== null) parts.push(`p.entered_at >= ${day(f.from, false)}`);
        if (f.to !== null) parts.push(`p.entered_at < ${day(f.to, true)}`);
      } else if (dim) {
        if (f.from !== null) parts.push(`${expr} >= ${p.add(String(f.from))}`);
        if (f.to !== null) parts.push(`${expr} <= ${p.add(String(f.to))}`);
      } else {
        const num = (v: string | number) => {
          const x = Number(v);
          if (!Number.isFinite(x)) throw new AceError('BAD_INPUT', `A range of ${field.label} needs numbers, got "${v}".`);
          return `${p.add(x)}::DOUBLE`;
        };
        if (f.from !== null) parts.push(`${expr} >= ${num(f.from)}`);
        if (f.to !== null) parts.push(`${expr} <= ${num(f.to)}`);
      }
      return parts.length ? parts.join(' AND ') : 'true';
    }
  }
}

export interface FilterSql {
  where: string;
}

export function filtersSql(filters: PivotFilter[], p: Params): FilterSql {
  const parts = filters.map((f) => {
    // A custom attribute is text, except in a range of numbers.
    const numericRange = f.op === 'between' && [f.from, f.to].some((v) => typeof v === 'number');
    const field = resolveField(f.field, p, numericRange ? 'number' : 'dimension');
    return `(${filterSql(f, field, p)})`;
  });
  return { where: parts.length ? parts.join(' AND ') : 'true' };
}

interface MeasureSql {
  /** The per-entry value the measure aggregates (null: counts rows). */
  input: string | null;
  /** The aggregate over that value, given its column name in base. */
  agg: (x: string) => string;
  rr: boolean;
  label: string;
}

export function measureSql(m: PivotMeasure, p: Params): MeasureSql {
  switch (m.fn) {
    case 'entries':
      return { input: null, agg: () => 'count(*)', rr: false, label: METRICS.entries.label };
    case 'unique_entrants':
      return { input: 'p.entrant', agg: (x) => `count(DISTINCT ${x})`, rr: false, label: METRICS.unique_entrants.label };
    case 'redemptions':
      return { input: 'coalesce(p.rr_n, 0)', agg: (x) => `sum(${x})`, rr: true, label: METRICS.redemptions.label };
    case 'revenue':
      return { input: 'coalesce(p.rr_revenue, 0)', agg: (x) => `sum(${x})`, rr: true, label: METRICS.revenue.label };
    case 'discounts':
      return { input: 'coalesce(p.rr_discounts, 0)', agg: (x) => `sum(${x})`, rr: true, label: METRICS.discounts.label };
    case 'redemption_rate':
      return {
        input: 'coalesce(p.rr_n, 0)',
        agg: (x) => `sum(${x})::DOUBLE / nullif(count(*), 0)`,
        rr: true,
        label: METRICS.redemption_rate.label,
      };
    default: {
      const numeric = m.fn !== 'count' && m.fn !== 'distinct';
      const f = resolveField(m.field!, p, numeric ? 'number' : 'dimension');
      if (numeric && f.kind !== 'number') throw new AceError('BAD_INPUT', `${m.fn} needs a number field; ${f.label} is not one.`);
      const agg = m.fn === 'distinct' ? (x: string) => `count(DISTINCT ${x})` : (x: string) => `${m.fn}(${x})`;
      return { input: f.sql, agg, rr: false, label: `${m.fn === 'distinct' ? 'distinct' : m.fn} of ${f.label}` };
    }
  }
}

export interface PivotQuery {
  sql: string;
  params: Params['values'];
  folded: boolean;
  /** Answered from the summary table. */
  cube: boolean;
  rowLabels: string[];
  colLabels: string[];
  measureLabels: string[];
}

/** Fields the summary table `pivot_cube` keeps (entries counted per combination of them). */
const CUBE_FIELDS = new Set([
  'channel',
  'media_buy',
  'media_type',
  'market',
  'state',
  'age_band',
  'product_affinity',
  'purchase_timeframe',
  'email_opt_in',
  'sms_opt_in',
  'entry_week',
  'entry_month',
  'redeemed',
]);

/** Fields the rolled-up cube `pivot_rollup` keeps (the campaign and time): a pivot over only these reads it. */
const ROLLUP_FIELDS = new Set(['channel', 'media_buy', 'media_type', 'market', 'entry_week', 'entry_month', 'redeemed']);

/** The smallest cube that holds every field of a pivot the cubes can answer. */
function cubeTable(spec: PivotSpecParsed): 'pivot_rollup' | 'pivot_cube' {
  const fields = [...spec.rows, ...spec.cols, ...spec.filters.map((f) => f.field)];
  return fields.every((f) => ROLLUP_FIELDS.has(f)) ? 'pivot_rollup' : 'pivot_cube';
}

/** A measure the cube can answer exactly (sums, counts, min and max add up across combinations), or null. */
export function cubeMeasure(m: PivotMeasure): MeasureSql | null {
  const f = cubeFormula(m);
  if (!f) return null;
  const label = m.field ? `${m.fn} of Age` : METRICS[m.fn as keyof typeof METRICS].label;
  return { input: `p.${f.of}`, agg: (x) => cubeAggregateSql(f, x), rr: false, label };
}

/** A cube formula over the column `x` of base (its denominators are base's ace_n and ace_age_cnt). */
function cubeAggregateSql(f: CubeFormula, x: string): string {
  const agg = `${f.agg}(${x})`;
  if (f.zero) return `coalesce(${agg}, 0)`;
  if (f.per === 100) return `${agg} / 100`;
  if (f.per) return `${agg}::DOUBLE / nullif(sum(${f.per === 'n' ? 'ace_n' : 'ace_age_cnt'}), 0)`;
  return agg;
}

/** True when the pivot only uses what the cube keeps: it is then answered from the cube. */
export function usesCube(spec: PivotSpecParsed): boolean {
  return (
    [...spec.rows, ...spec.cols].every((f) => CUBE_FIELDS.has(f)) &&
    spec.filters.every((f) => CUBE_FIELDS.has(f.field) && f.op !== 'between') &&
    spec.measures.every((m) => cubeMeasure(m) !== null)
  );
}

/** What a pivot's query is made of, whichever table answers it: its keys, their grouping sets and order. */
export interface PivotShape {
  rows: ResolvedField[];
  cols: ResolvedField[];
  /** The key columns of `base` (r0.., c0..), grouped as stored; with top N, r0 is text already. */
  dims: string[];
  /** Each key to its text, after aggregation. */
  fmtOf: ((x: string) => string)[];
  r: string[];
  c: string[];
  keys: string[];
  folding: boolean;
  /** GROUPING SETS: the detail, every row subtotal and the column totals. */
  sets: string[][];
  /** `level` and `col_total` from GROUPING(...) of the keys. */
  level: string;
  colTotal: string;
}

export function pivotShape(spec: PivotSpecParsed, p: Params): PivotShape {
  const rows = spec.rows.map((id) => resolveField(id, p));
  const cols = spec.cols.map((id) => resolveField(id, p));
  for (const f of [...rows, ...cols])
    if (f.kind !== 'dimension' && !f.id.startsWith('attr:'))
      throw new AceError('BAD_INPUT', `${f.label} is a number: use it in a measure or a range filter, not as a row or column.`);
  // Keys are grouped as stored (cheap) and made text after aggregation; with top N the first row key
  // is text from the start, so "(other)" can join it.
  const folding = !!spec.topN && rows.length > 0;
  const dims = [
    ...rows.map((f, i) => (i === 0 && folding ? `(${f.fmt(f.sql)})::VARCHAR AS r0` : `${f.sql} AS r${i}`)),
    ...cols.map((f, i) => `${f.sql} AS c${i}`),
  ];
  const fmtOf = [...rows.map((f, i) => (i === 0 && folding ? (x: string) => x : f.fmt)), ...cols.map((f) => f.fmt)];
  const r = rows.map((_, i) => `r${i}`);
  const c = cols.map((_, i) => `c${i}`);
  const sets: string[][] = [];
  const levels = spec.totals ? r.length : 0;
  for (let i = r.length; i >= r.length - levels; i--) {
    sets.push([...r.slice(0, i), ...c]);
    if (spec.totals && c.length) sets.push(r.slice(0, i));
  }
  return {
    rows,
    cols,
    dims,
    fmtOf,
    r,
    c,
    keys: [...r, ...c],
    folding,
    sets,
    level: r.length ? r.map((x) => `(1 - GROUPING(${x}))`).join(' + ') : '0',
    colTotal: c.length ? `GROUPING(${c[0]}) = 1` : 'false',
  };
}

/** With top N: the first row field keeps its top N values by `rank` (an aggregate over base); the rest fold into "(other)". */
export function foldCtes(topN: number, rank: string): string[] {
  return [
    `top AS (SELECT r0 FROM base GROUP BY r0 ORDER BY ${rank} DESC NULLS LAST, r0 NULLS LAST LIMIT ${Number(topN)})`,
    `folded AS (SELECT * REPLACE (CASE WHEN r0 IN (SELECT r0 FROM top WHERE r0 IS NOT NULL) OR (r0 IS NULL AND EXISTS (SELECT 1 FROM top WHERE r0 IS NULL)) THEN r0 ELSE '${OTHER}' END AS r0) FROM base)`,
  ];
}

/** The order of a pivot's lines: "(other)" comes after the top N values it gathers. */
export function pivotOrder(shape: PivotShape): string {
  const order = shape.keys.map((k) =>
    k === 'r0' && shape.folding ? `g_r0, coalesce(k_r0 = '${OTHER}', false), k_r0 NULLS LAST` : `g_${k}, k_${k} NULLS LAST`,
  );
  return order.length ? `ORDER BY ${order.join(', ')}` : '';
}

/** The keys as text (r0.., c0..) from the grouped k_ columns. */
export const keyColumns = (shape: PivotShape) => shape.keys.map((k, i) => `(${shape.fmtOf[i]!(`k_${k}`)})::VARCHAR AS ${k}`);

/**
 * One query for the whole pivot: rows and column fields as text (r0.., c0..), GROUPING SETS for the
 * subtotal of every row level and the column totals, the measures as DOUBLE (m0..), `level` and
 * `col_total` to tell totals from values (a NULL value is "(empty)", never a total).
 */
export function pivotQuery(spec: PivotSpecParsed, opts: { cube?: boolean; summary?: string } = {}): PivotQuery {
  const p = new Params();
  const shape = pivotShape(spec, p);
  const { keys, sets } = shape;
  // `summary`: a table with the cube's columns that the caller knows holds this pivot's fields (a brush index).
  const cube = !!opts.summary || ((opts.cube ?? true) && usesCube(spec));
  const measures = spec.measures.map((m) => (cube ? cubeMeasure(m)! : measureSql(m, p)));
  const filters = filtersSql(spec.filters, p);

  const inputs = measures.map((m, i) => (m.input ? `${m.input} AS mi${i}` : null)).filter(Boolean) as string[];
  const extra = cube ? ['p.n AS ace_n', 'p.age_cnt AS ace_age_cnt'] : ['true AS ace_one'];
  const base = `base AS (SELECT ${[...shape.dims, ...inputs, ...extra].join(', ')} FROM ${cube ? `${opts.summary ?? cubeTable(spec)} p` : relationSql()} WHERE ${filters.where})`;
  const aggOf = (i: number) => measures[i]!.agg(`mi${i}`);
  const ctes = [base, ...(shape.folding ? foldCtes(spec.topN!, aggOf(0)) : [])];
  const grouping = sets.map((s) => `(${s.join(', ')})`).join(', ');
  const inner = [
    ...keys.map((k) => `${k} AS k_${k}, GROUPING(${k}) AS g_${k}`),
    `(${shape.level})::INTEGER AS level`,
    `${shape.colTotal} AS col_total`,
    ...measures.map((_, i) => `(${aggOf(i)})::DOUBLE AS m${i}`),
  ];
  const outer = [...keyColumns(shape), 'level', 'col_total', ...measures.map((_, i) => `m${i}`)];
  const sql = `WITH ${ctes.join(',\n')}
    SELECT ${outer.join(', ')} FROM (
      SELECT ${inner.join(', ')} FROM ${shape.folding ? 'folded' : 'base'}
      ${sets.length && keys.length ? `GROUP BY GROUPING SETS (${grouping})` : ''}
    )
    ${pivotOrder(shape)}
    LIMIT ${MAX_PIVOT_LINES + 1}`;
  return {
    sql,
    params: p.values,
    folded: shape.folding,
    cube,
    rowLabels: shape.rows.map((f) => f.label),
    colLabels: shape.cols.map((f) => f.label),
    measureLabels: measures.map((m) => m.label),
  };
}
