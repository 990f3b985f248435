/**
 * The few distribution functions the holdout comparison (lift.ts) needs, written out here rather than taken from
 * a package: the app ships no statistics library, these are short, and each is a standard textbook algorithm.
 *
 * - normalQuantile: Acklam's rational approximation (relative error below 1.15e-9), polished by one Halley step
 *   against the exact normal tail below, which brings it to about machine precision.
 * - normalTwoSided / the normal tail: erfc(x) = Q(1/2, x^2), the regularized upper incomplete gamma function, by
 *   its series or its continued fraction (Numerical Recipes, 3rd ed., section 6.2).
 * - tTwoSided: P(|T| > t) = I_{v/(v+t^2)}(v/2, 1/2), the regularized incomplete beta function by its continued
 *   fraction (modified Lentz; Numerical Recipes, section 6.4). Works for the non-integer degrees of freedom Welch gives.
 * - tQuantile: that tail inverted by safeguarded Newton steps (bisection when a step would leave the bracket),
 *   with the closed forms for 1 and 2 degrees of freedom. Accurate to about 1e-10, well past the 1e-6 of the
 *   classic approximations (Hill 1970, algorithm 396), at the cost of a few dozen incomplete-beta evaluations.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0: Lanczos (g = 7, n = 9), about 15 significant digits. */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x); // reflection
  const y = x - 1;
  const t = y + 7.5;
  const a = LANCZOS.reduce((sum, c, i) => (i === 0 ? c : sum + c / (y + i)), 0);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-15;
const TINY = 1e-300;
const MAX_ITER = 100_000; // the continued fractions need about sqrt(a) terms: ample up to millions of people

/** Q(a, x) = Γ(a, x) / Γ(a), regularized upper incomplete gamma. */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - lnGamma(a));
  if (x < a + 1) {
    // Series for P(a, x), then Q = 1 - P (no cancellation worth speaking of: P is small here only when x is).
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < MAX_ITER; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    return 1 - sum * front;
  }
  // Continued fraction for Q(a, x), modified Lentz.
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return front * h;
}

/** P(|Z| > z) for a standard normal Z: erfc(|z| / √2). */
export function normalTwoSided(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  return gammaQ(0.5, x * x);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaCf(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** I_x(a, b), the regularized incomplete beta function. */
export function betaI(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  // The continued fraction converges fast only on its own side of the mean; use the symmetry I_x(a,b) = 1 - I_{1-x}(b,a).
  return x < (a + 1) / (a + b + 2) ? (front * betaCf(a, b, x)) / a : 1 - (front * betaCf(b, a, 1 - x)) / b;
}

/** P(|T| > t) for Student's t with df degrees of freedom (df > 0, not necessarily whole). */
export function tTwoSided(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0;
  return betaI(df / 2, 0.5, df / (df + t * t));
}

/**
 * Acklam's coefficients (P. J. Acklam, "An algorithm for computing the inverse normal cumulative distribution
 * function", 2003), highest power first; the denominators B and D end in their constant term 1.
 */
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1, 1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416, 1];

/** c[0]·x^(k−1) + … + c[k−1], by Horner's rule. */
const horner = (c: readonly number[], x: number) => c.reduce((acc, ci) => acc * x + ci, 0);

/** z with P(Z <= z) = p, for 0 < p < 1. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  const low = 0.02425;
  let z: number;
  if (p < low || p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(p < low ? p : 1 - p));
    const v = horner(C, q) / horner(D, q);
    z = p < low ? v : -v;
  } else {
    const q = p - 0.5;
    const r = q * q;
    z = (horner(A, r) * q) / horner(B, r);
  }
  // One Halley step on Φ(z) - p, with Φ from the exact tail (Acklam's own refinement).
  const tail = normalTwoSided(z) / 2; // P(Z > |z|)
  const cdf = z < 0 ? tail : 1 - tail;
  const e = cdf - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((z * z) / 2);
  return z - u / (1 + (z * u) / 2);
}

/** t with P(T <= t) = p for Student's t with df degrees of freedom (df > 0). */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`tQuantile needs 0 < p < 1, got ${p}`);
  if (!(df > 0)) throw new RangeError(`tQuantile needs df > 0, got ${df}`);
  if (p === 0.5) return 0;
  const sign = p > 0.5 ? 1 : -1;
  const q = p > 0.5 ? 1 - p : p; // the one-sided tail to match, kept small to avoid cancellation
  if (df === 1) return sign * Math.tan(Math.PI * (0.5 - q));
  if (df === 2) return (sign * (1 - 2 * q)) / Math.sqrt(2 * q * (1 - q));
  if (df > 1e7) return sign * normalQuantile(1 - q); // the t and the normal agree to ~1e-7 there; the beta would be slow
  const tail = (t: number) => tTwoSided(t, df) / 2;
  const logDensityConst = lnGamma((df + 1) / 2) - lnGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  const density = (t: number) => Math.exp(logDensityConst - ((df + 1) / 2) * Math.log1p((t * t) / df));
  // Bracket the root [lo, hi] (the tail falls as t grows), starting from the normal quantile.
  let lo = 0;
  let hi = Math.max(1, normalQuantile(1 - q));
  while (tail(hi) > q) {
    lo = hi;
    hi *= 2;
  }
  let t = (lo + hi) / 2;
  for (let i = 0; i < 200; i++) {
    const f = tail(t) - q; // decreasing in t
    if (f > 0) lo = t;
    else hi = t;
    let next = t + f / density(t);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-13 * Math.max(1, t)) return sign * next;
    t = next;
  }
  return sign * t;
}
