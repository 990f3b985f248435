/**
 * bench/segments: every template segment's count and reachability through the API (p50 / p95), and
 * what the Map asks when it opens (people by zip and stores at 10 miles, at once as the screen does), when
 * it colours by entries, for its markets layer and a store's view, and what Deliver asks when it opens
 * (every push's results and the best time to send), on the demo workspace bench:pivot makes (10M entries by default). Beside each: the same count run raw
 * in DuckDB on the people table. Targets (#20): template counts p95 ≤ 150 ms, the Map ≤ 1 s.
 *
 * With --rebuild-people the people table is dropped and built again first, timed (its parts and the peak memory).
 *
 *   npx tsx bench/segments.ts [-- --entries 10000000 --runs 15 --rebuild-people]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createDispatcher } from '../src-main/core/dispatcher';
import { ensurePeople, peopleParts } from '../src-main/core/derived/people';
import { ensurePivotTable } from '../src-main/core/derived/pivot-table';
import { Session } from '../src-main/core/session';
import { SEGMENT_TEMPLATES } from '../src-main/core/segments/templates';
import { arg, num, pct, root } from './util';

const entries = arg('entries', 10_000_000);
const runs = arg('runs', 15);
const dir = join(root, 'bench/.data');
const path = join(dir, `pivot-${entries}.duckdb`);
const ms = (x: number) => `${x.toFixed(0)} ms`.padStart(8);

async function main() {
  if (!existsSync(path)) throw new Error(`Run npm run bench:pivot -- --entries ${entries} first (it makes ${path}).`);
  const session = new Session({ dataDir: dir });
  await session.open(path);
  const db = session.requireDb();
  await ensurePivotTable(db);
  let peopleBuild = '';
  if (process.argv.includes('--rebuild-people')) {
    await db.write((w) => w.run(`DROP TABLE IF EXISTS segment_people`));
    const [n] = await db.rows<{ n: string }>(`SELECT count(*) AS n FROM entry_facts_t`);
    const t0 = performance.now();
    await ensurePeople(db);
    peopleBuild = `people table built in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${peopleParts(Number(n!.n), db.memoryLimitMb)} parts under ${db.memoryLimitMb} MB; peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;
  }
  await ensurePeople(db);
  const dispatch = createDispatcher({ session, host: { host: 'cli', version: 'bench', nativeDialogs: false } });
  const call = async (method: string, input: unknown) => {
    const r = await dispatch(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value;
  };

  const [{ store_id: firstStore }] = (await db.rows<{ store_id: string }>(`SELECT store_id FROM stores ORDER BY store_id LIMIT 1`)) as [
    { store_id: string },
  ];

  const counts: { name: string; ace: number[]; people: number }[] = [];
  for (const t of SEGMENT_TEMPLATES) {
    const times: number[] = [];
    let people = 0;
    for (let i = 0; i < runs + 1; i++) {
      const t0 = performance.now();
      const r = (await call('segments.count', { rule: t.rule })) as { people: number };
      if (i > 0) times.push(performance.now() - t0);
      people = r.people;
    }
    counts.push({ name: t.name, ace: times, people });
  }
  // What the Map asks when it opens (people by zip, stores at 10 miles, all at once as the screen does),
  // then what it asks when colouring by entries or cost per entry, and for the markets layer.
  const timed = async (calls: () => Promise<unknown>) => {
    const out: number[] = [];
    for (let i = 0; i < Math.min(runs, 5) + 1; i++) {
      const t0 = performance.now();
      await calls();
      if (i > 0) out.push(performance.now() - t0);
    }
    return out;
  };
  const map = await timed(() => Promise.all([call('geo.zips', {}), call('geo.stores', { miles: 10, filters: [] })]));
  const byEntries = await timed(() => call('geo.measures', { filters: [] }));
  const markets = await timed(() => call('geo.markets', {}));
  const store = await timed(() => call('geo.storeView', { storeId: firstStore, miles: 10, filters: [] }));
  // What Deliver asks when it opens, at once as the screen does: every push's results and the best time to send.
  const deliver = await timed(() => Promise.all([call('outcomes.results', { windowDays: 14 }), call('outcomes.bestTime', {})]));
  const bestTime = await timed(() => call('outcomes.bestTime', {}));
  await session.close();

  // Raw DuckDB: the people table's row count, a floor for any count over it.
  const inst = await DuckDBInstance.create(path);
  const c = await inst.connect();
  const raw: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t0 = performance.now();
    await c.runAndReadAll(
      `SELECT count(*), count(*) FILTER (WHERE reachable_email), count(*) FILTER (WHERE reachable_sms) FROM segment_people`,
    );
    if (i > 0) raw.push(performance.now() - t0);
  }
  c.closeSync();
  inst.closeSync();

  console.log(`${num(entries)} entries; ${runs} runs each after one warm-up\n`);
  if (peopleBuild) console.log(`${peopleBuild}\n`);
  console.log(`${'template segment (count + reachability)'.padEnd(46)} ${'p50'.padStart(8)} ${'p95'.padStart(8)}  people`);
  for (const x of counts) console.log(`${x.name.padEnd(46)} ${ms(pct(x.ace, 50))} ${ms(pct(x.ace, 95))}  ${num(x.people)}`);
  console.log(`${'raw DuckDB: count over the people table'.padEnd(46)} ${ms(pct(raw, 50))} ${ms(pct(raw, 95))}`);
  console.log(`\nMap opening (people by zip + stores at 10 mi): p50 ${ms(pct(map, 50))}, worst ${ms(Math.max(...map))}`);
  console.log(`  colour by entries / cost per entry (geo.measures): p50 ${ms(pct(byEntries, 50))}, worst ${ms(Math.max(...byEntries))}`);
  console.log(`  markets layer (geo.markets): p50 ${ms(pct(markets, 50))}, worst ${ms(Math.max(...markets))}`);
  console.log(`  a store's view (geo.storeView): p50 ${ms(pct(store, 50))}, worst ${ms(Math.max(...store))}`);
  console.log(`\nDeliver opening (push results + best time to send): p50 ${ms(pct(deliver, 50))}, worst ${ms(Math.max(...deliver))}`);
  console.log(`  the best time to send alone (outcomes.bestTime): p50 ${ms(pct(bestTime, 50))}, worst ${ms(Math.max(...bestTime))}`);
  console.log('Targets: template counts p95 ≤ 150 ms; the Map ≤ 1 s (10M entries, 2 cores). Deliver has none of its own in #20.');
}

await main();
