import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveSegment } from '../../../src-main/core/segments/run';
import { Session } from '../../../src-main/core/session';
import { startSendServer, type SendServer } from '../../support/sending/server';
import { aceArgv } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { builtWorkerUrl } from '../helpers/worker';

function aceAsync(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = spawn(process.execPath, aceArgv(args).slice(1), { cwd: root, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => p.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/**
 * kill -9 in the middle of `ace push`, then `ace push --resume`: the server saw every eligible contact
 * exactly once (delivered batches are not sent again; the batch in flight goes again under the same
 * idempotency key), and nobody who may not be messaged.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = tempDir('ace-kill-');
const ws = join(dir, 'kill.duckdb');
let server: SendServer;
/** Every address someone consented with (a person with two gets one message, to either). */
let eligible: string[] = [];
let reachablePeople = 0;
let everyone: string[] = [];

beforeAll(async () => {
  server = await startSendServer();
  const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
  await s.open(ws, { create: true });
  await s.generateDemo({ entries: 4000, seed: 11 });
  await saveSegment(s.requireDb(), { name: 'Everyone', rule: { all: [] } });
  const preview = await s.deliver.preview({ segment: 'Everyone', channel: 'email', fields: [] });
  expect(preview.excluded.opted_out).toBeGreaterThan(0);
  // Who may be messaged, from the Segments side (segment_people's consent), to compare with.
  eligible = (await s.requireDb().rows<{ a: string }>(`SELECT unnest(email_addresses) AS a FROM segment_people WHERE reachable_email`)).map(
    (r) => r.a,
  );
  reachablePeople = preview.reachable;
  everyone = (await s.requireDb().rows<{ a: string }>(`SELECT DISTINCT email AS a FROM entries WHERE email IS NOT NULL`)).map((r) => r.a);
  expect(preview.reachable).toBeGreaterThan(500);
  await s.close();
}, 120_000);
afterAll(() => server.close());

describe('kill -9 during a push', () => {
  it('resumes where it stopped: every eligible contact exactly once, no opted-out one', async () => {
    // Each answer takes a while, so the kill lands mid-push.
    server.fault({ kind: 'slow', ms: 150 }, { times: 1000 });
    const child = spawn(
      process.execPath,
      aceArgv([
        'push',
        '--workspace',
        ws,
        '--segment',
        'Everyone',
        '--connector',
        'webhook',
        '--endpoint',
        server.endpoint,
        '--batch-size',
        '40',
        '--json',
      ]).slice(1),
      {
        cwd: root,
        env: { ...process.env, ACE_PUSH_SECRET: server.secret },
        stdio: 'ignore',
        // Its own process group, so the kill reaches every process the command started.
        detached: true,
      },
    );
    const exited = new Promise<number | null>((r) => child.on('exit', (code, signal) => r(signal ? -1 : code)));
    const t0 = Date.now();
    while (server.deliveries().length < 4 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 20));
    expect(server.deliveries().length).toBeGreaterThanOrEqual(4);
    process.kill(-child.pid!, 'SIGKILL');
    expect(await exited).toBe(-1);
    const before = server.deliveries().length;
    expect(before).toBeLessThan(Math.ceil(reachablePeople / 40));

    // Not spawnSync: the server answers from this process, whose event loop must keep running.
    const resumed = await aceAsync(['push', '--workspace', ws, '--resume', '--json'], { ACE_PUSH_SECRET: server.secret });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const infos = JSON.parse(resumed.stdout) as { status: string; counts: { accepted: number; planned: number } }[];
    expect(infos).toHaveLength(1);
    expect(infos[0]!.status).toBe('done');
    expect(infos[0]!.counts.accepted).toBe(reachablePeople);

    const delivered = server.addressesDelivered();
    expect(delivered.size).toBe(reachablePeople);
    for (const [a, times] of delivered) {
      expect(eligible).toContain(a);
      expect(times).toBe(1);
    }
    const notAllowed = everyone.filter((a) => !eligible.includes(a));
    expect(notAllowed.length).toBeGreaterThan(0);
    for (const a of notAllowed) expect(delivered.has(a)).toBe(false);
  }, 180_000);
});
