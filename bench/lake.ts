/**
 * bench/lake: the same campaign in a DuckDB file and in a DuckLake (local catalog), one run, side by side
 * (docs/lake.md): generating it, an import of 100,000 more entries, Explore's flat table after it, typical
 * pivots and ROI through the API (p50 / p95), and each pivot's plain SQL run raw in DuckDB on that engine.
 * The lake's figure over the file's is the ratio to read: the issue asks for the same ratios to raw DuckDB.
 *
 *   npm run bench:lake [-- --entries 1000000 --runs 9]
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pivotSpec, type PivotSpec } from '../src-main/contract/pivot';
import { createDispatcher } from '../src-main/core/dispatcher';
import { ensurePivotTable } from '../src-main/core/derived/pivot-table';
import { pivotQuery } from '../src-main/core/pivot/query';
import { Session } from '../src-main/core/session';
import { arg, num, pct, root } from './util';

const entries = arg('entries', 1_000_000);
const runs = arg('runs', 9);
const dir = join(root, 'bench/.data/lake');
mkdirSync(dir, { recursive: true });

const PIVOTS: { name: string; spec: PivotSpec }[] = [
  { name: 'channel x month (entries)', spec: { rows: ['channel'], cols: ['entry_month'], measures: [{ fn: 'entries' }] } },
  {
    name: 'media buy x channel (entrants)',
    spec: { rows: ['media_buy'], cols: ['channel'], measures: [{ fn: 'entries' }, { fn: 'unique_entrants' }] },
  },
  { name: 'zip top 20 (entries)', spec: { rows: ['zip'], measures: [{ fn: 'entries' }], topN: 20 } },
  {
    name: 'market x age band (median age)',
    spec: { rows: ['market', 'age_band'], measures: [{ fn: 'entries' }, { fn: 'median', field: 'age' }] },
  },
];

interface Figures {
  generate: number;
  importMs: number;
  flatTable: number;
  pivots: Record<string, { p50: number; p95: number; raw50: number }>;
  roi: { p50: number; p95: number };
}

const time = async (f: () => Promise<unknown>) => {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
};

async function measure(path: string, more: string): Promise<Figures> {
  for (const p of [path, `${path}.wal`, `${path}.files`]) rmSync(p, { recursive: true, force: true });
  const session = new Session({ dataDir: dir });
  await session.open(path, { create: true });
  const generate = await time(() => session.generateDemo({ entries, seed: 42 }));
  const dispatch = createDispatcher({ session, host: { host: 'cli', version: 'bench', nativeDialogs: false } });
  await ensurePivotTable(session.requireDb());
  const importMs = await time(async () => {
    const r = await dispatch('import.run', { taskId: 'bench', path: more, kind: 'entries' });
    if (!r.ok) throw new Error(r.error.message);
  });
  const flatTable = await time(() => ensurePivotTable(session.requireDb()));
  const pivots: Figures['pivots'] = {};
  const db = session.requireDb();
  for (const p of PIVOTS) {
    const api: number[] = [];
    const raw: number[] = [];
    const q = pivotQuery(pivotSpec.parse(p.spec));
    for (let i = 0; i <= runs; i++) {
      const a = await time(async () => {
        const r = await dispatch('pivot.run', p.spec);
        if (!r.ok) throw new Error(r.error.message);
      });
      // The same SQL straight to DuckDB on this engine, through the same worker.
      const b = await time(() => db.arrow(q.sql, q.params));
      if (i > 0) {
        api.push(a);
        raw.push(b);
      }
    }
    pivots[p.name] = { p50: pct(api, 50), p95: pct(api, 95), raw50: pct(raw, 50) };
  }
  const roi: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t = await time(async () => {
      const r = await dispatch('roi.get', { by: 'media_buy', filters: {} });
      if (!r.ok) throw new Error(r.error.message);
    });
    if (i > 0) roi.push(t);
  }
  await session.close();
  return { generate, importMs, flatTable, pivots, roi: { p50: pct(roi, 50), p95: pct(roi, 95) } };
}

async function main() {
  const more = join(dir, 'more-entries.csv');
  if (!existsSync(more)) {
    const lines = ['entry_id,entered_at,channel,keyword,email,zip,age'];
    for (let i = 0; i < 100_000; i++)
      lines.push(
        `X${i},2026-05-${String(1 + (i % 28)).padStart(2, '0')} 12:00,web,GLOBE5,more${i}@example.com,0210${i % 10},${20 + (i % 50)}`,
      );
    writeFileSync(more, lines.join('\n') + '\n');
  }
  console.log(`${num(entries)} entries (seed 42), ${runs} runs each after a warm-up; the same campaign on both engines.\n`);
  const file = await measure(join(dir, `bench-${entries}.duckdb`), more);
  const lake = await measure(join(dir, `bench-${entries}.ducklake`), more);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const m = (ms: number) => `${ms.toFixed(0)} ms`;
  const row = (name: string, a: string, b: string, ratio: number) =>
    console.log(`${name.padEnd(44)} ${a.padStart(12)} ${b.padStart(12)} ${`${ratio.toFixed(2)}x`.padStart(8)}`);
  console.log(`${''.padEnd(44)} ${'DuckDB file'.padStart(12)} ${'DuckLake'.padStart(12)} ${'lake/file'.padStart(8)}`);
  row('generate the demo', s(file.generate), s(lake.generate), lake.generate / file.generate);
  row('import 100,000 entries', s(file.importMs), s(lake.importMs), lake.importMs / file.importMs);
  row("Explore's flat table after it", s(file.flatTable), s(lake.flatTable), lake.flatTable / file.flatTable);
  for (const p of PIVOTS) {
    const a = file.pivots[p.name]!;
    const b = lake.pivots[p.name]!;
    row(`${p.name} p50`, m(a.p50), m(b.p50), b.p50 / a.p50);
    row(`  p95`, m(a.p95), m(b.p95), b.p95 / a.p95);
    row(
      `  raw SQL p50 (API / raw)`,
      `${m(a.raw50)} ${(a.p50 / a.raw50).toFixed(2)}x`,
      `${m(b.raw50)} ${(b.p50 / b.raw50).toFixed(2)}x`,
      b.raw50 / a.raw50,
    );
  }
  row('ROI by media buy p50', m(file.roi.p50), m(lake.roi.p50), lake.roi.p50 / file.roi.p50);
  row('  p95', m(file.roi.p95), m(lake.roi.p95), lake.roi.p95 / file.roi.p95);
}

await main();
