/**
 * bench/append: "ready after an import" (#20). On a copy of the 10M-entry demo workspace (bench:pivot
 * makes it) with Explore's flat table, cube and the people table built, append 100,000 entries (a tenth
 * of them people who entered before, so identities merge), then time the first pivot and the first
 * segment count through the API. Beside it: raw DuckDB reading the same CSV into a table, and what a
 * whole rebuild of the derived tables costs (the way before: every import dropped them).
 *
 *   npx tsx bench/append.ts [-- --entries 10000000 --append 100000 --rebuild 1]
 *
 * The derived tables are built once in the source workspace and kept there; `--rebuild 1` also times a
 * whole rebuild of them (minutes at 10M).
 */
import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createDispatcher } from '../src-main/core/dispatcher';
import { ensurePeople } from '../src-main/core/derived/people';
import { ensurePivotTable } from '../src-main/core/derived/pivot-table';
import { importFile } from '../src-main/core/import/importer';
import { Session } from '../src-main/core/session';
import { arg, mb, num, peakMemory, root } from './util';

const entries = arg('entries', 10_000_000);
const append = arg('append', 100_000);
const dir = join(root, 'bench/.data');
const source = join(dir, `pivot-${entries}.duckdb`);
const copy = join(dir, `append-${entries}.duckdb`);
const csvPath = join(dir, `append-${append}.csv`);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await f();
  return [r, performance.now() - t0];
}

async function main() {
  if (!existsSync(source)) throw new Error(`Run npm run bench:pivot -- --entries ${entries} first (it makes ${source}).`);
  // The derived tables, built (or rebuilt, to time it) in the source workspace.
  const prep = new Session({ dataDir: dir });
  await prep.open(source);
  if (arg('rebuild', 0))
    await prep.requireDb().transaction(async (w) => {
      for (const t of ['pivot_cube', 'pivot_entries', 'segment_people']) await w.run(`DROP TABLE IF EXISTS ${t}`);
    });
  const [, pivotBuild] = await timed(() => ensurePivotTable(prep.requireDb()));
  const [, peopleBuild] = await timed(() => ensurePeople(prep.requireDb()));
  await prep.close();
  rmSync(copy, { force: true });
  rmSync(`${copy}.wal`, { force: true });
  copyFileSync(source, copy);
  const session = new Session({ dataDir: dir });
  await session.open(copy);
  const db = session.requireDb();
  // A tenth of the new entries come from people already there (their email), the rest are new.
  const known = await db.rows<{ email: string }>(
    `SELECT email FROM entries WHERE email IS NOT NULL USING SAMPLE ${Math.round(append / 10)} ROWS`,
  );
  const lines = ['entry_id,entered_at,channel,keyword,email,phone,zip,age,purchase_timeframe'];
  for (let i = 0; i < append; i++) {
    const email = i % 10 === 0 && known[i / 10] ? known[i / 10]!.email : `append${i}@example.net`;
    const day = 1 + (i % 28);
    lines.push(
      `AP${i},2026-06-${String(day).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00,${i % 3 ? 'sms' : 'web'},,${email},+1617${String(5550000 + (i % 9999999)).slice(-7)},${String(10000 + (i % 89999)).padStart(5, '0')},${18 + (i % 60)},${i % 2 ? '0-3 months' : '6+ months'}`,
    );
  }
  writeFileSync(csvPath, lines.join('\n') + '\n');

  const dispatch = createDispatcher({ session, host: { host: 'cli', version: 'bench', nativeDialogs: false } });
  const call = async (method: string, input: unknown) => {
    const r = await dispatch(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value;
  };
  const mem = peakMemory();
  const [report, importMs] = await timed(() => importFile(db, { path: csvPath, kind: 'entries' }));
  const peak = mem.stop();
  const [, pivotMs] = await timed(() =>
    call('pivot.run', { rows: ['channel'], cols: ['entry_month'], measures: [{ fn: 'entries' }, { fn: 'revenue' }] }),
  );
  const [, countMs] = await timed(() =>
    call('segments.count', { rule: { type: 'answer', field: 'purchase_timeframe', values: ['0-3 months'] } }),
  );
  const [, flatMs] = await timed(() => call('pivot.run', { rows: ['state'], measures: [{ fn: 'entries' }], topN: 10 }));
  await session.close();

  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  const [, rawMs] = await timed(() => c.run(`CREATE TABLE t AS SELECT * FROM read_csv('${csvPath}')`));
  c.closeSync();
  inst.closeSync();
  rmSync(copy, { force: true });
  rmSync(`${copy}.wal`, { force: true });

  console.log(`${num(entries)} entries + ${num(report.rowsImported)} appended (${num(report.rowsRead)} read)\n`);
  console.log(
    `import of the ${num(append)} entries       ${s(importMs).padStart(8)}   (raw DuckDB read_csv into a table: ${s(rawMs)}; peak RSS ${mb(peak)})`,
  );
  console.log(`first pivot after it (cube)         ${s(pivotMs).padStart(8)}   target ≤ 2 s`);
  console.log(`first segment count after it        ${s(countMs).padStart(8)}   target ≤ 2 s`);
  console.log(`first flat-table pivot after it     ${s(flatMs).padStart(8)}   target ≤ 2 s`);
  if (arg('rebuild', 0))
    console.log(
      `whole rebuild instead (as before)   ${s(pivotBuild + peopleBuild).padStart(8)}   flat table + cube ${s(pivotBuild)}, people ${s(peopleBuild)}`,
    );
}

await main();
