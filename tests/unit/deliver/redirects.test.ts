import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchContext, PushContact } from '../../../src-main/core/deliver/connector';
import { urlCredentialProblem } from '../../../src-main/core/deliver/connector';
import { createMailchimpConnector } from '../../../src-main/core/deliver/connectors/mailchimp';
import { createSendGridConnector } from '../../../src-main/core/deliver/connectors/sendgrid';
import { createWebhookConnector } from '../../../src-main/core/deliver/connectors/webhook';
import { pushInfo, unfinishedPushes } from '../../../src-main/core/deliver/history';
import { saveSegment } from '../../../src-main/core/segments/run';
import { Session } from '../../../src-main/core/session';
import { startMailchimpServer, type MailchimpServer } from '../../support/sending/mailchimp';
import { startSendGridServer, type SendGridServer } from '../../support/sending/sendgrid';
import { startSendServer, type SendServer } from '../../support/sending/server';
import { tempDir } from '../helpers/tmp';
import { builtWorkerUrl } from '../helpers/worker';

/**
 * No connector follows a redirect: the service a person chose answers 3xx pointing at another host
 * (which would accept the batch), and that other host receives nothing while the push is recorded as
 * failed with the reason. And credentials inside an endpoint URL are refused, never stored.
 */
const dir = tempDir('ace-redirects-');
const people = (n: number): PushContact[] =>
  Array.from({ length: n }, (_, i) => ({ contactId: `P${i}`, address: `user${i}@example.com`, fields: { first_name: `Ann${i}` } }));
const ctx = (): BatchContext => ({
  pushId: 'psh_r',
  segment: { id: 'seg', name: 'S', version: 1 },
  channel: 'email',
  batchNumber: 1,
  batchCount: 1,
  idempotencyKey: 'psh_r-b1',
  signal: new AbortController().signal,
});

/** Answers every request with `status` and a Location under `target`, and counts them. */
async function redirector(status: number, target: () => string): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits++;
    req.resume();
    res.writeHead(status, { location: `${target()}${req.url ?? ''}` }).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('connectors never follow a redirect', () => {
  let other: SendServer;
  let sg: SendGridServer;
  let mc: MailchimpServer;
  beforeAll(async () => {
    other = await startSendServer();
    sg = await startSendGridServer();
    mc = await startMailchimpServer();
  });
  afterAll(async () => {
    await other.close();
    await sg.close();
    await mc.close();
  });

  for (const status of [301, 302, 303, 307, 308]) {
    it(`webhook: ${status} to a host that would accept is a failure with the reason; that host gets nothing`, async () => {
      other.reset();
      const r = await redirector(status, () => other.endpoint.replace(/\/push$/, ''));
      try {
        const out = await createWebhookConnector({ endpoint: `${r.url}/push`, secret: other.secret }).sendBatch(people(3), ctx());
        expect(out.kind).toBe('fail');
        expect(out.kind === 'fail' && out.reason).toMatch(new RegExp(`${status}.*redirect.*127\\.0\\.0\\.1:\\d+/push.*https://`));
        expect(r.hits()).toBe(1);
        expect(other.requests()).toHaveLength(0);
      } finally {
        await r.close();
      }
    });
  }

  it('SendGrid and Mailchimp: the same, and the API key never reaches the other host', async () => {
    const toSg = await redirector(307, () => sg.baseUrl);
    const toMc = await redirector(308, () => mc.baseUrl);
    try {
      const s = await createSendGridConnector({ apiKey: sg.apiKey, baseUrl: toSg.url, pollMs: 5 }).sendBatch(people(2), ctx());
      expect(s).toMatchObject({ kind: 'fail', reason: expect.stringMatching(/SendGrid answered 307/) });
      expect(sg.contacts().size).toBe(0);
      expect(sg.jobs().size).toBe(0);
      const m = await createMailchimpConnector({ apiKey: mc.apiKey, listId: mc.listId, baseUrl: toMc.url }).sendBatch(people(2), ctx());
      expect(m).toMatchObject({ kind: 'fail', reason: expect.stringMatching(/Mailchimp answered 308/) });
      expect(mc.members().size).toBe(0);
    } finally {
      await toSg.close();
      await toMc.close();
    }
  });
});

describe('a push whose endpoint redirects', () => {
  let s: Session;
  let chosen: SendServer;
  let other: SendServer;
  let segmentId = '';
  beforeAll(async () => {
    chosen = await startSendServer();
    other = await startSendServer({ secret: chosen.secret });
    s = new Session({
      workerUrl: builtWorkerUrl(),
      dataDir: dir,
      deliver: { retry: { baseMs: 5, maxMs: 20, maxAttempts: 3 }, maxBatch: 50 },
    });
    await s.open(join(dir, 'redirect.duckdb'), { create: true });
    await s.generateDemo({ entries: 800, seed: 5 });
    segmentId = (await saveSegment(s.requireDb(), { name: 'Everyone', rule: { all: [] } })).segmentId;
  });
  afterAll(async () => {
    await s.close();
    await chosen.close();
    await other.close();
  });

  it('is recorded as failed with the redirect as its reason, never "done"; the other host gets no contact', async () => {
    chosen.fault({ kind: 'redirect', status: 307, location: other.endpoint }, { times: 1000 });
    const { connectorId } = await s.deliver.saveConnector({
      name: 'Moved',
      config: { kind: 'webhook', endpoint: chosen.endpoint, timeoutMs: 2000 },
      secret: chosen.secret,
    });
    const started = await s.deliver.start({ segment: segmentId, channel: 'email', fields: ['first_name'], connectorId });
    expect(started.counts.planned).toBeGreaterThan(100);
    await s.deliver.idle();
    const info = await pushInfo(s.requireDb(), started.pushId);
    expect(info.status).toBe('failed');
    expect(info.lastError).toMatch(/307.*redirect/);
    expect(info.failure).toMatchObject({ kind: 'misconfigured', status: 307 });
    expect(info.counts.accepted).toBe(0);
    expect(other.requests()).toHaveLength(0);
    expect(other.addressesDelivered().size).toBe(0);
    // Stopped at the first redirect (a wrong address fails every batch alike) rather than knocking for each.
    expect(chosen.requests().filter((r) => r.status === 307)).toHaveLength(1);
  });
});

describe('credentials inside an endpoint URL', () => {
  let s: Session;
  let segmentId = '';
  beforeAll(async () => {
    s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
    await s.open(join(dir, 'creds.duckdb'), { create: true });
    await s.generateDemo({ entries: 300, seed: 6 });
    segmentId = (await saveSegment(s.requireDb(), { name: 'All', rule: { all: [] } })).segmentId;
  });
  afterAll(() => s.close());

  it('knows a credential from an ordinary URL', () => {
    for (const bad of [
      'https://ann:S3CR3T@send.example/push',
      'https://S3CR3T@send.example/push',
      'https://send.example/push?api_key=S3CR3T',
      'https://send.example/push?apikey=S3CR3T',
      'https://send.example/p?access_token=S3CR3T',
      'https://send.example/p?Signature=S3CR3T&x=1',
      'https://send.example/p?client_secret=S3CR3T',
      'https://send.example/p?key=S3CR3T',
    ]) {
      expect(urlCredentialProblem(bad), bad).toMatch(/remove them from the address and enter the secret/);
      // The message never repeats the credential.
      expect(urlCredentialProblem(bad)).not.toContain('S3CR3T');
    }
    for (const fine of [
      'https://send.example/push',
      'https://send.example/push?campaign=spring&list=7',
      'http://127.0.0.1:8787/push',
      'https://api.sendgrid.com',
    ])
      expect(urlCredentialProblem(fine), fine).toBeNull();
  });

  it('refuses to save such a connector (nothing stored) or to push with one given inline', async () => {
    for (const endpoint of ['https://ace:hunter2@send.example/push', 'https://send.example/push?api_key=sk_live_123']) {
      await expect(
        s.deliver.saveConnector({
          name: 'Leaky',
          config: { kind: 'webhook', endpoint, timeoutMs: 2000 },
          secret: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0',
        }),
      ).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/does not keep credentials in a URL/) });
    }
    await expect(
      s.deliver.saveConnector({
        name: 'Leaky SG',
        config: { kind: 'sendgrid', listIds: [], baseUrl: 'https://u:p@api.sendgrid.example' },
        secret: 'SG.x',
      }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(await s.deliver.listConnectors()).toEqual([]);
    const [row] = await s
      .requireDb()
      .rows<{ n: unknown }>(
        `SELECT count(*) AS n FROM connectors WHERE config::VARCHAR LIKE '%hunter2%' OR config::VARCHAR LIKE '%sk_live%'`,
      );
    expect(Number(row!.n)).toBe(0);
    await expect(
      s.deliver.start({
        segment: segmentId,
        channel: 'email',
        fields: [],
        config: { kind: 'webhook', endpoint: 'https://a:b@send.example/push', timeoutMs: 2000 },
      }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/credentials in a URL/) });
    // Nothing planned (the demo's own past push aside).
    expect((await s.requireDb().rows(`SELECT push_id FROM pushes WHERE created_by IS DISTINCT FROM 'demo'`)).length).toBe(0);
  });

  it('a push planned with such a connector by an older version fails once with the reason; it is not retried at every start', async () => {
    const db = s.requireDb();
    // As an older version stored it, before the check existed.
    await db.write((w) =>
      w.run(`INSERT INTO connectors (connector_id, kind, name, config) VALUES ('con_old', 'webhook', 'Old', $1)`, [
        JSON.stringify({ kind: 'webhook', endpoint: 'https://ace:hunter2@send.example/push', timeoutMs: 2000 }),
      ]),
    );
    await db.write((w) =>
      w.run(
        `INSERT INTO pushes (push_id, segment_id, segment_version, segment_name, channel, connector, connector_id, target, fields, batch_size, dry_run, status, summary) VALUES ('psh_old', $1, 1, 'All', 'email', 'webhook', 'con_old', 'https://send.example/push', '[]', 10, false, 'interrupted', '{}')`,
        [segmentId],
      ),
    );
    await expect(s.deliver.send('psh_old')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const info = await pushInfo(db, 'psh_old');
    expect(info.status).toBe('failed');
    expect(info.lastError).toMatch(/does not keep credentials in a URL/);
    expect(await unfinishedPushes(db)).not.toContain('psh_old');
  });
});
