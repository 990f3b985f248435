import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { pivotSpec } from '../../../src-main/contract/pivot';
import { runPivot } from '../../../src-main/core/pivot/run';
import { pushInfo } from '../../../src-main/core/deliver/history';
import { saveTemplate } from '../../../src-main/core/messages/store';
import { messageTemplate } from '../../../src-main/contract/messages';
import { setCosts } from '../../../src-main/core/deliver/cap';
import { lift } from '../../../src-main/core/outcomes/lift';
import { outcomes } from '../../../src-main/core/outcomes/results';
import { saveSegment } from '../../../src-main/core/segments/run';
import { Session } from '../../../src-main/core/session';
import { startSendServer, type SendServer } from '../../support/sending/server';
import { csv, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';
import { builtWorkerUrl } from '../helpers/worker';
import { ace } from '../helpers/cli';

/**
 * A push with a holdout, sent to a real sending-service test server on 127.0.0.1; then the service's
 * events and the campaign's later entries and redemptions are imported, and the results are checked
 * against what was planted: which events tie to the push and how, who did what in the window, the lift.
 */
const dir = tempDir('ace-outcomes-');
let s: Session;
let server: SendServer;
let connectorId = '';
let segmentId = '';
let pushId = '';
let all: Awaited<ReturnType<typeof outcomes>>;
const SEED = 'lift-test-1';
const rows = <T>(sql: string, params: unknown[] = []) => s.requireDb().rows<T>(sql, params as never);

beforeAll(async () => {
  server = await startSendServer();
  s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir, deliver: { maxBatch: 100 } });
  await s.open(join(dir, 'outcomes.duckdb'), { create: true });
  await s.generateDemo({ entries: 2500, seed: 7 });
  // These tests plant one push and count what follows it: the demo's own past push and its events go first.
  await s.requireDb().write(async (w) => {
    for (const t of ['pushes', 'push_contacts', 'push_batches', 'push_addresses']) await w.run(`DELETE FROM ${t}`);
    await w.run(`DELETE FROM message_events`);
  });
  segmentId = (await saveSegment(s.requireDb(), { name: 'SMS entrants', rule: { type: 'response', field: 'channel', values: ['sms'] } }))
    .segmentId;
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

/** The push's first send time in campaign time, moved by `days`, as a file would write it. */
async function afterSend(days: number): Promise<string> {
  const [r] = await rows<{ t: string }>(
    `SELECT strftime(timezone((SELECT value FROM ace_meta WHERE key = 'timezone'), min(sent_at)::TIMESTAMPTZ) + to_days($2::INTEGER) + INTERVAL 1 MINUTE, '%Y-%m-%d %H:%M:%S') AS t
     FROM push_batches WHERE push_id = $1`,
    [pushId, days],
  );
  return r!.t;
}

describe('a push with a holdout', () => {
  it('holds out exactly the chosen share, picked by the seed as the docs say, and sends them nothing', async () => {
    const req = {
      segment: segmentId,
      channel: 'email' as const,
      fields: ['first_name' as const],
      connectorId,
      holdout: { share: 0.2, seed: SEED },
    };
    const preview = await s.deliver.preview(req);
    const eligible = preview.reachable + preview.heldOut;
    expect(preview.heldOut).toBe(Math.round(eligible * 0.2));
    expect(preview.heldOut).toBeGreaterThan(20);
    pushId = (await s.deliver.start(req)).pushId;
    await s.deliver.idle();
    const info = await pushInfo(s.requireDb(), pushId);
    expect(info.status).toBe('done');
    expect(info.counts).toMatchObject({ planned: preview.reachable, accepted: preview.reachable, heldOut: preview.heldOut });
    expect(info.holdout).toEqual({ share: 0.2, seed: SEED, people: preview.heldOut });
    const held = await rows<{ contact_id: string; address: string }>(
      `SELECT contact_id, address FROM push_contacts WHERE push_id = $1 AND status = 'held_out'`,
      [pushId],
    );
    const delivered = server.addressesDelivered();
    expect(delivered.size).toBe(preview.reachable);
    for (const h of held) expect(delivered.has(h.address)).toBe(false);
    // Anyone can re-run the split: every eligible contact id, ordered by md5("seed:id"), the first round(share × n).
    const all = await rows<{ contact_id: string }>(`SELECT contact_id FROM push_contacts WHERE push_id = $1`, [pushId]);
    const byHash = all
      .map((c) => c.contact_id)
      .sort((a, b) => {
        const ha = createHash('md5').update(`${SEED}:${a}`).digest('hex');
        const hb = createHash('md5').update(`${SEED}:${b}`).digest('hex');
        return ha < hb ? -1 : ha > hb ? 1 : 0;
      });
    expect(new Set(held.map((h) => h.contact_id))).toEqual(new Set(byHash.slice(0, preview.heldOut)));
  });

  it('ties each event to the push by its push id, its batch key or the address, and leaves the rest unlinked', async () => {
    const sent = await rows<{ address: string; key: string }>(
      `SELECT pc.address, b.idempotency_key AS key FROM push_contacts pc JOIN push_batches b USING (push_id, batch)
       WHERE pc.push_id = $1 AND pc.status = 'accepted' ORDER BY pc.entrant LIMIT 4`,
      [pushId],
    );
    const [a, b, c, d] = sent.map((x) => x.address);
    const soon = await afterSend(0);
    const later = await afterSend(1);
    const before = await afterSend(-2);
    const path = file(
      dir,
      'events.csv',
      csv([
        ['address', 'event', 'time', 'push_id', 'message_id'],
        [a!, 'delivered', soon, pushId, ''],
        // The same person's delivery reported twice, tied two ways: still one person delivered.
        [a!, 'delivered', later, '', ''],
        [b!, 'delivered', soon, '', sent[1]!.key],
        [c!, 'open', soon, '', ''],
        [c!, 'open', later, '', ''],
        [d!, 'click', later, '', ''],
        [a!, 'unsubscribe', later, '', ''],
        ['stranger@example.com', 'delivered', soon, '', ''],
        // Before the push went out: not one of its events.
        [d!, 'bounce', before, '', ''],
      ]),
    );
    const r = await imp(s, path, 'message_events');
    expect(r.rowsImported).toBe(9);
    const res = await outcomes(s.requireDb(), { pushId, windowDays: 14 });
    expect(res.pushes).toHaveLength(1);
    const p = res.pushes[0]!;
    expect(p.events).toEqual({ sent: 0, delivered: 2, bounced: 0, opened: 1, clicked: 1, unsubscribed: 1, complained: 0, replied: 0 });
    expect(p.linked).toEqual({ byPushId: 1, byBatch: 1, byAddress: 5 });
    expect(res.unlinkedEvents).toBe(2);
  });

  it('counts what recipients and the held-out did in the window after the send, and their lift', async () => {
    const [r1, r2] = await rows<{ address: string }>(
      `SELECT address FROM push_contacts WHERE push_id = $1 AND status = 'accepted' ORDER BY entrant DESC LIMIT 2`,
      [pushId],
    );
    const [h1] = await rows<{ address: string }>(`SELECT address FROM push_contacts WHERE push_id = $1 AND status = 'held_out' LIMIT 1`, [
      pushId,
    ]);
    const entries = file(
      dir,
      'later-entries.csv',
      csv([
        ['entry_id', 'entered_at', 'email', 'coupon_code'],
        ['L1', await afterSend(1), r1!.address, 'LIFT-A'],
        ['L2', await afterSend(20), r2!.address, 'LIFT-B'],
        ['L3', await afterSend(3), h1!.address, 'LIFT-C'],
      ]),
    );
    await imp(s, entries, 'entries');
    const redemptions = file(
      dir,
      'later-redemptions.csv',
      csv([
        ['redemption_id', 'redeemed_at', 'coupon_code', 'order_amount'],
        ['R1', await afterSend(2), 'lift-a', '50.10'],
        ['R2', await afterSend(21), 'LIFT-B', '12.00'],
        ['R3', await afterSend(4), 'LIFT-C', '20.00'],
      ]),
    );
    await imp(s, redemptions, 'redemptions');
    const info = await pushInfo(s.requireDb(), pushId);

    const w14 = (await outcomes(s.requireDb(), { pushId, windowDays: 14 })).pushes[0]!;
    expect(w14.recipients).toEqual({ people: info.counts.accepted, entrants: 1, entries: 1, redeemers: 1, redemptions: 1, revenue: 50.1 });
    expect(w14.lift!.heldOut).toEqual({ people: info.counts.heldOut, entrants: 1, entries: 1, redeemers: 1, redemptions: 1, revenue: 20 });
    const expected = lift(
      { people: info.counts.accepted, converted: 1, revenue: 50.1, revenueSq: 50.1 * 50.1 },
      { people: info.counts.heldOut, converted: 1, revenue: 20, revenueSq: 400 },
    );
    expect(w14.lift!.rateDiff).toEqual(expected.rateDiff);
    expect(w14.lift!.revenueDiff!.estimate).toBeCloseTo(expected.revenueDiff!.estimate, 9);
    expect(w14.lift!.significant).toEqual({ rate: false, revenue: false });

    // No cost until one is set; then sent × the cost per message, and that over the redemptions.
    expect(w14).toMatchObject({ cost: null, costPerRedemption: null, costPerIncrementalRedeemer: null });
    await setCosts(s.requireDb(), { email: 0.0125, sms: null });
    const costed = (await outcomes(s.requireDb(), { pushId, windowDays: 14 })).pushes[0]!;
    const cost = Math.round(info.counts.accepted * 0.0125 * 100) / 100;
    expect(costed.cost).toBe(cost);
    expect(costed.costPerRedemption).toBe(cost / 1);

    // A 30-day window takes in the entry and redemption of day 20 and 21.
    const w30 = (await outcomes(s.requireDb(), { pushId, windowDays: 30 })).pushes[0]!;
    expect(w30.recipients).toMatchObject({ entrants: 2, entries: 2, redeemers: 2, redemptions: 2, revenue: 62.1 });

    all = await outcomes(s.requireDb(), { windowDays: 14 });
    expect(all.byTemplate).toEqual([
      { templateId: null, templateName: null, pushes: 1, sent: info.counts.accepted, events: w14.events, recipients: w14.recipients },
    ]);
  });

  it('Explore pivots by push group and message response, the same people the results count', async () => {
    const info = await pushInfo(s.requireDb(), pushId);
    const t = tableFromIPC(await runPivot(s.requireDb(), pivotSpec.parse({ rows: ['push_group'], measures: [{ fn: 'unique_entrants' }] })));
    // One line per group (r0) with its unique entrants (m0), then the total line (r0 null).
    const lines = t.toArray().map((r) => r.toJSON() as { r0: string | null; m0: number | bigint });
    const people = Object.fromEntries(lines.filter((l) => l.r0 !== null).map((l) => [l.r0!, Number(l.m0)]));
    expect(people.sent).toBe(info.counts.accepted);
    expect(people['held out']).toBe(info.counts.heldOut);
    expect(people['not in a push']).toBeGreaterThan(0);
    const r = tableFromIPC(
      await runPivot(s.requireDb(), pivotSpec.parse({ rows: ['message_response'], measures: [{ fn: 'unique_entrants' }] })),
    );
    const labels = r.toArray().map((x) => (x.toJSON() as { r0: string | null }).r0);
    expect(labels).toEqual(expect.arrayContaining(['clicked or replied', 'opened', 'delivered', 'no message events']));
  });

  it('sums the pushes of each message template apart from those without one', async () => {
    const tpl = await saveTemplate(
      s.requireDb(),
      messageTemplate.parse({
        name: 'Spring reminder',
        email: {
          subject: 'Hi {{first_name}}',
          html: '<p>Hi</p><a href="{{unsubscribe_url}}">Unsubscribe</a>',
          text: 'Hi {{unsubscribe_url}}',
        },
      }),
    );
    const second = (
      await s.deliver.start({ segment: segmentId, channel: 'email', fields: ['first_name'], connectorId, templateId: tpl.templateId })
    ).pushId;
    await s.deliver.idle();
    const r = await outcomes(s.requireDb(), { windowDays: 14 });
    const one = (id: string) => r.pushes.find((p) => p.pushId === id)!;
    // Templates by name, the pushes without one last.
    expect(r.byTemplate).toEqual([
      expect.objectContaining({ templateId: tpl.templateId, templateName: 'Spring reminder', pushes: 1, sent: one(second).sent }),
      expect.objectContaining({ templateId: null, templateName: null, pushes: 1, sent: one(pushId).sent }),
    ]);
    expect(r.byTemplate[1]!.recipients).toEqual(one(pushId).recipients);
    all = r;
  });

  it('`ace results` gives the same figures as the app, in words or as --json, and refuses a window it cannot use', async () => {
    const path = join(dir, 'outcomes.duckdb');
    await s.close();
    const json = await ace(['results', '--workspace', path, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(all);
    const text = await ace(['results', '--workspace', path, '--push', pushId]);
    expect(text.stdout).toContain(`${pushId}  SMS entrants (email)`);
    expect(text.stdout).toMatch(/held out \d+: 1 redeemed, \$20\.00/);
    expect(text.stdout).toContain('not significant');
    const bad = await ace(['results', '--workspace', path, '--window', '0']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--window');
    const badHoldout = await ace([
      'push',
      '--workspace',
      path,
      '--segment',
      'SMS entrants',
      '--connector',
      'csv',
      '--endpoint',
      dir,
      '--holdout',
      '70',
      '--dry-run',
    ]);
    expect(badHoldout.code).not.toBe(0);
    expect(badHoldout.stderr).toContain('--holdout must be a percentage from 1 to 50, got "70"');
  });
});
