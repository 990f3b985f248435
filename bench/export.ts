/**
 * bench/export: the export jobs on demo workspaces. A segment of about 1M people (CSV, and XLSX when it
 * fits a sheet) and a raw export of every entry (10M by default), each run through the dispatcher as the
 * app runs it (job start, progress events, file in a folder), printing time, rows/s, the file's size and
 * the process's peak resident memory (sampled every 100 ms; the DuckDB worker thread is in this
 * process), so "flat memory" is a number next to the row count.
 *
 *   npx tsx bench/export.ts [--entries 10000000] [--people 1000000] [--xlsx 0|1] [--segment 0|1] [--raw 0|1]
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { JobStarted } from '../src-main/contract/jobs';
import { createDispatcher } from '../src-main/core/dispatcher';
import { Session } from '../src-main/core/session';
import { arg, mb, num, peakMemory, root } from './util';

const entries = arg('entries', 10_000_000);
const people = arg('people', 1_000_000);
const withXlsx = arg('xlsx', 1) === 1;
const withSegment = arg('segment', 1) === 1;
const withRaw = arg('raw', 1) === 1;
const dir = join(root, 'bench/.data');
const out = join(dir, 'export-out');
mkdirSync(out, { recursive: true });

/** A demo workspace with `n` entries, generated once and kept (the same files bench/pivot uses). */
async function workspace(n: number): Promise<Session> {
  const path = join(dir, `pivot-${n}.duckdb`);
  const session = new Session({ dataDir: dir });
  if (!existsSync(path)) {
    console.log(`Generating a demo workspace with ${num(n)} entries (once) ...`);
    const t0 = performance.now();
    await session.open(path, { create: true });
    await session.generateDemo({ entries: n, seed: 42 });
    console.log(`  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } else await session.open(path);
  return session;
}

interface Row {
  name: string;
  rows: number;
  seconds: number;
  bytes: number;
  before: number;
  peak: number;
  events: number;
  duckdb: number;
}

async function runJob(session: Session, name: string, method: string, input: Record<string, unknown>, file: string): Promise<Row> {
  rmSync(file, { force: true });
  const dispatch = createDispatcher({ session, host: { host: 'cli', version: 'bench', nativeDialogs: false } });
  let events = 0;
  const off = session.events.subscribe((e) => e === 'task.progress' && events++);
  const before = process.memoryUsage().rss;
  const mem = peakMemory();
  const t0 = performance.now();
  const r = await dispatch(method, { ...input, path: file });
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  const info = await session.jobs.wait((r.value as JobStarted).jobId);
  const seconds = (performance.now() - t0) / 1000;
  const peak = mem.stop();
  off();
  if (info.state !== 'done') throw new Error(`${name}: ${info.state} ${info.message ?? ''}`);
  // DuckDB's own account of its memory (buffer pool: cached blocks and working memory) after the job.
  const [m] = await session.requireDb().rows<{ b: unknown }>(`SELECT coalesce(sum(memory_usage_bytes), 0) AS b FROM duckdb_memory()`);
  const row = { name, rows: info.output!.rows ?? 0, seconds, bytes: statSync(file).size, before, peak, events, duckdb: Number(m!.b) };
  console.log(`  ${name}: ${num(row.rows)} rows in ${seconds.toFixed(1)} s`);
  return row;
}

async function main() {
  const results: Row[] = [];
  if (withSegment) await segmentExports(results);
  if (withRaw) await rawExports(results);
  printTable(results);
  rmSync(out, { recursive: true, force: true });
}

async function segmentExports(results: Row[]) {
  // About 0.48 people per entry in the demo: a workspace sized so that everyone is ~`people`.
  const segEntries = Math.round(people / 0.48);
  const seg = await workspace(segEntries);
  // segment_people is built on first use (as after an import); built before timing the export.
  const dispatch = createDispatcher({ session: seg, host: { host: 'cli', version: 'bench', nativeDialogs: false } });
  const tb = performance.now();
  const count = await dispatch('segments.count', { rule: { all: [] } });
  if (!count.ok) throw new Error(count.error.message);
  console.log(
    `Segment workspace: ${num(segEntries)} entries, ${num((count.value as { people: number }).people)} people (people table built in ${((performance.now() - tb) / 1000).toFixed(1)} s)`,
  );
  const columns = [
    'entrant_id',
    'email',
    'phone',
    'zip',
    'state',
    'age',
    'entries',
    'first_entry',
    'last_entry',
    'redemptions',
    'redemption_amount',
    'reachable_email',
    'reachable_sms',
  ];
  results.push(
    await runJob(seg, 'segment CSV', 'segments.export', { rule: { all: [] }, columns, format: 'csv' }, join(out, 'segment.csv')),
  );
  if (withXlsx)
    results.push(
      await runJob(seg, 'segment XLSX', 'segments.export', { rule: { all: [] }, columns, format: 'xlsx' }, join(out, 'segment.xlsx')),
    );
  await seg.close();
}

async function rawExports(results: Row[]) {
  const raw = await workspace(entries);
  const d2 = createDispatcher({ session: raw, host: { host: 'cli', version: 'bench', nativeDialogs: false } });
  const tp = performance.now();
  const c2 = await d2('pivot.count', { filters: [] });
  if (!c2.ok) throw new Error(c2.error.message);
  console.log(`Raw workspace: ${num(entries)} entries (Explore's table ready in ${((performance.now() - tp) / 1000).toFixed(1)} s)`);
  results.push(await runJob(raw, 'raw rows CSV', 'pivot.exportRows', { filters: [] }, join(out, 'rows.csv')));
  // Again with DuckDB's cache warm: what the export itself adds to memory.
  results.push(await runJob(raw, 'raw rows CSV (again, cache warm)', 'pivot.exportRows', { filters: [] }, join(out, 'rows.csv')));
  results.push(
    await runJob(
      raw,
      'raw rows CSV, one channel',
      'pivot.exportRows',
      { filters: [{ field: 'channel', op: 'in', values: ['web'] }] },
      join(out, 'rows-web.csv'),
    ),
  );
  await raw.close();
}

function printTable(results: Row[]) {
  console.log('\n| export | rows | time | rows/s | file | RSS before | peak RSS | DuckDB memory after | progress events |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${num(r.rows)} | ${r.seconds.toFixed(1)} s | ${num(r.rows / r.seconds)} | ${mb(r.bytes)} | ${mb(r.before)} | ${mb(r.peak)} | ${mb(r.duckdb)} | ${r.events} |`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
