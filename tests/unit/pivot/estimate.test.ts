import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pivotSpec, type PivotSpec } from '../../../src-main/contract/pivot';
import { SAMPLE_RATE } from '../../../src-main/core/derived/pivot-table';
import { runPivot } from '../../../src-main/core/pivot/run';
import type { Session } from '../../../src-main/core/session';
import { demoSession } from '../helpers/demo';
import { tempDir } from '../helpers/tmp';

/**
 * Estimates (core/pivot/estimate.ts) against the exact pivot and plain SQL: the sample is whole people,
 * 1 in SAMPLE_RATE; each estimate is SAMPLE_RATE times the sample's figure (or the sample's ratio or
 * median); the exact figures fall inside the 95% bounds about as often as 95% bounds should.
 */
const dir = tempDir();
type Line = Record<string, number | string | boolean | null>;
const run = async (s: Session, spec: PivotSpec, estimate?: 'always' | 'when_slow') =>
  tableFromIPC(await runPivot(s.requireDb(), pivotSpec.parse(spec), undefined, estimate));
const lines = (t: Awaited<ReturnType<typeof run>>) => t.toArray().map((r) => r.toJSON() as Line);
const keyOf = (l: Line) =>
  JSON.stringify(
    Object.keys(l)
      .filter((k) => /^([rc]\d+|level|col_total)$/.test(k))
      .map((k) => l[k]),
  );
const SAMPLED = `hash(entrant) % ${SAMPLE_RATE} = 0`;

describe('pivot estimates from the sample of entrants', () => {
  let s: Session;
  beforeAll(async () => {
    s = await demoSession(dir, 'estimate-demo.duckdb', 100_000);
    await run(s, { rows: ['channel'] }); // builds the derived tables
  }, 120_000);
  afterAll(() => s.close());

  it('samples whole people: every entry of 1 in SAMPLE_RATE entrants, as the flat table has them', async () => {
    const [r] = await s.requireDb().rows<{ sample: string; truth: string; people: string; partial: string }>(
      `SELECT (SELECT count(*) FROM pivot_sample) AS sample,
              (SELECT count(*) FROM pivot_entries WHERE ${SAMPLED}) AS truth,
              (SELECT count(DISTINCT entrant) FROM pivot_sample) AS people,
              (SELECT count(*) FROM (SELECT * FROM pivot_entries WHERE ${SAMPLED} EXCEPT ALL SELECT * FROM pivot_sample)) AS partial`,
    );
    expect(Number(r!.sample)).toBe(Number(r!.truth));
    expect(Number(r!.partial)).toBe(0);
    const [all] = await s.requireDb().rows<{ n: string }>(`SELECT count(DISTINCT entrant) AS n FROM pivot_entries`);
    // About 1 in SAMPLE_RATE people (a hash is not a coin, but close: within a third of the expected count).
    expect(Number(r!.people)).toBeGreaterThan(Number(all!.n) / SAMPLE_RATE / 1.5);
    expect(Number(r!.people)).toBeLessThan((Number(all!.n) / SAMPLE_RATE) * 1.5);
  });

  it('estimates SAMPLE_RATE times the sample’s entries, entrants and revenue, and the sample’s median and rate', async () => {
    const est = lines(
      await run(
        s,
        {
          rows: ['channel'],
          measures: [
            { fn: 'entries' },
            { fn: 'unique_entrants' },
            { fn: 'revenue' },
            { fn: 'median', field: 'age' },
            { fn: 'redemption_rate' },
          ],
        },
        'always',
      ),
    );
    const truth = await s.requireDb().rows<{ channel: string; n: string; people: string; revenue: number; age: number; rate: number }>(
      `SELECT channel, count(*) AS n, count(DISTINCT entrant) AS people, sum(rr_revenue)::DOUBLE AS revenue, median(age)::DOUBLE AS age,
              sum(rr_n)::DOUBLE / count(*) AS rate
       FROM pivot_entries WHERE ${SAMPLED} GROUP BY channel`,
    );
    expect(truth.length).toBeGreaterThan(2);
    for (const t of truth) {
      const l = est.find((x) => x.level === 1 && x.r0 === t.channel)!;
      expect(l.m0).toBe(Number(t.n) * SAMPLE_RATE);
      expect(l.m1).toBe(Number(t.people) * SAMPLE_RATE);
      expect(l.m2 as number).toBeCloseTo(t.revenue * SAMPLE_RATE, 4);
      expect(l.m3).toBe(t.age);
      expect(l.m4 as number).toBeCloseTo(t.rate, 12);
      for (let i = 0; i < 5; i++) {
        expect(l[`lo${i}`] as number).toBeLessThanOrEqual(l[`m${i}`] as number);
        expect(l[`hi${i}`] as number).toBeGreaterThanOrEqual(l[`m${i}`] as number);
      }
    }
  });

  it('holds the exact figure within its 95% bounds in about 95% of cells, over pivots with filters, subtotals and custom shapes', async () => {
    const specs: PivotSpec[] = [
      { rows: ['media_buy'], cols: ['channel'], measures: [{ fn: 'entries' }, { fn: 'unique_entrants' }] },
      { rows: ['market', 'age_band'], measures: [{ fn: 'entries' }, { fn: 'median', field: 'age' }, { fn: 'avg', field: 'age' }] },
      { rows: ['keyword'], measures: [{ fn: 'revenue' }, { fn: 'redemption_rate' }, { fn: 'count', field: 'age' }] },
      {
        rows: ['state'],
        cols: ['entry_month'],
        measures: [{ fn: 'unique_entrants' }],
        filters: [{ field: 'entry_day', op: 'between', from: '2026-01-01', to: '2026-12-31' }],
      },
    ];
    let cells = 0;
    let inside = 0;
    let pending = 0;
    for (const spec of specs) {
      const exact = new Map(lines(await run(s, spec)).map((l) => [keyOf(l), l]));
      const est = lines(await run(s, spec, 'always'));
      expect(est.length).toBeGreaterThan(3);
      for (const l of est) {
        const e = exact.get(keyOf(l));
        // Every estimated cell exists exactly (the sample holds no entry the full table lacks).
        expect(e, keyOf(l)).toBeDefined();
        for (let i = 0; i < spec.measures!.length; i++) {
          // A cell with too few sampled entrants is pending (no figure, no bound) until the exact one comes.
          if (l[`m${i}`] === null) {
            expect([l[`lo${i}`], l[`hi${i}`]]).toEqual([null, null]);
            pending++;
            continue;
          }
          if (e![`m${i}`] === null) continue;
          cells++;
          const v = e![`m${i}`] as number;
          if (v >= (l[`lo${i}`] as number) - 1e-9 && v <= (l[`hi${i}`] as number) + 1e-9) inside++;
        }
      }
    }
    expect(cells).toBeGreaterThan(100);
    expect(pending).toBeGreaterThan(0);
    // Nominal 95%; the data are fixed (seeded), so this is a measured coverage, not a chance of failing.
    expect(inside / cells).toBeGreaterThan(0.88);
  });

  it('answers exactly, with no bounds, when the cube can or a measure has no estimate, and when the workspace is small', async () => {
    const hasBounds = (t: Awaited<ReturnType<typeof run>>) => t.schema.fields.some((f) => f.name === 'lo0');
    expect(hasBounds(await run(s, { rows: ['channel'], cols: ['entry_month'] }, 'always'))).toBe(false); // the cube
    expect(hasBounds(await run(s, { rows: ['zip'], measures: [{ fn: 'distinct', field: 'keyword' }] }, 'always'))).toBe(false);
    expect(hasBounds(await run(s, { rows: ['zip'], measures: [{ fn: 'max', field: 'age' }] }, 'always'))).toBe(false);
    expect(hasBounds(await run(s, { rows: ['zip'], measures: [{ fn: 'unique_entrants' }] }, 'always'))).toBe(true);
    // 'when_slow' estimates only from a million entries: this one has 100,000.
    expect(hasBounds(await run(s, { rows: ['zip'], measures: [{ fn: 'unique_entrants' }] }, 'when_slow'))).toBe(false);
    // Without asking, never an estimate.
    expect(hasBounds(await run(s, { rows: ['zip'], measures: [{ fn: 'unique_entrants' }] }))).toBe(false);
  });

  it('with top N, the estimate folds by the estimated first measure and its grand total still bounds the exact one', async () => {
    const spec: PivotSpec = { rows: ['zip'], measures: [{ fn: 'entries' }], topN: 5 };
    const est = lines(await run(s, spec, 'always'));
    expect(est.filter((l) => l.level === 1)).toHaveLength(6);
    expect(est.some((l) => l.r0 === '(other)')).toBe(true);
    const grand = est.find((l) => l.level === 0)!;
    const exact = lines(await run(s, spec)).find((l) => l.level === 0)!;
    expect(exact.m0).toBeGreaterThanOrEqual(grand.lo0 as number);
    expect(exact.m0).toBeLessThanOrEqual(grand.hi0 as number);
  });
});
