import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushInfo } from '../../../src-main/core/deliver/history';
import { rerunSegment } from '../../../src-main/core/deliver/rerun';
import { runDraw, verifyDraw } from '../../../src-main/core/draw/draw';
import { pivotCount } from '../../../src-main/core/pivot/run';
import { getRoi } from '../../../src-main/core/roi/metrics';
import { saveSegment } from '../../../src-main/core/segments/run';
import { Session } from '../../../src-main/core/session';
import { startSendServer, type SendServer } from '../../support/sending/server';
import { aceArgv, aceProcess } from '../helpers/cli';
import { csv } from '../helpers/import';
import { tempDir } from '../helpers/tmp';
import { builtWorkerUrl } from '../helpers/worker';

/**
 * A team's campaign on a DuckLake whose catalog is in PostgreSQL (.ci/run installs and starts it; ACE_TEST_PG_*
 * point elsewhere). Two programs at once: this test's session (the app) and `ace` in processes of their own.
 * Each test run has its own schema in the catalog database, so runs never meet.
 */
const PG = {
  host: process.env.ACE_TEST_PG_HOST ?? '127.0.0.1',
  port: Number(process.env.ACE_TEST_PG_PORT ?? 5432),
  database: process.env.ACE_TEST_PG_DATABASE ?? 'ace_lake',
  user: process.env.ACE_TEST_PG_USER ?? 'ace',
  password: process.env.ACE_TEST_PG_PASSWORD ?? 'ace-test-only',
};
const dir = tempDir('ace-team-');
const lake = join(dir, 'spring.acelake');
const env = { ACE_LAKE_PASSWORD: PG.password, ACE_DATA_DIR: join(dir, 'cli-data') };

/** `ace …` in a process of its own, not waited on synchronously (this process keeps working meanwhile). */
function aceAsync(args: string[], extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const [node, ...argv] = aceArgv(args);
  const child = spawn(node!, argv, { env: { ...process.env, ...env, ...extra } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

/** A CSV of `n` web entries in the test's folder (ids `${id}0`…, addresses `${email}0@example.com`…, all on `day`); its path. */
function webEntries(name: string, id: string, email: string, n: number, day: string): string {
  const path = join(dir, name);
  const rows = Array.from({ length: n }, (_, i) => [`${id}${i}`, `${day} 10:00`, 'web', `${email}${i}@example.com`]);
  writeFileSync(path, csv([['entry_id', 'entered_at', 'channel', 'email'], ...rows]));
  return path;
}

describe('two programs on one team lake (PostgreSQL catalog)', () => {
  let s: Session;
  let server: SendServer;
  const changes: string[][] = [];
  beforeAll(async () => {
    writeFileSync(
      lake,
      JSON.stringify({
        format: 'ace-lake/1',
        catalog: {
          postgres: { host: PG.host, port: PG.port, database: PG.database, user: PG.user, schema: `t${process.pid}_${Date.now()}` },
        },
        dataPath: 'shared-data',
      }),
    );
    process.env.ACE_LAKE_PASSWORD = PG.password;
    server = await startSendServer();
    s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir, background: true, lakeWatchEveryMs: 150, deliver: { maxBatch: 50 } });
    try {
      await s.open(lake, { create: true });
    } catch (e) {
      throw new Error(
        `PostgreSQL for the team-lake tests is not reachable as ${PG.user}@${PG.host}:${PG.port}/${PG.database} (.ci/run starts it): ${(e as Error).message}`,
        { cause: e },
      );
    }
    await s.generateDemo({ entries: 1500, seed: 3 });
    s.events.subscribe((name, payload) => {
      const by = (payload as { by?: string[] }).by;
      if (name === 'workspace.changed' && by) changes.push(by);
    });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await server?.close();
    delete process.env.ACE_LAKE_PASSWORD;
  });

  it('keeps no password in the lake file, the catalog or the data folder', () => {
    const r = aceProcess(['info', '--workspace', lake, '--json'], { ...env, ACE_LAKE_PASSWORD: '' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('no password for it is known here');
    expect(JSON.stringify(JSON.parse(aceProcess(['info', '--workspace', lake, '--json'], env).stdout))).not.toContain(PG.password);
  });

  it('one imports while the other explores: the other sees it once committed, says who, and its figures follow', async () => {
    const db = s.requireDb();
    expect(db.engine).toBe('lake');
    const before = (await pivotCount(db, { filters: [] })).entries;
    expect(before).toBe(1500);
    const more = webEntries('more.csv', 'T', 'team', 40, '2026-04-01');
    const imported = await aceAsync(['import', more, '--kind', 'entries', '--workspace', lake, '--json']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    await expect.poll(() => changes.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(changes.at(-1)).toEqual(['you, in another program']);
    // The derived tables the other program's import dropped are built again here: the figures follow.
    expect((await pivotCount(db, { filters: [] })).entries).toBe(1540);
    expect((await getRoi(db, { by: 'media_buy', filters: {} })).total.entries).toBe(1540);
  });

  it('a push is sent by one program at a time: the other is told who sends it, and everyone gets it once', async () => {
    const db = s.requireDb();
    const seg = await saveSegment(db, { name: 'Web entrants', rule: { type: 'response', field: 'channel', values: ['web'] } });
    const connectorId = (
      await s.deliver.saveConnector({
        name: 'Local',
        config: { kind: 'webhook', endpoint: server.endpoint, timeoutMs: 5000 },
        secret: server.secret,
      })
    ).connectorId;
    // Slow answers: the push is still sending when the other program tries to resume it.
    server.fault({ kind: 'slow', ms: 1500 }, { times: 1000 });
    const started = await s.deliver.start({ segment: seg.segmentId, channel: 'email', fields: ['first_name'], connectorId });
    // A batch on its way (not the connection check before it): this program holds the push's lease.
    await expect
      .poll(() => server.requests().filter((r) => r.key?.startsWith(started.pushId)).length, { timeout: 15_000 })
      .toBeGreaterThan(0);
    const other = await aceAsync(['push', '--workspace', lake, '--resume', '--push', started.pushId, '--json'], {
      ACE_PUSH_SECRET: server.secret,
    });
    expect(other.code, other.stdout + other.stderr).not.toBe(0);
    expect(other.stderr).toContain('is being sent by you, in another program');
    // The other program has tried: the rest of the batches need not wait 1.5 s each.
    server.clearFaults();
    await s.deliver.idle();
    const info = await pushInfo(db, started.pushId);
    expect(info.status).toBe('done');
    const planned = await db.rows<{ address: string }>(`SELECT address FROM push_contacts WHERE push_id = $1 AND batch IS NOT NULL`, [
      started.pushId,
    ]);
    const delivered = server.addressesDelivered();
    expect(planned.length).toBeGreaterThan(50);
    expect(delivered.size).toBe(planned.length);
    for (const p of planned) expect(delivered.get(p.address)).toBe(1);
    // Every batch was taken by this program: the other sent nothing.
    expect(server.requests().filter((r) => r.status === 200 && r.key?.startsWith(started.pushId)).length).toBe(
      Math.ceil(planned.length / 50),
    );
  }, 120_000);

  it('a draw and a push re-run at the snapshots they read, after another program imported more web entrants', async () => {
    const db = s.requireDb();
    const draw = await runDraw(db, {
      tier: 'Team prize',
      count: 2,
      seed: 'team-seed',
      rule: { type: 'response', field: 'channel', values: ['web'] },
    });
    const [push] = await db.rows<{ push_id: string }>(`SELECT push_id FROM pushes ORDER BY created_at DESC LIMIT 1`);
    const before = await rerunSegment(db, push!.push_id);
    const more = webEntries('later.csv', 'L', 'later', 30, '2026-04-02');
    const imported = await aceAsync(['import', more, '--kind', 'entries', '--workspace', lake, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    await expect.poll(async () => (await rerunSegment(db, push!.push_id)).now, { timeout: 10_000 }).toBe(before.now + 30);
    const after = await rerunSegment(db, push!.push_id);
    expect(after).toMatchObject({ same: true, again: before.recorded, recorded: before.recorded });
    const v = await verifyDraw(db, draw.drawId);
    expect(v, v.message).toMatchObject({ same: true, poolChanged: false });
    expect(v.message).toContain(`at snapshot ${draw.snapshot}`);
  }, 60_000);

  it('a member whose shared folder is mounted at another path opens the lake there, and their import is everyone’s', async () => {
    // The same shared folder reached by another path (here a link; on their laptop, another mount point), named
    // by their own team lake file, as the lake file of someone else's machine would.
    mkdirSync(join(dir, 'mnt'));
    symlinkSync(join(dir, 'shared-data'), join(dir, 'mnt', 'spring'));
    mkdirSync(join(dir, 'member'));
    const theirs = join(dir, 'member', 'spring.acelake');
    writeFileSync(theirs, JSON.stringify({ ...JSON.parse(readFileSync(lake, 'utf8')), dataPath: '../mnt/spring' }));
    const db = s.requireDb();
    const before = (await pivotCount(db, { filters: [] })).entries;
    // Enough rows to be written as Parquet files in the shared folder rather than inlined in the catalog.
    const more = webEntries('member.csv', 'M', 'member', 1500, '2026-04-03');
    const imported = await aceAsync(['import', more, '--kind', 'entries', '--workspace', theirs, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    await expect.poll(async () => (await pivotCount(db, { filters: [] })).entries, { timeout: 10_000 }).toBe(before + 1500);
  }, 60_000);
});
