import { tableFromIPC } from 'apache-arrow';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pivotSpec, type PivotFilter, type PivotSpec } from '../../../src-main/contract/pivot';
import {
  pivotCount,
  pivotFields,
  pivotRows,
  pivotValues,
  runPivot,
  saveView,
  listViews,
  deleteView,
} from '../../../src-main/core/pivot/run';
import { pivotQuery, usesCube } from '../../../src-main/core/pivot/query';
import type { Session } from '../../../src-main/core/session';
import { ace } from '../helpers/cli';
import { demoSession } from '../helpers/demo';
import { emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
type Line = Record<string, unknown>;

async function pivot(s: Session, spec: PivotSpec): Promise<Line[]> {
  const t = tableFromIPC(await runPivot(s.requireDb(), pivotSpec.parse(spec)));
  return t.toArray().map((r) => r.toJSON() as Line);
}

describe('pivots on the demo campaign', () => {
  let s: Session;
  beforeAll(async () => {
    s = await demoSession(dir, 'pivot-demo.duckdb', 20_000);
  }, 120_000);
  afterAll(() => s.close());

  it('gives values, subtotals per row level, column totals and a grand total that agree with plain SQL', async () => {
    const lines = await pivot(s, {
      rows: ['channel', 'age_band'],
      cols: ['entry_month'],
      measures: [{ fn: 'entries' }, { fn: 'unique_entrants' }, { fn: 'revenue' }],
    });
    const cell = (l: Line) => l.level === 2 && l.col_total === false;
    const [truth] = await s
      .requireDb()
      .rows<{ entries: unknown; entrants: unknown; revenue: unknown }>(
        `SELECT count(*) AS entries, count(DISTINCT entrant) AS entrants, (SELECT sum(order_amount)::DOUBLE FROM redemption_facts rf JOIN redemptions r USING (redemption_id) WHERE rf.entry_id IS NOT NULL) AS revenue FROM entry_facts_t`,
      );
    const grand = lines.find((l) => l.level === 0 && l.col_total === true)!;
    expect(grand.m0).toBe(Number(truth!.entries));
    expect(grand.m1).toBe(Number(truth!.entrants));
    expect(grand.m2).toBeCloseTo(Number(truth!.revenue), 6);
    expect(lines.filter(cell).reduce((a, l) => a + Number(l.m0), 0)).toBe(Number(truth!.entries));
    // Each channel's subtotal is the sum of its cells; its column totals add up to it.
    const sms = lines.filter((l) => l.r0 === 'sms');
    const smsTotal = sms.find((l) => l.level === 1 && l.col_total === true)!;
    expect(sms.filter(cell).reduce((a, l) => a + Number(l.m0), 0)).toBe(smsTotal.m0);
    expect(sms.filter((l) => l.level === 1 && l.col_total === false).reduce((a, l) => a + Number(l.m0), 0)).toBe(smsTotal.m0);
    const [smsTruth] = await s.requireDb().rows<{ n: unknown }>(`SELECT count(*) AS n FROM entries WHERE channel = 'sms'`);
    expect(smsTotal.m0).toBe(Number(smsTruth!.n));
    // Money is exact to the cent.
    for (const l of lines) expect(Math.round(Number(l.m2) * 100) / 100).toBe(l.m2);
  });

  it('folds all but the top N into "(other)", and filters by lists, ranges and emptiness', async () => {
    const top = await pivot(s, { rows: ['zip'], measures: [{ fn: 'entries' }], topN: 3, totals: false });
    expect(top.map((l) => l.r0)).toHaveLength(4);
    expect(top.at(-1)!.r0).toBe('(other)');
    const all = await pivot(s, { rows: [], measures: [{ fn: 'entries' }] });
    expect(top.reduce((a, l) => a + Number(l.m0), 0)).toBe(all[0]!.m0);

    const filters: PivotFilter[] = [
      { field: 'channel', op: 'in', values: ['sms', 'web'] },
      { field: 'age', op: 'between', from: 25, to: 34 },
      { field: 'zip', op: 'not_empty' },
      { field: 'entry_day', op: 'between', from: '2026-03-01', to: '2026-03-31' },
    ];
    const f = await pivot(s, {
      rows: [],
      measures: [{ fn: 'entries' }, { fn: 'min', field: 'age' }, { fn: 'max', field: 'age' }],
      filters,
    });
    const [truth] = await s
      .requireDb()
      .rows<{ n: unknown }>(
        `SELECT count(*) AS n FROM entries WHERE channel IN ('sms', 'web') AND age BETWEEN 25 AND 34 AND zip IS NOT NULL AND entered_at >= DATE '2026-03-01' AND entered_at < DATE '2026-04-01'`,
      );
    expect(f[0]).toMatchObject({ m0: Number(truth!.n), m1: 25, m2: 34 });
    expect((await pivotCount(s.requireDb(), { filters })).entries).toBe(Number(truth!.n));
    const empty = await pivot(s, { rows: [], measures: [{ fn: 'entries' }], filters: [{ field: 'age', op: 'empty' }] });
    const [noAge] = await s.requireDb().rows<{ n: unknown }>(`SELECT count(*) AS n FROM entries WHERE age IS NULL`);
    expect(empty[0]!.m0).toBe(Number(noAge!.n));
  });

  it('lists fields with the custom attributes, values with counts and search, and pages of the rows behind a cell', async () => {
    const fields = await pivotFields(s.requireDb());
    expect(fields.map((f) => f.id)).toEqual(expect.arrayContaining(['channel', 'state', 'entry_week', 'attr:shoe_size']));
    const values = await pivotValues(s.requireDb(), { field: 'channel', filters: [], limit: 10 });
    expect(values.values.reduce((a, v) => a + v.entries, 0)).toBe(20_000);
    expect(
      (await pivotValues(s.requireDb(), { field: 'channel', filters: [], search: 'SM', limit: 10 })).values.map((v) => v.value),
    ).toEqual(['sms']);
    const page = tableFromIPC(
      await pivotRows(s.requireDb(), { filters: [{ field: 'channel', op: 'in', values: ['email'] }], offset: 100, limit: 50 }),
    );
    expect(page.numRows).toBe(50);
    expect(page.toArray().every((r) => r.toJSON().channel === 'email')).toBe(true);
    const states = await pivot(s, { rows: ['state'], measures: [{ fn: 'entries' }], totals: false });
    expect(states.map((l) => l.r0)).toEqual(expect.arrayContaining(['MA', 'NY', 'IL', 'GA', 'TX', 'CO']));
  });

  it('is rebuilt after an import changes the entries: new entries count at once', async () => {
    const before = await pivot(s, { rows: [], measures: [{ fn: 'entries' }] });
    const path = file(dir, 'more.csv', 'entry_id,entered_at,channel,email\nX1,2026-03-05,sms,new1@x.com\nX2,2026-03-05,sms,new2@x.com\n');
    await imp(s, path, 'entries');
    const after = await pivot(s, { rows: [], measures: [{ fn: 'entries' }] });
    expect(after[0]!.m0).toBe(Number(before[0]!.m0) + 2);
  });

  it('saves, lists, renames and deletes views', async () => {
    const v = await saveView(s.requireDb(), {
      name: 'SMS by age',
      spec: pivotSpec.parse({ rows: ['age_band'], filters: [{ field: 'channel', op: 'in', values: ['sms'] }] }),
      chart: 'bar',
    });
    expect((await listViews(s.requireDb())).map((x) => x.name)).toEqual(['SMS by age']);
    await saveView(s.requireDb(), { viewId: v.viewId, name: 'SMS entrants by age', spec: v.spec, chart: 'line' });
    expect(await listViews(s.requireDb())).toMatchObject([
      { viewId: v.viewId, name: 'SMS entrants by age', chart: 'line', spec: { rows: ['age_band'] } },
    ]);
    expect(await deleteView(s.requireDb(), v.viewId)).toEqual({ deleted: true });
    expect(await listViews(s.requireDb())).toEqual([]);
  });
});

describe('query building is safe with hostile names and values', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
  });
  afterAll(() => s.close());

  it('any custom column name and value: the SQL stays intact and the counts match a reference computed here', async () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(`"`, `'`, `\\`, `$."x"`, `'); DROP TABLE entries; --`, `") OR 1=1 --`, `$[*]`, `a.b`, ` `, `é\u0000z`, `\`x\``, `$1`),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        hostile.filter((h) => h.trim() !== '' && ![...h].some((ch) => ch < ' ' || ch === ',')),
        fc.array(hostile, { minLength: 1, maxLength: 6 }),
        async (name, values) => {
          const clean = values.map((v) =>
            [...v]
              .filter((ch) => ch >= ' ' && ch !== '"')
              .join('')
              .trim(),
          );
          const header = `"${name.replace(/"/g, '""')}"`;
          const rows = clean.map((v, i) => `h${n}-${i},2026-03-0${1 + (i % 9)},x${i}@x.com,"${v}"`);
          const path = file(dir, `hostile-${n++}.csv`, [`entry_id,entered_at,email,${header}`, ...rows].join('\n') + '\n');
          const r = await imp(s, path, 'entries');
          if (r.rowsImported === 0) return;
          const attr = (await pivotFields(s.requireDb())).find((f) => f.group === 'Custom' && f.label === r.customColumns[0])?.id;
          expect(attr, JSON.stringify(r.customColumns)).toBeDefined();
          const imported = await s
            .requireDb()
            .rows<{ v: string | null }>(`SELECT nullif(trim(json_extract_string(attrs, ?)), '') AS v FROM entries WHERE import_id = ?`, [
              `$."${r.customColumns[0]!.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`,
              r.importId,
            ]);
          const want = new Map<string | null, number>();
          for (const x of imported) want.set(x.v, (want.get(x.v) ?? 0) + 1);
          const firstValue = [...want.keys()][0]!;
          const lines = await pivot(s, {
            rows: [attr as `attr:${string}`],
            measures: [{ fn: 'entries' }],
            totals: false,
            filters: [
              { field: 'entry_day', op: 'between', from: '2026-03-01', to: '2026-03-31' },
              { field: attr as `attr:${string}`, op: 'in', values: [firstValue] },
            ],
          });
          expect(lines.filter((l) => l.r0 === firstValue).reduce((a, l) => a + Number(l.m0), 0)).toBeGreaterThanOrEqual(
            want.get(firstValue)!,
          );
          expect(lines.every((l) => l.r0 === firstValue)).toBe(true);
          const [count] = await s.requireDb().rows<{ n: unknown }>(`SELECT count(*) AS n FROM entries`);
          expect(Number(count!.n)).toBeGreaterThan(0);
        },
      ),
      { numRuns: 40, seed: 7 },
    );
  }, 120_000);

  it('refuses what is not on the allow-list, before any SQL is built', async () => {
    expect(pivotSpec.safeParse({ rows: ['channel; DROP TABLE entries'] }).success).toBe(false);
    expect(pivotSpec.safeParse({ measures: [{ fn: 'sum' }] }).success).toBe(false);
    expect(pivotSpec.safeParse({ measures: [{ fn: 'entries', field: 'age' }] }).success).toBe(false);
    expect(pivotSpec.safeParse({ filters: [{ field: 'channel', op: 'like', values: ['%'] }] }).success).toBe(false);
    await expect(runPivot(s.requireDb(), pivotSpec.parse({ rows: ['age'] }))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(runPivot(s.requireDb(), pivotSpec.parse({ measures: [{ fn: 'sum', field: 'channel' }] }))).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
  });
});

describe('ace pivot', () => {
  it('prints the pivot as JSON lines, and refuses an unknown field with one line', async () => {
    const s = await demoSession(dir, 'pivot-cli.duckdb', 3000);
    const path = (await s.info()).path;
    const direct = await pivot(s, { rows: ['channel'], measures: [{ fn: 'entries' }, { fn: 'median', field: 'age' }] });
    await s.close();
    const out = await ace(['pivot', '--workspace', path, '--rows', 'channel', '--measures', 'entries,median:age', '--json']);
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout) as { lines: Line[] };
    expect(json.lines.map((l) => [l.channel, l.level, l.entries, l['median:age']])).toEqual(
      direct.map((l) => [l.r0 ?? null, l.level, l.m0, l.m1]),
    );
    const bad = await ace(['pivot', '--workspace', path, '--rows', 'shoe']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});

describe('the summary table answers exactly what the entries answer', () => {
  let s: Session;
  beforeAll(async () => {
    s = await demoSession(dir, 'pivot-cube.duckdb', 5000);
  }, 120_000);
  afterAll(() => s.close());

  it('for random pivots over the fields and measures it keeps, with and without filters', async () => {
    const dims = [
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
    ] as const;
    const measures = [
      { fn: 'entries' },
      { fn: 'redemptions' },
      { fn: 'revenue' },
      { fn: 'discounts' },
      { fn: 'redemption_rate' },
      { fn: 'avg', field: 'age' },
      { fn: 'min', field: 'age' },
      { fn: 'max', field: 'age' },
      { fn: 'count', field: 'age' },
      { fn: 'sum', field: 'age' },
    ] as const;
    // The campaign and time fields alone are answered by the rolled-up cube, the others by the full one.
    const rollup = ['channel', 'media_buy', 'media_type', 'market', 'entry_week', 'entry_month', 'redeemed'] as const;
    await runPivot(s.requireDb(), pivotSpec.parse({ rows: ['channel'] })); // builds the tables
    for (const pool of [dims, rollup])
      await fc.assert(
        fc.asyncProperty(
          fc.subarray([...pool], { minLength: 0, maxLength: 3 }),
          fc.subarray([...measures], { minLength: 1, maxLength: 4 }),
          fc.option(fc.constantFrom(...pool), { nil: undefined }),
          fc.boolean(),
          async (fields, ms, filterField, totals) => {
            const filters: PivotFilter[] = filterField ? [{ field: filterField, op: 'not_in', values: [null] }] : [];
            const spec = pivotSpec.parse({ rows: fields.slice(0, 2), cols: fields.slice(2), measures: ms, filters, totals });
            const viaCube = pivotQuery(spec);
            const viaEntries = pivotQuery(spec, { cube: false });
            expect(viaCube.cube).toBe(true);
            expect(viaEntries.cube).toBe(false);
            if (pool === rollup) expect(viaCube.sql).toContain('FROM pivot_rollup p');
            const run = async (q: typeof viaCube) =>
              (await s.requireDb().rows<Record<string, unknown>>(q.sql, q.params)).map((r) =>
                Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Number(v.toPrecision(12)) : v])),
              );
            expect(await run(viaCube)).toEqual(await run(viaEntries));
          },
        ),
        { numRuns: 25, seed: 11 },
      );
  }, 120_000);

  it('is used only when it can answer: entrants, medians, days and ranges go to the entries', () => {
    expect(usesCube(pivotSpec.parse({ rows: ['channel'], cols: ['entry_month'] }))).toBe(true);
    expect(usesCube(pivotSpec.parse({ rows: ['channel'], measures: [{ fn: 'unique_entrants' }] }))).toBe(false);
    expect(usesCube(pivotSpec.parse({ rows: ['entry_day'] }))).toBe(false);
    expect(usesCube(pivotSpec.parse({ rows: ['channel'], measures: [{ fn: 'median', field: 'age' }] }))).toBe(false);
    expect(
      usesCube(pivotSpec.parse({ rows: ['channel'], filters: [{ field: 'entry_month', op: 'between', from: '2026-03', to: '2026-04' }] })),
    ).toBe(false);
  });
});
