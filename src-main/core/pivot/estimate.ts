import { MAX_PIVOT_LINES, type PivotMeasure, type PivotSpecParsed } from '../../contract/pivot';
import { SAMPLE_RATE, SAMPLE_TABLE } from '../derived/pivot-table';
import { Params } from '../lib/params';
import { filtersSql, foldCtes, keyColumns, measureSql, pivotOrder, pivotShape, usesCube } from './query';

/**
 * Estimates of a pivot from the sample table: every entry of 1 in R = SAMPLE_RATE entrants (picked by
 * a hash of the entrant, so a person is in or out with all their entries). People are the sampled
 * units (each in with probability 1/R, independently), so the bounds count people, not entries:
 *
 * - totals (entries, unique entrants, sums, counts): Ŷ = R·Σy over sampled people, where y is a person's
 *   contribution to the cell (1 for unique entrants); Var(Ŷ) = R·(R−1)·Σy², or from replicate groups
 *   (see Units); the bound is Ŷ ± z·√Var.
 * - ratios (redemption rate, averages): r̂ = Σy/Σx, with the linearised variance of Σ(y − r̂x) over (Σx)².
 * - median: the sampled values' median, bounded by the values at ranks n·(½ ∓ 0.98/√k), where n counts
 *   sampled values and k the people they come from.
 *
 * A figure needs MIN_PEOPLE units that contribute to it (people, or replicate groups; for revenue,
 * ones who redeemed): with fewer it has no estimate (NULL figure and bounds: the screen shows it as
 * pending) and a cell with no sampled entrant at all is missing. Measured coverage of the 95% bounds:
 * 94-98% for counts, entrants, medians and rates; lower (about 86% at 1M entries) for money sums by
 * keyword, where a few people with many entries carry much of the revenue. Minimum, maximum and
 * distinct counts of a field have no such bound: pivots using them have no estimate and are answered
 * exactly (see estimable).
 */
type Kind = { kind: 'total'; y: string; nonNegative: boolean } | { kind: 'ratio'; y: string; x: string } | { kind: 'median' };

function estimateKind(m: PivotMeasure): Kind | null {
  switch (m.fn) {
    case 'entries':
      return { kind: 'total', y: 'count(*)', nonNegative: true };
    case 'unique_entrants':
      return { kind: 'total', y: '1', nonNegative: true };
    case 'redemptions':
    case 'revenue':
    case 'discounts':
      return { kind: 'total', y: 'sum(mi)', nonNegative: true };
    case 'redemption_rate':
      return { kind: 'ratio', y: 'sum(mi)', x: 'count(*)' };
    case 'count':
      return { kind: 'total', y: 'count(mi)', nonNegative: true };
    case 'sum':
      // Built-in numbers (age, redemptions, money, days) are never negative; a custom attribute may be.
      return { kind: 'total', y: 'sum(mi)', nonNegative: !m.field!.startsWith('attr:') };
    case 'avg':
      return { kind: 'ratio', y: 'sum(mi)', x: 'count(mi)' };
    case 'median':
      return { kind: 'median' };
    default:
      return null;
  }
}

/** True when the pivot is answered from the cube (exact and fast) or a measure has no estimate. */
export function estimable(spec: PivotSpecParsed): boolean {
  return !usesCube(spec) && spec.measures.every((m) => estimateKind(m) !== null);
}

const R = SAMPLE_RATE;
/** Replicate groups of sampled people (see below), and Student's t for 95% with G − 1 degrees of freedom. */
const G = 32;
const T_G = 2.04;
/** Fewer sampled entrants (or replicate groups) than this in a cell, and its bounds would be too narrow to trust. */
export const MIN_PEOPLE = 10;

/**
 * The units whose spread gives the bounds. Unique entrants need each person's contribution to each
 * cell (grouping by person: the slower path). Without them, sampled people are dealt into G replicate
 * groups by another part of their hash ("random groups"): the spread of the G groups' sums gives the
 * variance, Var(Ŷ) = R²·G/(G−1)·Σ(S_g − S̄)², grouping by G instead of by every person (3-5x faster).
 */
interface Units {
  col: string;
  /** Variance of a total from Σy (sy) and Σy² (syy) over units. */
  totalVar: (sy: string, syy: string) => string;
  /** The factor of Σ(y − r̂x)² / (Σx)² in a ratio's variance. */
  ratioFactor: number;
  z: number;
}
const PEOPLE: Units = { col: 'ace_person', totalVar: (_sy, syy) => `${R * (R - 1)} * ${syy}`, ratioFactor: (R - 1) / R, z: 1.96 };
const GROUPS: Units = {
  col: 'ace_rep',
  totalVar: (sy, syy) => `${(R * R * G) / (G - 1)} * greatest(${syy} - ${sy} * ${sy} / ${G}, 0)`,
  ratioFactor: G / (G - 1),
  z: T_G,
};

/**
 * The estimate of a pivot, in the exact pivot's columns (r0.., c0.., level, col_total, m0..) plus
 * lo0.., hi0.. (each measure's 95% bound), or null when it has none (see estimable).
 */
export function pivotEstimateQuery(spec: PivotSpecParsed): { sql: string; params: Params['values'] } | null {
  if (!estimable(spec)) return null;
  const p = new Params();
  const shape = pivotShape(spec, p);
  const exact = spec.measures.map((m) => measureSql(m, p));
  const kinds = spec.measures.map((m) => estimateKind(m)!);
  const filters = filtersSql(spec.filters, p);
  const inputs = exact.map((m, i) => (m.input ? `${m.input} AS mi${i}` : null)).filter(Boolean) as string[];
  const u = spec.measures.some((m) => m.fn === 'unique_entrants') ? PEOPLE : GROUPS;
  // The replicate group from bits of the hash the sample does not use (it keeps hash % SAMPLE_RATE = 0).
  const rep = `(hash(p.entrant) >> 20) % ${G} AS ace_rep`;
  const base = `base AS (SELECT ${[...shape.dims, ...inputs, 'p.entrant AS ace_person', rep].join(', ')} FROM ${SAMPLE_TABLE} p WHERE ${filters.where})`;
  // Top N ranks by the first measure over the sample (proportional to its estimate, or equal for ratios and medians).
  const ctes = [base, ...(shape.folding ? foldCtes(spec.topN!, exact[0]!.agg('mi0')) : [])];

  // A median's bound counts people, not entries (a person's entries move together): without grouping by
  // person, the sample's entries per person (over the whole filtered sample) scale the entries down.
  if (u === GROUPS && kinds.some((k) => k.kind === 'median'))
    ctes.push(`deff AS (SELECT count(*)::DOUBLE / greatest(count(DISTINCT ace_person), 1) AS d FROM base)`);

  // Per unit and cell: the unit's contribution (y, x) or its values (for the median).
  const mi = (i: number, e: string) => e.replace(/\bmi\b/g, `mi${i}`);
  const perPerson = kinds.flatMap((k, i) =>
    k.kind === 'median'
      ? [`list(mi${i}) FILTER (WHERE mi${i} IS NOT NULL) AS v${i}`]
      : k.kind === 'ratio'
        ? [`(${mi(i, k.y)})::DOUBLE AS y${i}`, `(${mi(i, k.x)})::DOUBLE AS x${i}`]
        : [`(${mi(i, k.y)})::DOUBLE AS y${i}`],
  );
  const { keys } = shape;
  const sets = keys.length ? shape.sets.map((s) => `(${[...s, u.col].join(', ')})`).join(', ') : `(${u.col})`;
  ctes.push(`per AS (SELECT ${[...keys.map((k) => `${k}, GROUPING(${k}) AS g_${k}`), ...perPerson].join(', ')}
    FROM ${shape.folding ? 'folded' : 'base'} GROUP BY GROUPING SETS (${sets}))`);

  // Per cell: the sums the estimates need.
  const sums = kinds.flatMap((k, i) =>
    k.kind === 'median'
      ? [`list_sort(flatten(list(v${i}))) AS v${i}`, `count(v${i}) AS k${i}`, `count(v${i}) AS nz${i}`]
      : k.kind === 'ratio'
        ? [
            `sum(y${i}) AS sy${i}`,
            `sum(x${i}) AS sx${i}`,
            `sum(y${i} * y${i}) AS syy${i}`,
            `sum(x${i} * y${i}) AS sxy${i}`,
            `sum(x${i} * x${i}) AS sxx${i}`,
            `count(*) FILTER (WHERE x${i} <> 0) AS nz${i}`,
          ]
        : [`sum(y${i}) AS sy${i}`, `sum(y${i} * y${i}) AS syy${i}`, `count(*) FILTER (WHERE y${i} <> 0) AS nz${i}`],
  );
  const level = shape.r.length ? shape.r.map((x) => `(1 - g_${x})`).join(' + ') : '0';
  const cell = [
    ...keys.map((k) => `${k} AS k_${k}, g_${k}`),
    `(${level})::INTEGER AS level`,
    `${shape.c.length ? `g_${shape.c[0]} = 1` : 'false'} AS col_total`,
    ...sums,
  ];
  ctes.push(
    `cell AS (SELECT ${cell.join(', ')} FROM per ${keys.length ? `GROUP BY ${keys.flatMap((k) => [k, `g_${k}`]).join(', ')}` : ''})`,
  );

  // The estimates and their bounds.
  const est = kinds.flatMap((k, i) => {
    if (k.kind === 'total') {
      const half = `${u.z} * sqrt(${u.totalVar(`sy${i}`, `syy${i}`)})`;
      const lo = k.nonNegative ? `greatest(${R} * sy${i} - ${half}, 0)` : `${R} * sy${i} - ${half}`;
      return [`(${R} * sy${i})::DOUBLE AS m${i}`, `(${lo})::DOUBLE AS lo${i}`, `(${R} * sy${i} + ${half})::DOUBLE AS hi${i}`];
    }
    if (k.kind === 'ratio') {
      const ratio = `(sy${i} / nullif(sx${i}, 0))`;
      const half = `(${u.z} * sqrt(${u.ratioFactor} * greatest(syy${i} - 2 * ${ratio} * sxy${i} + ${ratio} * ${ratio} * sxx${i}, 0)) / nullif(sx${i}, 0))`;
      return [`${ratio}::DOUBLE AS m${i}`, `(${ratio} - ${half})::DOUBLE AS lo${i}`, `(${ratio} + ${half})::DOUBLE AS hi${i}`];
    }
    const n = `len(v${i})`;
    const people = u === PEOPLE ? `k${i}` : `${n} / (SELECT d FROM deff)`;
    const rank = (sign: string) => `(${n} * (0.5 ${sign} 0.98 / sqrt(greatest(${people}, 1))))`;
    return [
      `CASE WHEN ${n} > 0 THEN list_aggregate(v${i}, 'median') END::DOUBLE AS m${i}`,
      `v${i}[greatest(floor(${rank('-')}), 1)::BIGINT]::DOUBLE AS lo${i}`,
      `v${i}[least(ceil(${rank('+')}) + 1, ${n})::BIGINT]::DOUBLE AS hi${i}`,
    ];
  });
  // Each measure needs units enough that contribute to it (revenue: sampled people or groups who redeemed).
  const trusted = est.map((e) => e.replace(/^(.*) AS ([a-z]+)(\d+)$/s, `CASE WHEN nz$3 >= ${MIN_PEOPLE} THEN $1 END AS $2$3`));
  const ms = kinds.map((_, i) => `m${i}`);
  const bounds = kinds.flatMap((_, i) => [`lo${i}`, `hi${i}`]);
  const sql = `WITH ${ctes.join(',\n')}
    SELECT ${[...keyColumns(shape), 'level', 'col_total', ...ms, ...bounds].join(', ')} FROM (
      SELECT ${keys.map((k) => `k_${k}, g_${k}`).join(', ')}${keys.length ? ',' : ''} level, col_total, ${trusted.join(', ')} FROM cell
    )
    ${pivotOrder(shape)}
    LIMIT ${MAX_PIVOT_LINES + 1}`;
  return { sql, params: p.values };
}
