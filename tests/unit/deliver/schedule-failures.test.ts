import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audienceSql, exclusionSql } from '../../../src-main/core/deliver/eligible';
import { listPushes } from '../../../src-main/core/deliver/history';
import { listSchedules, saveSchedule } from '../../../src-main/core/deliver/schedule';
import { MemorySecrets } from '../../../src-main/core/deliver/secrets';
import { Params } from '../../../src-main/core/lib/params';
import { saveSegment } from '../../../src-main/core/segments/run';
import { Session } from '../../../src-main/core/session';
import { tempDir } from '../helpers/tmp';
import { builtWorkerUrl } from '../helpers/worker';

/**
 * Background failures are recorded and shown, never swallowed: a scheduled push that cannot start
 * leaves a run with its reason in the schedule's history and a failed task event the app shows; a
 * run cut off before its push was planned is found at the next start; two checks at once start a
 * schedule once. Typed audience/exclusion intents are compiled with bound parameters.
 */
const dir = tempDir('ace-schedule-fail-');
let s: Session;
let segmentId = '';
let csvConnector = '';
const events: { taskId: string; ok: boolean; message?: string }[] = [];

beforeAll(async () => {
  // No secrets anywhere: not even ACE_PUSH_SECRET from the environment the tests run in.
  s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir, secrets: new MemorySecrets({}) });
  await s.open(join(dir, 'sched.duckdb'), { create: true });
  await s.generateDemo({ entries: 1200, seed: 11 });
  segmentId = (await saveSegment(s.requireDb(), { name: 'Web entrants', rule: { type: 'response', field: 'channel', values: ['web'] } }))
    .segmentId;
  csvConnector = (await s.deliver.saveConnector({ name: 'Drop', config: { kind: 'csv', folder: join(dir, 'drop') } })).connectorId;
  s.events.subscribe((name, payload) => {
    if (name === 'task.finished') events.push(payload as (typeof events)[number]);
  });
});
afterAll(() => s.close());

describe('a scheduled push that cannot start', () => {
  it('a one-time schedule without its secret: the run is recorded with the reason and announced, not lost', async () => {
    const { connectorId } = await s.deliver.saveConnector({
      name: 'No secret',
      config: { kind: 'webhook', endpoint: 'http://127.0.0.1:9/push', timeoutMs: 1000 },
    });
    const saved = await saveSchedule(s.requireDb(), {
      segmentId,
      connectorId,
      channel: 'email',
      fields: [],
      firstRunAt: '2026-07-01T09:00',
    });
    events.length = 0;
    expect(await s.runSchedules('2026-07-01 09:00:10')).toEqual([]);
    const after = (await listSchedules(s.requireDb())).find((x) => x.scheduleId === saved.scheduleId)!;
    expect(after.enabled).toBe(false);
    expect(after.lastRun).toMatchObject({
      at: '2026-07-01T09:00',
      pushId: null,
      error: expect.stringMatching(/no signing secret.*Enter it in Deliver > Connectors/),
    });
    expect(events).toEqual([
      {
        taskId: `schedule-${saved.scheduleId}`,
        ok: false,
        message: expect.stringMatching(/^The scheduled push did not start: The webhook connector has no signing secret/),
      },
    ]);
    await s.deliver.deleteConnector(connectorId);
  });

  it('a recurring schedule whose connector was removed: each run records why; a good run records its push', async () => {
    const { connectorId } = await s.deliver.saveConnector({ name: 'Soon gone', config: { kind: 'csv', folder: join(dir, 'gone') } });
    const saved = await saveSchedule(s.requireDb(), {
      segmentId,
      connectorId,
      channel: 'email',
      fields: [],
      firstRunAt: '2026-08-01T09:00',
      everyDays: 1,
    });
    const ok = await s.runSchedules('2026-08-01 09:00:00');
    expect(ok).toHaveLength(1);
    await s.deliver.idle();
    expect((await listSchedules(s.requireDb())).find((x) => x.scheduleId === saved.scheduleId)!.lastRun).toEqual({
      at: '2026-08-01T09:00',
      pushId: ok[0],
      error: null,
    });
    await s.deliver.deleteConnector(connectorId);
    expect(await s.runSchedules('2026-08-02 09:00:00')).toEqual([]);
    const after = (await listSchedules(s.requireDb())).find((x) => x.scheduleId === saved.scheduleId)!;
    expect(after.lastRun).toMatchObject({ at: '2026-08-02T09:00', pushId: null, error: expect.stringMatching(/no connector/) });
    // Still on: the next run is tomorrow, and is tried again.
    expect(after.nextRunAt).toBe('2026-08-03T09:00');
    await s.requireDb().write((w) => w.run(`DELETE FROM push_schedules WHERE schedule_id = $1`, [saved.scheduleId]));
  });

  it('two checks at the same moment start a due schedule once', async () => {
    const saved = await saveSchedule(s.requireDb(), {
      segmentId,
      connectorId: csvConnector,
      channel: 'email',
      fields: [],
      firstRunAt: '2026-09-01T09:00',
    });
    const [a, b] = await Promise.all([s.runSchedules('2026-09-01 09:00:00'), s.runSchedules('2026-09-01 09:00:00')]);
    await s.deliver.idle();
    expect([...a, ...b]).toHaveLength(1);
    expect((await listPushes(s.requireDb())).filter((p) => p.scheduleId === saved.scheduleId)).toHaveLength(1);
  });

  it('a run a crash cut off before its push was planned is marked at the next start with what to do', async () => {
    const saved = await saveSchedule(s.requireDb(), {
      segmentId,
      connectorId: csvConnector,
      channel: 'sms',
      fields: [],
      firstRunAt: '2026-10-01T09:00',
    });
    // What the claim leaves when the process dies right after it: schedule off, run with no push.
    await s.requireDb().transaction(async (w) => {
      await w.run(`UPDATE push_schedules SET enabled = false, last_run_at = '2026-10-01 09:00'::TIMESTAMP WHERE schedule_id = $1`, [
        saved.scheduleId,
      ]);
      await w.run(`INSERT INTO push_schedule_runs (schedule_id, run_at) VALUES ($1, '2026-10-01 09:00'::TIMESTAMP)`, [saved.scheduleId]);
    });
    await s.deliver.resumeAll();
    const after = (await listSchedules(s.requireDb())).find((x) => x.scheduleId === saved.scheduleId)!;
    expect(after.lastRun?.error).toMatch(/stopped before this run's push was planned; nothing was sent\. Schedule it again/);
  });
});

describe('audience and exclusion intents', () => {
  it('carry ids as bound parameters, never as SQL text', async () => {
    const hostile = "psh_x' OR '1'='1";
    const p = new Params();
    const a = audienceSql({ kind: 'retry_of', pushId: hostile }, p, 'true');
    const x = exclusionSql({ kind: 'sent_by_schedule', scheduleId: hostile }, p);
    expect(a + x).not.toContain("OR '1'='1");
    expect(p.values).toEqual([hostile, hostile]);
    // And they run: nobody matches a push id that does not exist.
    const [n] = await s
      .requireDb()
      .rows<{ n: unknown }>(`SELECT count(*) AS n FROM (${a}) UNION ALL SELECT count(*) FROM (${x})`, p.values);
    expect(Number(n!.n)).toBe(0);
    await expect(s.deliver.retryFailed(hostile)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
