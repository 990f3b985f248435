/**
 * bench/pivot: typical Explore pivots on a demo workspace (10M entries by default): end-to-end latency
 * from the API call (dispatcher, validation, DuckDB worker, Arrow IPC bytes) p50 and p95, against the
 * same SQL run raw in DuckDB on the same file. Target: p95 under 150 ms for two-dimension pivots, and
 * under 1.3x raw DuckDB.
 *
 *   npm run bench:pivot [-- --entries 1000000 --runs 15]
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { pivotSpec, type PivotSpec } from '../src-main/contract/pivot';
import { createDispatcher } from '../src-main/core/dispatcher';
import { pivotQuery } from '../src-main/core/pivot/query';
import { ensurePivotTable } from '../src-main/core/derived/pivot-table';
import { Session } from '../src-main/core/session';
import { arg, num, pct, root } from './util';

const entries = arg('entries', 10_000_000);
const runs = arg('runs', 15);
const dir = join(root, 'bench/.data');
mkdirSync(dir, { recursive: true });
const path = join(dir, `pivot-${entries}.duckdb`);

const PIVOTS: { name: string; spec: PivotSpec }[] = [
  { name: 'channel x month (entries)', spec: { rows: ['channel'], cols: ['entry_month'], measures: [{ fn: 'entries' }] } },
  {
    name: 'media buy x channel (entries, entrants)',
    spec: { rows: ['media_buy'], cols: ['channel'], measures: [{ fn: 'entries' }, { fn: 'unique_entrants' }] },
  },
  {
    name: 'market x age band (entries, median age)',
    spec: { rows: ['market', 'age_band'], measures: [{ fn: 'entries' }, { fn: 'median', field: 'age' }] },
  },
  {
    name: 'state x timeframe, sms only',
    spec: {
      rows: ['state'],
      cols: ['purchase_timeframe'],
      measures: [{ fn: 'entries' }],
      filters: [{ field: 'channel', op: 'in', values: ['sms'] }],
    },
  },
  {
    name: 'media type x week (revenue)',
    spec: { rows: ['media_type'], cols: ['entry_week'], measures: [{ fn: 'entries' }, { fn: 'revenue' }] },
  },
  { name: 'zip top 20 (entries)', spec: { rows: ['zip'], measures: [{ fn: 'entries' }], topN: 20 } },
];

async function main() {
  const session = new Session({ dataDir: dir });
  if (!existsSync(path)) {
    console.log(`Generating a demo workspace with ${num(entries)} entries (once) ...`);
    await session.open(path, { create: true });
    await session.generateDemo({ entries, seed: 42 });
  } else await session.open(path);
  // Explore's flat table is built on first use after an import; its cost is reported on its own.
  await session.requireDb().transaction((w) => w.run('DROP TABLE IF EXISTS pivot_entries'));
  const tb = performance.now();
  await ensurePivotTable(session.requireDb());
  const buildMs = performance.now() - tb;
  const dispatch = createDispatcher({ session, host: { host: 'cli', version: 'bench', nativeDialogs: false } });
  const ace: Record<string, number[]> = {};
  for (const p of PIVOTS) {
    ace[p.name] = [];
    for (let i = 0; i < runs + 1; i++) {
      const t0 = performance.now();
      const r = await dispatch('pivot.run', p.spec);
      if (!r.ok) throw new Error(`${p.name}: ${r.error.message}`);
      if (i > 0) ace[p.name]!.push(performance.now() - t0); // the first run warms caches
    }
  }
  await session.close();

  const inst = await DuckDBInstance.create(path);
  const c = await inst.connect();
  const raw: Record<string, number[]> = {};
  for (const p of PIVOTS) {
    const q = pivotQuery(pivotSpec.parse(p.spec));
    raw[p.name] = [];
    for (let i = 0; i < runs + 1; i++) {
      const t0 = performance.now();
      await c.runAndReadAll(q.sql, q.params.length ? q.params : undefined);
      if (i > 0) raw[p.name]!.push(performance.now() - t0);
    }
  }
  c.closeSync();
  inst.closeSync();

  console.log(
    `${num(entries)} entries, ${runs} runs each (after one warm-up); Explore's flat table built in ${(buildMs / 1000).toFixed(1)} s\n`,
  );
  console.log(
    `${'pivot'.padEnd(42)} ${'ACE p50'.padStart(8)} ${'ACE p95'.padStart(8)} ${'raw p50'.padStart(8)} ${'raw p95'.padStart(8)}  ratio p50`,
  );
  for (const p of PIVOTS) {
    const a = ace[p.name]!;
    const r = raw[p.name]!;
    console.log(
      `${p.name.padEnd(42)} ${pct(a, 50).toFixed(0).padStart(6)}ms ${pct(a, 95).toFixed(0).padStart(6)}ms ${pct(r, 50).toFixed(0).padStart(6)}ms ${pct(r, 95).toFixed(0).padStart(6)}ms  ${(pct(a, 50) / pct(r, 50)).toFixed(2)}x`,
    );
  }
  console.log('\nTarget: p95 under 150 ms for two-dimension pivots on 10M entries (2 cores), overhead under 1.3x raw DuckDB.');
}

await main();
