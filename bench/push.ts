/**
 * bench/push: a segment of N contacts (1M by default), every one reachable by email, pushed to the
 * local sending-service test server (a child process, so its bookkeeping is not counted here) through
 * the generic webhook connector: plan time against the same eligibility SELECT run raw in DuckDB,
 * contacts per second while sending, and this process's peak memory (DuckDB's worker included) at
 * two sizes, to show it does not grow with the segment.
 *
 *   npm run bench:push [-- --contacts 1000000 --batch 1000]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DuckDBInstance } from '@duckdb/node-api';
import { listPushes } from '../src-main/core/deliver/history';
import { rebuildFacts } from '../src-main/core/derived/facts';
import { saveSegment } from '../src-main/core/segments/run';
import { Session } from '../src-main/core/session';
import { arg, num, peakMemory, root } from './util';

const contacts = arg('contacts', 1_000_000);
const batch = arg('batch', 1000);
const dir = join(root, 'bench/.data');
mkdirSync(dir, { recursive: true });

/** The test server in its own process; resolves with its endpoint and secret. */
async function startServer(): Promise<{ endpoint: string; secret: string; stop(): void }> {
  const child = spawn(
    process.execPath,
    [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'tests/support/sending/serve.ts'), '--port', '0', '--lightweight', '--quiet'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  let endpoint = '';
  let secret = '';
  for await (const line of lines) {
    endpoint ||= /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(line)?.[1] ?? '';
    secret ||= /(whsec_\S+)/.exec(line)?.[1] ?? '';
    if (endpoint && secret) break;
  }
  return { endpoint, secret, stop: () => child.kill() };
}

async function run(n: number, server: { endpoint: string; secret: string }) {
  const path = join(dir, `push-${n}.duckdb`);
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  const s = new Session({ dataDir: dir, deliver: { maxBatch: batch } });
  await s.open(path, { create: true });
  // n people, one entry each with an email they opted in with.
  await s.requireDb().transaction(async (w) => {
    await w.run(`INSERT INTO entries (entry_id, entered_at, channel, email, first_name, email_opt_in, import_id, line)
      SELECT 'E' || i, TIMESTAMP '2026-04-01' + to_seconds(i % 2000000), 'web', 'person' || i || '@example.com', 'Name' || (i % 997), true, 1, i + 1 FROM range(${n}) t(i)`);
    await rebuildFacts(w);
  });
  const seg = await saveSegment(s.requireDb(), { name: 'Everyone', rule: { all: [] } });
  const con = await s.deliver.saveConnector({
    name: 'bench',
    config: { kind: 'webhook', endpoint: server.endpoint, timeoutMs: 60_000 },
    secret: server.secret,
  });
  // Build the people table outside the timings (it is built once after an import).
  await s.deliver.preview({ segment: seg.segmentId, channel: 'email', fields: ['first_name'] });

  const mem = peakMemory();
  // The JS heap apart: contacts are read a batch at a time, so it must not grow with the segment (DuckDB's cache may).
  let heap = process.memoryUsage().heapUsed;
  const heapTimer = setInterval(() => (heap = Math.max(heap, process.memoryUsage().heapUsed)), 50);
  const t0 = performance.now();
  const started = await s.deliver.start({ segment: seg.segmentId, channel: 'email', fields: ['first_name'], connectorId: con.connectorId });
  const planned = performance.now();
  await s.deliver.idle();
  const sent = performance.now();
  const peak = mem.stop();
  clearInterval(heapTimer);
  const info = (await listPushes(s.requireDb())).find((p) => p.pushId === started.pushId)!;
  await s.close();

  // Raw DuckDB: the same people and addresses selected, nothing written.
  const inst = await DuckDBInstance.create(path);
  const c = await inst.connect();
  const r0 = performance.now();
  await c.run(
    `CREATE TEMP TABLE x AS SELECT f.entrant, e.email FROM entries e JOIN entry_facts_t f ON f.entry_key = (e.import_id::BIGINT << 32) | e.line WHERE e.email_opt_in`,
  );
  const raw = performance.now() - r0;
  c.closeSync();
  inst.closeSync();
  return { n, status: info.status, accepted: info.counts.accepted, planMs: planned - t0, sendMs: sent - planned, raw, peak, heap };
}

async function main() {
  const server = await startServer();
  try {
    const results = [];
    for (const n of [Math.max(1000, Math.round(contacts / 4)), contacts]) {
      console.log(`Pushing ${num(n)} contacts in batches of ${num(batch)} ...`);
      results.push(await run(n, server));
    }
    console.log('\n| contacts | status | accepted | plan | raw DuckDB select | plan / raw | send | contacts/s | peak RSS | peak JS heap |');
    console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of results) {
      console.log(
        `| ${num(r.n)} | ${r.status} | ${num(r.accepted)} | ${(r.planMs / 1000).toFixed(1)} s | ${(r.raw / 1000).toFixed(2)} s | ${(r.planMs / r.raw).toFixed(1)}x | ${(r.sendMs / 1000).toFixed(1)} s | ${num(Math.round(r.n / (r.sendMs / 1000)))} | ${(r.peak / 2 ** 30).toFixed(2)} GB | ${Math.round(r.heap / 2 ** 20)} MB |`,
      );
    }
  } finally {
    server.stop();
  }
}

void main();
