import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveSegment } from '../../../src-main/core/segments/run';
import { Session } from '../../../src-main/core/session';
import { startSendServer, type SendServer } from '../../support/sending/server';
import { ace, aceArgv } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { builtWorkerUrl } from '../helpers/worker';

/**
 * kill -9 in the middle of `ace sync --run`, then `ace sync --resume`: the list the service holds is the one
 * the segment says, every operation applied once (a batch in flight goes again under its key, and the service
 * answers it as before), and a new run waits until the interrupted one is finished.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = tempDir('ace-sync-kill-');
const ws = join(dir, 'sync.duckdb');
let server: SendServer;
let syncId = '';
/** The addresses the list must hold: who may be messaged by email (one address each). */
let expected: string[] = [];

beforeAll(async () => {
  server = await startSendServer();
  const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
  await s.open(ws, { create: true });
  await s.generateDemo({ entries: 3000, seed: 5 });
  await saveSegment(s.requireDb(), { name: 'Everyone', rule: { all: [] } });
  const preview = await s.deliver.preview({ segment: 'Everyone', channel: 'email', fields: [] });
  expect(preview.reachable).toBeGreaterThan(300);
  await s.close();
  const saved = await ace(
    [
      'sync',
      '--workspace',
      ws,
      '--save',
      '--name',
      'Newsletter',
      '--segment',
      'Everyone',
      '--connector',
      'webhook',
      '--endpoint',
      server.endpoint,
      '--mode',
      'mirror',
      '--batch-size',
      '50',
      '--json',
    ],
    { ACE_PUSH_SECRET: server.secret },
  );
  expect(saved.stderr).toBe('');
  syncId = (JSON.parse(saved.stdout) as { syncId: string }).syncId;
  const p = await ace(['sync', '--workspace', ws, '--sync', syncId, '--preview', '--json'], { ACE_PUSH_SECRET: server.secret });
  const pv = JSON.parse(p.stdout) as { add: number; remove: number; firstRequest: { type: string; operation: string } };
  expect(pv).toMatchObject({ add: preview.reachable, remove: 0, firstRequest: { type: 'ace.sync.batch', operation: 'add' } });
  // Who the list must hold: each reachable person's address, as the push planner picks it.
  const s2 = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
  await s2.open(ws);
  const { candidatesSql } = await import('../../../src-main/core/deliver/eligible');
  const { Params } = await import('../../../src-main/core/lib/params');
  const q = new Params();
  expected = (
    await s2
      .requireDb()
      .rows<{ a: string }>(
        `SELECT address AS a FROM (${candidatesSql({ where: 'true', channel: 'email', fields: [] }, q)}) WHERE reason IS NULL`,
        q.values,
      )
  )
    .map((r) => r.a)
    .sort();
  await s2.close();
}, 120_000);
afterAll(() => server.close());

describe('kill -9 during an audience sync run', () => {
  it('resumes where it stopped: the list equals the segment, each batch applied once', async () => {
    server.fault({ kind: 'slow', ms: 200 }, { times: 1000 });
    const child = spawn(process.execPath, aceArgv(['sync', '--workspace', ws, '--sync', syncId, '--run', '--json']).slice(1), {
      cwd: root,
      env: { ...process.env, ACE_PUSH_SECRET: server.secret },
      stdio: 'ignore',
      detached: true,
    });
    // Killed with a batch in flight, after a few were recorded.
    await expect.poll(() => server.deliveries().length, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(3);
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const applied = server.deliveries().length;
    expect(server.list(syncId).size).toBeLessThan(expected.length);

    const env = { ACE_PUSH_SECRET: server.secret };
    const [run] = JSON.parse((await ace(['sync', '--workspace', ws, '--sync', syncId, '--history', '--json'], env)).stdout) as {
      runId: string;
      status: string;
    }[];
    expect(run!.status).toBe('sending');
    // A new run now would plan what the killed one still has to send: refused, with what to do.
    const again = await ace(['sync', '--workspace', ws, '--sync', syncId, '--run'], env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain(`Run ${run!.runId} of "Newsletter" did not finish: resume it first`);

    const resumed = await ace(['sync', '--workspace', ws, '--resume', run!.runId, '--json'], env);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: 'done', failed: 0, done: { add: expected.length } });
    expect([...server.list(syncId).keys()].sort()).toEqual(expected);
    // Every batch key applied once: as many distinct deliveries as batches (the one in flight answered again, not applied twice).
    const keys = server.deliveries().map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(Math.ceil(expected.length / 50));
    expect(applied).toBeLessThan(keys.length);
    // Nothing left to do: the next run changes nothing.
    const next = JSON.parse((await ace(['sync', '--workspace', ws, '--sync', syncId, '--preview', '--json'], env)).stdout) as Record<
      string,
      number
    >;
    expect(next).toMatchObject({ add: 0, update: 0, remove: 0, unchanged: expected.length });

    // The next run after the kill: the segment shrinks to web entrants; the list follows it exactly.
    const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
    await s.open(ws);
    const segmentId = (
      await s.requireDb().rows<{ id: string }>(`SELECT DISTINCT segment_id AS id FROM segments WHERE name = 'Everyone'`)
    )[0]!.id;
    await saveSegment(s.requireDb(), { segmentId, name: 'Everyone', rule: { type: 'response', field: 'channel', values: ['web'] } });
    const { where } = await import('../../../src-main/core/segments/run');
    const { candidatesSql } = await import('../../../src-main/core/deliver/eligible');
    const { Params } = await import('../../../src-main/core/lib/params');
    const q = new Params();
    const w = await where(s.requireDb(), { type: 'response', field: 'channel', values: ['web'] }, q);
    const web = (
      await s
        .requireDb()
        .rows<{ a: string }>(
          `SELECT address AS a FROM (${candidatesSql({ where: w, channel: 'email', fields: [] }, q)}) WHERE reason IS NULL`,
          q.values,
        )
    )
      .map((r) => r.a)
      .sort();
    await s.close();
    expect(web.length).toBeLessThan(expected.length);
    const refused = await ace(['sync', '--workspace', ws, '--sync', syncId, '--run'], env);
    expect(refused.stderr).toContain('more than its guard of 10%');
    const shrunk = await ace(['sync', '--workspace', ws, '--sync', syncId, '--run', '--confirm-removals', '--json'], env);
    expect(JSON.parse(shrunk.stdout)).toMatchObject({ status: 'done', done: { remove: expected.length - web.length } });
    expect([...server.list(syncId).keys()].sort()).toEqual(web);
  }, 120_000);
});
