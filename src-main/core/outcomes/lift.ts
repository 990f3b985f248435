/**
 * Holdout and lift: what a push did, judged against the share of eligible people who were held out and sent nothing.
 *
 * Two outcomes per person over the same window, compared between the sent and the held-out group:
 * - converted: redeemed a coupon at least once (a proportion). Difference of proportions with Newcombe's hybrid
 *   score interval (method 10 of Newcombe 1998, built from the two Wilson score intervals); p-value from the
 *   pooled two-proportion z-test.
 * - revenue per person, zeros included (a mean). Difference of means with Welch's t interval and test (unequal
 *   variances, Welch–Satterthwaite degrees of freedom), from the sums and sums of squares alone.
 *
 * The counts are all that is needed, so the database query stays a GROUP BY. docs/lift-method.md explains the
 * choices for analysts and reviewers.
 */
import type { Interval } from '../../contract/outcomes';
import { normalQuantile, normalTwoSided, tQuantile, tTwoSided } from './dist';

/** One group's totals over the window. */
export interface GroupOutcome {
  /** People in the group (sent, or held out). */
  people: number;
  /** People who redeemed at least once. */
  converted: number;
  /** Sum over people of their revenue in the window. */
  revenue: number;
  /** Sum over people of the square of their revenue (for the variance without the rows). */
  revenueSq: number;
}

export type { Interval } from '../../contract/outcomes';

export interface GroupSummary {
  people: number;
  /** converted / people; null for an empty group. */
  rate: number | null;
  /** revenue / people; null for an empty group. */
  revenuePerPerson: number | null;
}

export interface LiftResult {
  sent: GroupSummary;
  heldOut: GroupSummary;
  /** Sent rate minus held-out rate (Newcombe hybrid score interval). */
  rateDiff: Interval | null;
  /** Sent revenue per person minus held-out revenue per person (Welch t interval). */
  revenueDiff: Interval | null;
  /** rateDiff × sent people: people who redeemed because of the push. */
  incrementalRedemptions: Interval | null;
  /** revenueDiff × sent people: revenue the push brought in. */
  incrementalRevenue: Interval | null;
  /** The interval excludes 0. */
  significant: { rate: boolean; revenue: boolean };
  /** Two-sided: pooled z-test for the rates, Welch's t-test for revenue. */
  pValue: { rate: number | null; revenue: number | null };
  /** Why the figures should be read with care (or are missing); null when there is nothing to say. */
  note: string | null;
}

/** Below these, the large-sample approximations behind both intervals are not to be trusted. */
export const MIN_PEOPLE = 30;
export const MIN_EVENTS = 5;

function check(name: string, g: GroupOutcome): void {
  const ok =
    Number.isInteger(g.people) &&
    g.people >= 0 &&
    Number.isInteger(g.converted) &&
    g.converted >= 0 &&
    g.converted <= g.people &&
    Number.isFinite(g.revenue) &&
    Number.isFinite(g.revenueSq) &&
    g.revenueSq >= 0;
  if (!ok) throw new RangeError(`lift: ${name} is not a valid group outcome: ${JSON.stringify(g)}`);
}

function summary(g: GroupOutcome): GroupSummary {
  return g.people === 0
    ? { people: 0, rate: null, revenuePerPerson: null }
    : { people: g.people, rate: g.converted / g.people, revenuePerPerson: g.revenue / g.people };
}

/** Wilson score interval for x successes out of n (n > 0): (2x + z² ∓ z√(z² + 4x(1 − x/n))) / (2(n + z²)). */
export function wilson(x: number, n: number, z: number): { low: number; high: number } {
  const z2 = z * z;
  // max(0, …): x(1 − x/n) is exactly 0 at x = 0 and x = n, but rounding must not turn it into a NaN-making negative.
  const root = z * Math.sqrt(z2 + 4 * Math.max(0, x * (1 - x / n)));
  const den = 2 * (n + z2);
  // The limits are exactly 0 at x = 0 and 1 at x = n; clamping keeps rounding from leaving [0, 1].
  return { low: Math.max(0, (2 * x + z2 - root) / den), high: Math.min(1, (2 * x + z2 + root) / den) };
}

/**
 * Newcombe (1998) method 10: with p1 = x1/n1, p2 = x2/n2, d = p1 − p2 and (l_i, u_i) the Wilson limits,
 *   low  = d − √((p1 − l1)² + (u2 − p2)²)
 *   high = d + √((u1 − p1)² + (p2 − l2)²)
 * Each group contributes the distance from its estimate to its own Wilson limit on the side that moves d
 * towards the bound, so the interval inherits Wilson's good coverage and stays inside [−1, 1].
 */
export function newcombe(x1: number, n1: number, x2: number, n2: number, z: number): Interval {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const w1 = wilson(x1, n1, z);
  const w2 = wilson(x2, n2, z);
  const d = p1 - p2;
  return {
    estimate: d,
    low: Math.max(-1, d - Math.hypot(p1 - w1.low, w2.high - p2)),
    high: Math.min(1, d + Math.hypot(w1.high - p1, p2 - w2.low)),
  };
}

/** Pooled two-proportion z-test, two-sided: z = (p1 − p2) / √(p̄(1 − p̄)(1/n1 + 1/n2)), p̄ = (x1 + x2)/(n1 + n2). */
export function twoProportionP(x1: number, n1: number, x2: number, n2: number): number {
  const pooled = (x1 + x2) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  // Nobody or everybody converted in both groups: the rates are equal and there is no evidence of a difference.
  if (!(variance > 0)) return 1;
  return normalTwoSided((x1 / n1 - x2 / n2) / Math.sqrt(variance));
}

/** Sample variance s² = (Σy² − (Σy)²/n) / (n − 1), from the sums; 0 when rounding alone would make it so. */
function sampleVariance(g: GroupOutcome): number {
  const ss = g.revenueSq - (g.revenue * g.revenue) / g.people;
  // The subtraction cancels when every person has (nearly) the same revenue: call anything within rounding of
  // Σy² zero instead of reporting a variance made of rounding error.
  return ss <= 1e-12 * g.revenueSq ? 0 : ss / (g.people - 1);
}

/**
 * Welch: d = ȳ1 − ȳ2, se² = s1²/n1 + s2²/n2, df = se⁴ / ((s1²/n1)²/(n1 − 1) + (s2²/n2)²/(n2 − 1)),
 * interval d ± t(1 − α/2, df)·se, p = P(|T_df| > |d|/se). Needs at least 2 people per group.
 */
export function welch(a: GroupOutcome, b: GroupOutcome, confidence: number): { interval: Interval; p: number; df: number } {
  const ma = a.revenue / a.people;
  const mb = b.revenue / b.people;
  const d = ma - mb;
  const va = sampleVariance(a) / a.people;
  const vb = sampleVariance(b) / b.people;
  const se2 = va + vb;
  if (se2 === 0) {
    // Everyone within each group spent the same (typically: nobody spent anything). The difference is what it is;
    // there is no spread to build an interval from. Equal means that differ only by rounding count as equal, or
    // a difference of 1e-15 would be "significant".
    const e = Math.abs(d) <= 1e-12 * Math.max(Math.abs(ma), Math.abs(mb)) ? 0 : d;
    return { interval: { estimate: e, low: e, high: e }, p: e === 0 ? 1 : 0, df: Infinity };
  }
  const df = (se2 * se2) / ((va * va) / (a.people - 1) + (vb * vb) / (b.people - 1));
  const se = Math.sqrt(se2);
  const half = tQuantile(1 - (1 - confidence) / 2, df) * se;
  return { interval: { estimate: d, low: d - half, high: d + half }, p: tTwoSided(d / se, df), df };
}

const scale = (i: Interval | null, k: number): Interval | null =>
  i ? { estimate: i.estimate * k, low: i.low * k, high: i.high * k } : null;
const excludesZero = (i: Interval | null) => !!i && (i.low > 0 || i.high < 0);

function noteFor(sent: GroupOutcome, heldOut: GroupOutcome): string | null {
  if (sent.people === 0 && heldOut.people === 0) return 'Nobody was sent or held out: nothing to compare.';
  if (heldOut.people === 0) return 'Nobody was held out, so there is nothing to compare the sent group with.';
  if (sent.people === 0) return 'Nobody was sent, so there is nothing to compare the held-out group with.';
  const small = (g: GroupOutcome) => g.people < MIN_PEOPLE || g.converted < MIN_EVENTS || g.people - g.converted < MIN_EVENTS;
  if (small(sent) || small(heldOut)) {
    return (
      `Too few to be sure: a group has fewer than ${MIN_PEOPLE} people, or fewer than ${MIN_EVENTS} who redeemed or who did not, ` +
      `so the intervals are rough.`
    );
  }
  return null;
}

/**
 * Compares the sent group with the held-out group at the given confidence (0.95: 95% intervals, significance
 * at the 5% level). Empty groups give null comparisons and a note instead of NaN.
 */
export function lift(sent: GroupOutcome, heldOut: GroupOutcome, confidence = 0.95): LiftResult {
  check('sent', sent);
  check('heldOut', heldOut);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`lift: confidence must be between 0 and 1, got ${confidence}`);
  const z = normalQuantile(1 - (1 - confidence) / 2);

  const both = sent.people > 0 && heldOut.people > 0;
  const rateDiff = both ? newcombe(sent.converted, sent.people, heldOut.converted, heldOut.people, z) : null;
  const rateP = both ? twoProportionP(sent.converted, sent.people, heldOut.converted, heldOut.people) : null;
  // A variance needs two people in each group.
  const w = sent.people >= 2 && heldOut.people >= 2 ? welch(sent, heldOut, confidence) : null;
  const revenueDiff = w ? w.interval : null;

  return {
    sent: summary(sent),
    heldOut: summary(heldOut),
    rateDiff,
    revenueDiff,
    incrementalRedemptions: scale(rateDiff, sent.people),
    incrementalRevenue: scale(revenueDiff, sent.people),
    significant: { rate: excludesZero(rateDiff), revenue: excludesZero(revenueDiff) },
    pValue: { rate: rateP, revenue: w ? w.p : null },
    note: noteFor(sent, heldOut),
  };
}
