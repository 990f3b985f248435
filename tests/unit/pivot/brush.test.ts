import { tableFromIPC } from 'apache-arrow';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pivotSpec, type PivotSpec } from '../../../src-main/contract/pivot';
import { brushable, brushPivot } from '../../../src-main/core/pivot/brush';
import { runPivot, saveView } from '../../../src-main/core/pivot/run';
import type { Session } from '../../../src-main/core/session';
import { demoSession } from '../helpers/demo';
import { tempDir } from '../helpers/tmp';

/** Brushing (core/pivot/brush.ts): every move equals the pivot run with the range as a filter. */
const dir = tempDir();
const lines = (bytes: Uint8Array) =>
  tableFromIPC(bytes)
    .toArray()
    .map((r) => {
      const o = r.toJSON() as Record<string, unknown>;
      return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? Number(v.toPrecision(12)) : v]));
    });
const day = (i: number) => new Date(Date.UTC(2026, 1, 20) + i * 86_400_000).toISOString().slice(0, 10);

describe('brushing a date range', () => {
  let s: Session;
  beforeAll(async () => {
    s = await demoSession(dir, 'brush-demo.duckdb', 5000);
  }, 120_000);
  afterAll(() => s.close());

  it('equals the pivot with the range as a filter, for random pivots, filters and ranges', async () => {
    const dims = ['channel', 'media_buy', 'media_type', 'market', 'state', 'age_band', 'zip3', 'entry_week', 'redeemed'] as const;
    const measures = [
      { fn: 'entries' },
      { fn: 'redemptions' },
      { fn: 'revenue' },
      { fn: 'redemption_rate' },
      { fn: 'avg', field: 'age' },
      { fn: 'min', field: 'age' },
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.subarray([...dims], { minLength: 0, maxLength: 3 }),
        fc.subarray([...measures], { minLength: 1, maxLength: 3 }),
        fc.option(fc.constantFrom('sms', 'web', 'email'), { nil: undefined }),
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 0, max: 40 }),
        fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
        async (fields, ms, channel, start, length, topN) => {
          const spec = pivotSpec.parse({
            rows: fields.slice(0, 2),
            cols: fields.slice(2),
            measures: ms,
            filters: channel ? [{ field: 'channel', op: 'in', values: [channel] }] : [],
            topN: fields.length ? topN : undefined,
          } satisfies PivotSpec);
          expect(brushable(spec)).toBe(true);
          const range = { from: day(start), to: day(start + length) };
          const brushed = lines(await brushPivot(s.requireDb(), spec, range));
          const filtered = { ...spec, filters: [...spec.filters, { field: 'entry_day' as const, op: 'between' as const, ...range }] };
          expect(brushed).toEqual(lines(await runPivot(s.requireDb(), filtered)));
        },
      ),
      { numRuns: 30, seed: 5 },
    );
  }, 120_000);

  it('runs exactly (no index) what the sums cannot answer, and builds a new index after any write', async () => {
    const unique = pivotSpec.parse({ rows: ['channel'], measures: [{ fn: 'unique_entrants' }] });
    expect(brushable(unique)).toBe(false);
    const range = { from: day(10), to: day(30) };
    const withRange = { ...unique, filters: [{ field: 'entry_day' as const, op: 'between' as const, ...range }] };
    expect(lines(await brushPivot(s.requireDb(), unique, range))).toEqual(lines(await runPivot(s.requireDb(), withRange)));
    expect(brushable(pivotSpec.parse({ rows: ['attr:shoe_size'] }))).toBe(false);

    const spec = pivotSpec.parse({ rows: ['market'] });
    const tables = async () =>
      (await s.requireDb().rows<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables() WHERE database_name = 'ace_scratch'`)).map(
        (r) => r.t,
      );
    await brushPivot(s.requireDb(), spec, range);
    const before = await tables();
    await brushPivot(s.requireDb(), spec, { from: day(12), to: day(20) });
    expect(await tables()).toEqual(before); // the same index serves every move
    await saveView(s.requireDb(), { name: 'a write', spec, chart: 'table' });
    await brushPivot(s.requireDb(), spec, range);
    expect((await tables()).filter((t) => !before.includes(t))).toHaveLength(1);
  });
});
