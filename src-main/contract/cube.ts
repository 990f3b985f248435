import type { PivotMeasure } from './pivot';

/**
 * What the pivot cube (core/derived/pivot-table.ts) and a brush index (core/pivot/brush.ts) keep per
 * combination of fields: sums that add up across combinations (money in whole cents), and minima and
 * maxima, which are exact as minima of minima.
 */
export const CUBE_COLUMNS = ['n', 'rr_n', 'rr_revenue_cents', 'rr_discounts_cents', 'age_sum', 'age_cnt', 'age_min', 'age_max'] as const;
export type CubeColumn = (typeof CUBE_COLUMNS)[number];

/**
 * A measure read from those columns, the one definition both the core's SQL and the renderer's brush
 * (lib/brushIndex.ts) follow: the sum (min, max) of `of` over the combinations a line gathers; `zero`:
 * none counts 0 (a count), not empty; `per`: divided by 100 (cents to money) or by the sum of another
 * column (a rate or a mean: empty where that sum is 0).
 */
export interface CubeFormula {
  of: CubeColumn;
  agg: 'sum' | 'min' | 'max';
  zero?: true;
  per?: 100 | 'n' | 'age_cnt';
}

/** How the cube answers a measure exactly, or null when it cannot (people, medians, other fields). */
export function cubeFormula(m: PivotMeasure): CubeFormula | null {
  switch (m.fn) {
    case 'entries':
      return { of: 'n', agg: 'sum', zero: true };
    case 'redemptions':
      return { of: 'rr_n', agg: 'sum' };
    case 'revenue':
      return { of: 'rr_revenue_cents', agg: 'sum', per: 100 };
    case 'discounts':
      return { of: 'rr_discounts_cents', agg: 'sum', per: 100 };
    case 'redemption_rate':
      return { of: 'rr_n', agg: 'sum', per: 'n' };
    case 'sum':
      return m.field === 'age' ? { of: 'age_sum', agg: 'sum' } : null;
    case 'count':
      return m.field === 'age' ? { of: 'age_cnt', agg: 'sum', zero: true } : null;
    case 'avg':
      return m.field === 'age' ? { of: 'age_sum', agg: 'sum', per: 'age_cnt' } : null;
    case 'min':
      return m.field === 'age' ? { of: 'age_min', agg: 'min' } : null;
    case 'max':
      return m.field === 'age' ? { of: 'age_max', agg: 'max' } : null;
    default:
      return null;
  }
}
