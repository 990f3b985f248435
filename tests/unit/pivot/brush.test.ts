import { tableFromIPC } from 'apache-arrow';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pivotSpec, type PivotMeasure, type PivotSpec } from '../../../src-main/contract/pivot';
import { brushable, brushIndexTable, brushPivot } from '../../../src-main/core/pivot/brush';
import { BrushIndex } from '../../../src-renderer/lib/brushIndex';
import { rawLines } from '../../../src-renderer/lib/pivotModel';
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
const DIMS = ['channel', 'media_buy', 'media_type', 'market', 'state', 'age_band', 'zip3', 'entry_week', 'redeemed'] as const;
const day = (i: number) => new Date(Date.UTC(2026, 1, 20) + i * 86_400_000).toISOString().slice(0, 10);

describe('brushing a date range', () => {
  let s: Session;
  beforeAll(async () => {
    s = await demoSession(dir, 'brush-demo.duckdb', 5000);
  }, 120_000);
  afterAll(() => s.close());

  it('equals the pivot with the range as a filter, for random pivots, filters and ranges', async () => {
    const dims = DIMS;
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

  it('adds up each move in the renderer, from the index it is sent, exactly as the core answers it', async () => {
    // Also the day and month as keys (the index's own day beside them).
    const dims = [...DIMS, 'sms_opt_in', 'entry_month', 'entry_day'] as const;
    const measures: PivotMeasure[] = [
      { fn: 'entries' },
      { fn: 'redemptions' },
      { fn: 'revenue' },
      { fn: 'discounts' },
      { fn: 'redemption_rate' },
      ...(['sum', 'count', 'avg', 'min', 'max'] as const).map((fn) => ({ fn, field: 'age' as const })),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.subarray([...dims], { minLength: 0, maxLength: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.subarray(measures, { minLength: 1, maxLength: 4 }),
        fc.option(fc.constantFrom('sms', 'web', 'email'), { nil: undefined }),
        fc.boolean(),
        fc.integer({ min: -10, max: 140 }),
        fc.integer({ min: 0, max: 60 }),
        async (fields, nCols, ms, channel, totals, start, length) => {
          const spec = pivotSpec.parse({
            rows: fields.slice(0, fields.length - Math.min(nCols, fields.length)),
            cols: fields.slice(fields.length - Math.min(nCols, fields.length)),
            measures: ms,
            filters: channel ? [{ field: 'channel', op: 'in', values: [channel] }] : [],
            totals,
          } satisfies PivotSpec);
          const index = BrushIndex.from(tableFromIPC(await brushIndexTable(s.requireDb(), spec)), spec);
          expect(index).not.toBeNull();
          const range = { from: day(start), to: day(start + length) };
          const core = tableFromIPC(await brushPivot(s.requireDb(), spec, range));
          expect(index!.lines(range)).toEqual(rawLines(core, spec.rows.length, spec.cols.length, ms.length));
        },
      ),
      { numRuns: 60, seed: 11 },
    );
    // Days with no entries, and filters that leave none (an empty index): the grand total still reads 0 entries.
    // And the same field as a row and a column, over days with entries too.
    const none = [{ field: 'channel' as const, op: 'in' as const, values: ['no such channel'] }];
    for (const spec of [
      pivotSpec.parse({ rows: ['channel'], cols: ['redeemed'], measures: measures.slice(0, 8) }),
      pivotSpec.parse({ measures: measures.slice(2) }),
      pivotSpec.parse({ rows: ['market'], cols: ['channel'], filters: none }),
      pivotSpec.parse({ rows: ['channel', 'market'], cols: ['channel'], measures: measures.slice(0, 3) }),
    ]) {
      const index = BrushIndex.from(tableFromIPC(await brushIndexTable(s.requireDb(), spec)), spec)!;
      for (const range of [
        { from: day(-400), to: day(-300) },
        { from: day(600), to: day(700) },
        { from: day(10), to: day(40) },
      ]) {
        const core = rawLines(
          tableFromIPC(await brushPivot(s.requireDb(), spec, range)),
          spec.rows.length,
          spec.cols.length,
          spec.measures.length,
        );
        expect(core.length).toBeGreaterThan(0);
        expect(index.lines(range)).toEqual(core);
      }
    }
  }, 120_000);

  it('sends no index for top N, a larger one than the renderer holds, or a pivot the sums cannot answer', async () => {
    const reason = async (spec: PivotSpec, maxRows?: number) =>
      tableFromIPC(await brushIndexTable(s.requireDb(), pivotSpec.parse(spec), maxRows))
        .getChild('ace_no_index')
        ?.get(0) ?? null;
    expect(await reason({ rows: ['zip3'], topN: 5 })).toMatch(/top N/);
    expect(await reason({ rows: ['channel'], measures: [{ fn: 'unique_entrants' }] })).toMatch(/cannot sum/);
    expect(await reason({ rows: ['zip3', 'channel'] }, 50)).toMatch(/more than 50 rows/);
    expect(await reason({ rows: ['zip3', 'channel'] })).toBeNull();
  });
});
