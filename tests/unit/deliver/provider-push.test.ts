import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushDetail, pushInfo } from '../../../src-main/core/deliver/history';
import { saveSegment } from '../../../src-main/core/segments/run';
import { Session } from '../../../src-main/core/session';
import { startMailchimpServer, type MailchimpServer } from '../../support/sending/mailchimp';
import { startSendGridServer, type SendGridServer } from '../../support/sending/sendgrid';
import { tempDir } from '../helpers/tmp';
import { builtWorkerUrl } from '../helpers/worker';

/** Whole pushes through the saved-connector path (plan, batches, results) to each provider's contract server. */
const dir = tempDir('ace-provider-push-');
let sg: SendGridServer;
let mc: MailchimpServer;
let s: Session;
let segmentId = '';

beforeAll(async () => {
  sg = await startSendGridServer({ pendingPolls: 0 });
  mc = await startMailchimpServer();
  s = new Session({
    workerUrl: builtWorkerUrl(),
    dataDir: dir,
    deliver: { retry: { baseMs: 10, maxMs: 100, maxAttempts: 5 }, sendGridPollMs: 20 },
  });
  await s.open(join(dir, 'p.duckdb'), { create: true });
  await s.generateDemo({ entries: 3000, seed: 21 });
  segmentId = (await saveSegment(s.requireDb(), { name: 'Everyone', rule: { all: [] } })).segmentId;
}, 60_000);
afterAll(async () => {
  await s.close();
  await sg.close();
  await mc.close();
});

const planned = async (pushId: string) =>
  (await s.requireDb().rows<{ address: string }>(`SELECT address FROM push_contacts WHERE push_id = $1`, [pushId])).map((r) => r.address);

describe('a push through each provider', () => {
  it('Mailchimp: 500 members per call, each reachable person on the list once; someone unsubscribed there stays unsubscribed', async () => {
    const con = await s.deliver.saveConnector({
      name: 'Mailchimp',
      config: { kind: 'mailchimp', listId: mc.listId, baseUrl: mc.baseUrl },
      secret: mc.apiKey,
    });
    const preview = await s.deliver.preview({
      segment: segmentId,
      channel: 'email',
      fields: ['first_name', 'last_name'],
      connectorId: con.connectorId,
    });
    expect(preview.batchSize).toBe(500);
    expect(preview.reachable).toBeGreaterThan(500);
    const gone = (preview.samplePayload as { contacts: { address: string }[] }).contacts[0]!.address;
    mc.seed(gone, 'unsubscribed');
    const started = await s.deliver.start({
      segment: segmentId,
      channel: 'email',
      fields: ['first_name', 'last_name'],
      connectorId: con.connectorId,
    });
    await s.deliver.idle();
    const info = await pushInfo(s.requireDb(), started.pushId);
    expect(info.batches.total).toBe(Math.ceil(preview.reachable / 500));
    expect(info.counts.accepted).toBe(preview.reachable - 1);
    expect(info.counts.rejected).toBe(1);
    expect(mc.members().get(gone)!.status).toBe('unsubscribed');
    for (const a of await planned(started.pushId)) if (a !== gone) expect(mc.members().get(a)?.status).toBe('subscribed');
    expect(mc.requests().every((r) => (r.members ?? 0) <= 500)).toBe(true);
  });

  it('SendGrid: a refused address is recorded as rejected with the provider’s reason; the rest upserted once; no SMS', async () => {
    const con = await s.deliver.saveConnector({
      name: 'SendGrid',
      config: { kind: 'sendgrid', listIds: sg.listIds, baseUrl: sg.baseUrl },
      secret: sg.apiKey,
    });
    const preview = await s.deliver.preview({ segment: segmentId, channel: 'email', fields: ['first_name'], connectorId: con.connectorId });
    const victim = (preview.samplePayload as { contacts: { address: string }[] }).contacts[0]!.address;
    sg.refuse([victim], 'bounced address');
    const started = await s.deliver.start({ segment: segmentId, channel: 'email', fields: ['first_name'], connectorId: con.connectorId });
    await s.deliver.idle();
    const info = await pushInfo(s.requireDb(), started.pushId);
    expect(info.status).toBe('done_with_failures');
    expect(info.counts.rejected).toBe(1);
    expect((await pushDetail(s.requireDb(), started.pushId)).problems).toEqual([
      expect.objectContaining({ address: victim, status: 'rejected', reason: expect.stringContaining('bounced address') }),
    ]);
    for (const a of await planned(started.pushId)) if (a !== victim) expect(sg.contacts().get(a)?.upserts).toBe(1);
    await expect(s.deliver.start({ segment: segmentId, channel: 'sms', fields: [], connectorId: con.connectorId })).rejects.toThrow(
      /cannot send sms/,
    );
  }, 60_000);
});
