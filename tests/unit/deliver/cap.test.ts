import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushInfo } from '../../../src-main/core/deliver/history';
import { planPush } from '../../../src-main/core/deliver/plan';
import { setCap } from '../../../src-main/core/deliver/cap';
import { resolveSegment } from '../../../src-main/core/segments/resolve';
import { localNow, saveSchedule } from '../../../src-main/core/deliver/schedule';
import { countSegment, saveSegment } from '../../../src-main/core/segments/run';
import type { SegmentRule } from '../../../src-main/contract/segments';
import { Session } from '../../../src-main/core/session';
import { startSendServer, type SendServer } from '../../support/sending/server';
import { ace } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { builtWorkerUrl } from '../helpers/worker';

/**
 * The frequency cap against a real sending-service test server: people who had their allowance are left out
 * when a push is planned, counted in the preview and in the segment's reachability, and suppressed before a
 * batch when another push used their allowance after this one was planned. Nobody gets more than the cap.
 */
const dir = tempDir('ace-cap-');
let s: Session;
let server: SendServer;
let connectorId = '';
const rules: Record<string, SegmentRule> = {
  sms: { type: 'response', field: 'channel', values: ['sms'] },
  web: { type: 'response', field: 'channel', values: ['web'] },
};
const ids: Record<string, string> = {};
const rows = <T>(sql: string, params: unknown[] = []) => s.requireDb().rows<T>(sql, params as never);
const req = (segment: string) => ({ segment: ids[segment]!, channel: 'email' as const, fields: ['first_name' as const], connectorId });

beforeAll(async () => {
  server = await startSendServer();
  s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir, deliver: { maxBatch: 100 } });
  await s.open(join(dir, 'cap.duckdb'), { create: true });
  await s.generateDemo({ entries: 2500, seed: 7 });
  for (const [name, rule] of Object.entries(rules)) ids[name] = (await saveSegment(s.requireDb(), { name, rule })).segmentId;
  connectorId = (
    await s.deliver.saveConnector({
      name: 'Local',
      config: { kind: 'webhook', endpoint: server.endpoint, timeoutMs: 15_000 },
      secret: server.secret,
    })
  ).connectorId;
});
afterAll(async () => {
  await s.close();
  await server.close();
});

/** People reachable by email in both segments (the overlap a second push meets). */
async function overlap(): Promise<string[]> {
  const [a, b] = await Promise.all(
    ['sms', 'web'].map((k) => rows<{ address: string }>(`SELECT address FROM push_contacts WHERE push_id = $1`, [ids[`push_${k}`]])),
  );
  const inB = new Set(b!.map((r) => r.address));
  return a!.map((r) => r.address).filter((x) => inB.has(x));
}

describe('the frequency cap', () => {
  it('leaves out, counts and never sends more than N messages per person per D days', async () => {
    await setCap(s.requireDb(), { max: 1, days: 7 });
    // Nobody has been messaged: nobody is held back.
    expect((await countSegment(s.requireDb(), rules.web!)).heldByCap).toEqual({ email: 0, sms: 0 });
    ids.push_sms = (await s.deliver.start(req('sms'))).pushId;
    await s.deliver.idle();
    const sent = await pushInfo(s.requireDb(), ids.push_sms);
    expect(sent.status).toBe('done');

    // The web entrants who were SMS entrants too already had their one message this week.
    const preview = await s.deliver.preview(req('web'));
    expect(preview.excluded.frequency_cap).toBeGreaterThan(0);
    const count = await countSegment(s.requireDb(), rules.web!);
    expect(count.heldByCap!.email).toBe(preview.excluded.frequency_cap);
    ids.push_web = (await s.deliver.start(req('web'))).pushId;
    await s.deliver.idle();
    const web = await pushInfo(s.requireDb(), ids.push_web);
    expect(web.counts.accepted).toBe(preview.reachable);
    expect(await overlap()).toEqual([]);
    for (const [address, n] of server.addressesDelivered()) expect(n, address).toBe(1);
  });

  it('is checked again before each batch: a push sent after this one was planned used the allowance', async () => {
    // No cap while a push of every SMS entrant is planned (nothing sent yet)...
    await setCap(s.requireDb(), null);
    const segment = await resolveSegment(s.requireDb(), ids.sms!);
    const planned = await planPush(
      s.requireDb(),
      { segment, channel: 'email', fields: ['first_name'], batchSize: 100 },
      { connectorId, kind: 'webhook', target: server.endpoint, dryRun: false },
    );
    const plannedAddresses = (await rows<{ address: string }>(`SELECT address FROM push_contacts WHERE push_id = $1`, [planned])).map(
      (r) => r.address,
    );
    expect(plannedAddresses.length).toBeGreaterThan(0);
    // ... then another push to them goes out first: each of them has had 2 messages this week.
    await s.deliver.start(req('sms'));
    await s.deliver.idle();
    const before = new Map(server.addressesDelivered());
    for (const a of plannedAddresses) expect(before.get(a)).toBe(2);
    // With a cap of 2 a week set now, the planned push, resumed, sends nobody: each is suppressed with the reason.
    await setCap(s.requireDb(), { max: 2, days: 7 });
    await s.deliver.resume(planned);
    await s.deliver.idle();
    const info = await pushInfo(s.requireDb(), planned);
    expect(info.counts).toMatchObject({ accepted: 0, suppressed: plannedAddresses.length });
    const reasons = await rows<{ reason: string }>(`SELECT DISTINCT reason FROM push_contacts WHERE push_id = $1`, [planned]);
    expect(reasons).toEqual([{ reason: 'frequency cap: already 2 messages in the last 7 days' }]);
    expect(server.addressesDelivered()).toEqual(before);
    // A cap of 3 would have let them through: the count is of messages, not of pushes planned.
    expect((await countSegment(s.requireDb(), rules.sms!)).heldByCap!.email).toBe(plannedAddresses.length);
    await setCap(s.requireDb(), { max: 3, days: 7 });
    expect((await countSegment(s.requireDb(), rules.sms!)).heldByCap!.email).toBe(0);
  });

  it('`ace push --frequency-cap` sets, shows and removes it; a wrong one is refused in words', async () => {
    const path = join(dir, 'cap.duckdb');
    await s.close();
    const set = await ace(['push', '--workspace', path, '--frequency-cap', '3/14', '--json']);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ max: 3, days: 14 });
    const bad = await ace(['push', '--workspace', path, '--frequency-cap', '3 a week']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--frequency-cap must be N/DAYS');
    const off = await ace(['push', '--workspace', path, '--frequency-cap', 'off']);
    expect(off.stdout).toBe('No frequency cap.\n');
    const costs = await ace(['push', '--workspace', path, '--message-costs', 'sms=0.0079, email=$0.001', '--json']);
    expect(JSON.parse(costs.stdout)).toEqual({ email: 0.001, sms: 0.0079 });
    const badCost = await ace(['push', '--workspace', path, '--message-costs', 'fax=1']);
    expect(badCost.stderr).toContain('--message-costs: "fax=1" is not channel=amount');
  });
});

describe('the frequency cap under two schedules due at once', () => {
  it('two schedules for the same people starting together send each person one message, not two', async () => {
    const d2 = tempDir('ace-cap2-');
    const s2 = new Session({ workerUrl: builtWorkerUrl(), dataDir: d2, deliver: { maxBatch: 50 } });
    const server2 = await startSendServer();
    try {
      await s2.open(join(d2, 'cap2.duckdb'), { create: true });
      await s2.generateDemo({ entries: 1500, seed: 9 });
      const db = s2.requireDb();
      const seg = (await saveSegment(db, { name: 'SMS', rule: rules.sms! })).segmentId;
      const con = (
        await s2.deliver.saveConnector({
          name: 'Local',
          config: { kind: 'webhook', endpoint: server2.endpoint, timeoutMs: 15_000 },
          secret: server2.secret,
        })
      ).connectorId;
      await setCap(db, { max: 1, days: 7 });
      for (const _ of [1, 2])
        await saveSchedule(db, { segmentId: seg, connectorId: con, channel: 'email', fields: [], firstRunAt: '2026-01-01T09:00' });
      // Both due at once. The first planned reaches everyone; the second was planned either before the first sent
      // (everyone planned, then held back batch by batch) or while it was sending (those already sent left out at
      // planning): either way, nobody gets it twice.
      const started = await s2.runSchedules(localNow());
      expect(started).toHaveLength(2);
      await s2.deliver.idle();
      const [a, b] = await Promise.all(started.map((id) => pushInfo(db, id)));
      expect(a!.counts.planned).toBeGreaterThan(0);
      expect(a!.counts.accepted).toBe(a!.counts.planned);
      expect(b!.counts.accepted).toBe(0);
      expect(b!.counts.suppressed).toBe(b!.counts.planned);
      expect(b!.counts.planned + b!.excluded.frequency_cap).toBe(a!.counts.planned);
      for (const [address, n] of server2.addressesDelivered()) expect(n, address).toBe(1);
    } finally {
      await s2.close();
      await server2.close();
    }
  });
});
