/**
 * bench/import: the full import of the demo's entries export (validation, duplicates, identity,
 * attribution) against raw DuckDB `CREATE TABLE AS SELECT * FROM read_csv(...)` on the same file,
 * in the same run. Target: within 2x of raw DuckDB, with bounded memory.
 *
 *   npm run bench:import [-- --entries 10000000] [--runs 4]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { importFile } from '../src-main/core/import/importer';
import { Session } from '../src-main/core/session';
import { memoryLimit } from '../src-main/core/db/memory';
import { arg, demoExports, mb, num, root } from './util';

const entries = arg('entries', 10_000_000);
const files = demoExports(entries);
const csv = files.entries!;
const work = mkdtempSync(join(tmpdir(), 'ace-bench-import-'));
const one = process.argv.includes('--one');
if (!one) console.log(`entries.csv: ${num(entries)} rows, ${mb(statSync(csv).size)}`);

// Raw DuckDB: its own sniffing and types, into a table in a database file, nothing else.
async function raw(): Promise<number> {
  const file = join(work, `raw-${Date.now()}.duckdb`);
  const inst = await DuckDBInstance.create(file);
  const c = await inst.connect();
  const t0 = performance.now();
  await c.run(`CREATE TABLE t AS SELECT * FROM read_csv(?)`, [csv]);
  const ms = performance.now() - t0;
  c.closeSync();
  inst.closeSync();
  // Each run's database goes at once (1M: ~100 MB, 10M: ~1 GB), not at the end: a temp folder in memory (/dev/shm)
  // would otherwise hold every run's copy while the later runs are measured.
  rmSync(file, { force: true });
  rmSync(`${file}.wal`, { force: true });
  return ms;
}

interface FullRun {
  ms: number;
  /** The process's peak resident memory (maxRSS): Node, the core and DuckDB's worker, from start to end. */
  peak: number;
  phases: Record<string, number>;
  /** The peak resident memory so far at the end of each phase (where the peak was reached). */
  peakBy: Record<string, number>;
  rows: number;
}

async function full(): Promise<FullRun> {
  const s = new Session({ dataDir: work });
  await s.open(join(work, `ws-${Date.now()}.duckdb`), { create: true });
  await importFile(s.requireDb(), { path: files.media_plan!, kind: 'media_buys' });
  const phases: Record<string, number> = {};
  const peakBy: Record<string, number> = {};
  const maxRss = () => process.resourceUsage().maxRSS * 1024;
  let last = 'Reading';
  let lastAt = performance.now();
  const t0 = performance.now();
  const r = await importFile(s.requireDb(), {
    path: csv,
    kind: 'entries',
    onProgress: (p) => {
      if (p.phase !== last) {
        const now = performance.now();
        phases[last] = (phases[last] ?? 0) + now - lastAt;
        peakBy[last] = maxRss();
        last = p.phase;
        lastAt = now;
      }
    },
  });
  const ms = performance.now() - t0;
  const peak = maxRss();
  peakBy[last] = peak;
  if (r.rowsImported !== entries) throw new Error(`imported ${r.rowsImported} of ${entries}`);
  await s.close();
  return { ms, peak, phases, peakBy, rows: r.rowsRead };
}

/**
 * Each ACE import runs in a process of its own (this file with --one), so its peak memory is its own: memory
 * an earlier import or raw DuckDB took stays with a process after they close.
 */
function fullInChild(): FullRun {
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules/tsx/dist/cli.mjs'), fileURLToPath(import.meta.url), '--one', '--entries', String(entries)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
  );
  if (r.status !== 0) throw new Error(`the import run failed (exit ${r.status})`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as FullRun;
}

if (one) {
  const r = await full();
  rmSync(work, { recursive: true, force: true });
  console.log(JSON.stringify(r));
  process.exit(0);
}

// Runs alternate raw and ACE, so a slower spell of the machine falls on both (--runs, 2 unless said).
const runs = arg('runs', 2);
const rawRuns: number[] = [];
const fullRuns: FullRun[] = [];
for (let i = 0; i < runs; i++) {
  rawRuns.push(await raw());
  fullRuns.push(fullInChild());
}
const rawMs = Math.min(...rawRuns);
const best = fullRuns.reduce((a, b) => (b.ms < a.ms ? b : a));
console.log(
  `raw DuckDB CTAS read_csv : ${(rawMs / 1000).toFixed(2)} s  (${num(entries / (rawMs / 1000))} rows/s)   runs: ${rawRuns.map((m) => (m / 1000).toFixed(2)).join(', ')} s`,
);
console.log(
  `ACE import (full)        : ${(best.ms / 1000).toFixed(2)} s  (${num(best.rows / (best.ms / 1000))} rows/s)   runs: ${fullRuns.map((f) => (f.ms / 1000).toFixed(2)).join(', ')} s`,
);
console.log(
  `  phases: ${Object.entries(best.phases)
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s`)
    .join(', ')}`,
);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
console.log(
  `ratio ACE / raw          : ${(best.ms / rawMs).toFixed(2)}x best against best, ${(median(fullRuns.map((f) => f.ms)) / median(rawRuns)).toFixed(2)}x median against median   (target: within 2x)`,
);
console.log(
  `  peak memory by the end of: ${Object.entries(best.peakBy)
    .map(([k, v]) => `${k} ${mb(v)}`)
    .join(', ')}`,
);
console.log(
  `peak memory (ACE process): ${fullRuns.map((f) => mb(f.peak)).join(', ')}   (target: 2 GB at 10M; the workspace's DuckDB limit ${memoryLimit()}, spilling beside it; raw DuckDB runs with its own default, 80 % of the machine)`,
);
rmSync(work, { recursive: true, force: true });
