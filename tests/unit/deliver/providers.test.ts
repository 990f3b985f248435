import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailchimpConnector, createSendGridConnector, mailchimpBody, sendGridBody } from '../../../src-main/core/deliver/connectors/providers';
import type { PushContact } from '../../../src-main/core/deliver/connector';
import { pushDetail, pushInfo } from '../../../src-main/core/deliver/history';
import { saveSegment } from '../../../src-main/core/segments/run';
import { Session } from '../../../src-main/core/session';
import { startMailchimp, startSendGrid, type MailchimpServer, type SendGridServer } from '../../support/provider-servers';
import { tempDir } from '../helpers/tmp';

/** SendGrid and Mailchimp through their contract servers: what the real APIs reject is rejected; pushes land once. */
const dir = tempDir('ace-providers-');
let sg: SendGridServer;
let mc: MailchimpServer;
let s: Session;
let segmentId = '';

const contact = (i: number, email = `p${i}@example.com`): PushContact => ({ contactId: `P${String(i).padStart(16, '0')}`, address: email, fields: { first_name: `N${i}` } });
const ctx = (n = 1) => ({ pushId: 'psh_t', segment: { id: 's', name: 'S', version: 1 }, channel: 'email' as const, batchNumber: n, batchCount: 1, idempotencyKey: `psh_t-b${n}`, signal: new AbortController().signal });

beforeAll(async () => {
  sg = await startSendGrid({ pendingPolls: 2 });
  mc = await startMailchimp();
  s = new Session({ dataDir: dir, deliver: { retry: { baseMs: 10, maxMs: 100, maxAttempts: 5 } } });
  await s.open(join(dir, 'p.duckdb'), { create: true });
  await s.generateDemo({ entries: 3000, seed: 21 });
  segmentId = (await saveSegment(s.requireDb(), { name: 'Everyone', rule: { all: [] } })).segmentId;
}, 60_000);
afterAll(async () => {
  await s.close();
  await sg.close();
  await mc.close();
});

describe('the contract servers reject what the real APIs reject', () => {
  it('SendGrid: auth, more than 30,000 contacts, a contact without an identifier, a stray field, an unknown list', async () => {
    const put = (body: unknown, key = sg.apiKey) => fetch(`${sg.url}/v3/marketing/contacts`, { method: 'PUT', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await put({ contacts: [{ email: 'a@example.com' }] }, 'SG.wrong')).status).toBe(401);
    const big = await put({ contacts: Array.from({ length: 30_001 }, (_, i) => ({ email: `x${i}@example.com` })) });
    expect(big.status).toBe(400);
    expect(((await big.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/30000/);
    expect((await put({ contacts: [{ first_name: 'No email' }] })).status).toBe(400);
    expect((await put({ contacts: [{ email: 'a@example.com', favourite_colour: 'red' }] })).status).toBe(400);
    expect((await put({ list_ids: ['nope'], contacts: [{ email: 'a@example.com' }] })).status).toBe(404);
    expect((await put({ contacts: [{ email: 'a@example.com' }] })).status).toBe(202);
  });

  it('Mailchimp: auth, an unknown audience, more than 500 members, a member without status', async () => {
    const post = (body: unknown, list = mc.listId, key = mc.apiKey) =>
      fetch(`${mc.url}/3.0/lists/${list}`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`x:${key}`).toString('base64')}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const bad = await post({ members: [] }, mc.listId, 'nope-us1');
    expect(bad.status).toBe(401);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    expect((await post({ members: [] }, 'unknown')).status).toBe(404);
    expect((await post({ members: Array.from({ length: 501 }, (_, i) => ({ email_address: `x${i}@example.com`, status: 'subscribed' })) })).status).toBe(400);
    expect((await post({ members: [{ email_address: 'a@example.com' }] })).status).toBe(400);
    expect((await post({ members: [{ email_address: 'a@example.com', status_if_new: 'subscribed' }], update_existing: true })).status).toBe(200);
  });
});

describe('the connectors', () => {
  it('build bodies the APIs accept, and refuse a batch over the documented limit instead of sending it', async () => {
    expect(JSON.parse(sendGridBody([contact(1)], ['L1']))).toEqual({ list_ids: ['L1'], contacts: [{ email: 'p1@example.com', first_name: 'N1' }] });
    expect(JSON.parse(mailchimpBody([contact(2)]))).toEqual({ update_existing: true, members: [{ email_address: 'p2@example.com', status_if_new: 'subscribed', merge_fields: { FNAME: 'N2' } }] });
    const before = mc.requests.length;
    const outcome = await createMailchimpConnector({ apiKey: mc.apiKey, listId: mc.listId, baseUrl: mc.url }).sendBatch(Array.from({ length: 501 }, (_, i) => contact(i)), ctx());
    expect(outcome.kind).toBe('fail');
    expect(mc.requests.length).toBe(before);
  });

  it('SendGrid: waits out the asynchronous job, reads the errors file, honours the rate limit', async () => {
    sg.refuse(['p7@example.com'], 'email is on the global suppression list');
    sg.rateLimit(1);
    const c = createSendGridConnector({ apiKey: sg.apiKey, baseUrl: sg.url, pollMs: 20 });
    const first = await c.sendBatch([contact(6), contact(7)], ctx());
    expect(first.kind).toBe('retry');
    if (first.kind === 'retry') expect(first.retryAfterMs).toBeLessThanOrEqual(1000);
    const out = await c.sendBatch([contact(6), contact(7)], ctx());
    expect(out).toEqual({ kind: 'done', results: [{ contactId: contact(6).contactId, status: 'accepted' }, { contactId: contact(7).contactId, status: 'rejected', reason: 'email is on the global suppression list' }] });
    expect(sg.requests.filter((r) => r.path.startsWith('/v3/marketing/contacts/imports/')).length).toBeGreaterThanOrEqual(3);
  });
});

describe('a push through each provider', () => {
  it('Mailchimp: 500 members per call, each reachable person subscribed once, nobody else', async () => {
    const con = await s.deliver.saveConnector({ name: 'Mailchimp', config: { kind: 'mailchimp', listId: mc.listId, baseUrl: mc.url }, secret: mc.apiKey });
    mc.rateLimit(1);
    const preview = await s.deliver.preview({ segment: segmentId, channel: 'email', fields: ['first_name', 'last_name'], connectorId: con.connectorId });
    expect(preview.batchSize).toBe(500);
    expect(preview.reachable).toBeGreaterThan(500);
    const started = await s.deliver.start({ segment: segmentId, channel: 'email', fields: ['first_name', 'last_name'], connectorId: con.connectorId });
    await s.deliver.idle();
    const info = await pushInfo(s.requireDb(), started.pushId);
    expect(info.status).toBe('done');
    expect(info.counts.accepted).toBe(preview.reachable);
    expect(info.batches.total).toBe(Math.ceil(preview.reachable / 500));
    const pushed = (await s.requireDb().rows<{ address: string }>(`SELECT address FROM push_contacts WHERE push_id = $1`, [started.pushId])).map((r) => r.address);
    for (const a of pushed) expect(mc.contacts.get(a)?.upserts).toBe(1);
    expect(mc.contacts.size - 1).toBe(pushed.length); // one member was added by the contract test above
    expect(mc.requests.filter((r) => r.status === 429)).toHaveLength(1);
  });

  it('SendGrid: a refused address is recorded as rejected with the provider’s reason; the rest upserted once', async () => {
    const con = await s.deliver.saveConnector({ name: 'SendGrid', config: { kind: 'sendgrid', listIds: sg.listIds, baseUrl: sg.url }, secret: sg.apiKey });
    const preview = await s.deliver.preview({ segment: segmentId, channel: 'email', fields: ['first_name'], connectorId: con.connectorId });
    const victim = (preview.samplePayload as { contacts: { address: string }[] }).contacts[0]!.address;
    sg.refuse([victim], 'bounced address');
    const started = await s.deliver.start({ segment: segmentId, channel: 'email', fields: ['first_name'], connectorId: con.connectorId });
    await s.deliver.idle();
    const info = await pushInfo(s.requireDb(), started.pushId);
    expect(info.status).toBe('done_with_failures');
    expect(info.counts.rejected).toBe(1);
    expect((await pushDetail(s.requireDb(), started.pushId)).problems).toEqual([expect.objectContaining({ address: victim, status: 'rejected', reason: 'bounced address' })]);
    expect(sg.contacts.get(victim)).toBeUndefined();
    const sms = s.deliver.start({ segment: segmentId, channel: 'sms', fields: [], connectorId: con.connectorId });
    await expect(sms).rejects.toThrow(/cannot send sms/);
  });
});
