import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFailure, type PushFailure } from '../../../src-main/contract/deliver';
import { blocksSending, httpFailure, isConnectorProblem, networkFailure } from '../../../src-main/core/deliver/failure';
import { testConnector } from '../../../src-main/core/deliver/test-connection';
import { startMailchimpServer, type MailchimpServer } from '../../support/sending/mailchimp';
import { startSendGridServer, type SendGridServer } from '../../support/sending/sendgrid';
import { startSendServer, type SendServer } from '../../support/sending/server';
import { closedPort } from '../../support/ports';

/**
 * The failure classes a push and Test connection report, from real answers: real fetch errors (a
 * port nothing listens on, a name that does not resolve, a connection cut), and the local sending
 * service and the SendGrid/Mailchimp contract servers answering a connection test.
 */

const fetchError = (url: string, init?: RequestInit) =>
  fetch(url, init).then(
    () => {
      throw new Error(`${url} answered`);
    },
    (e: unknown) => e,
  );

describe('classifying what came back', () => {
  it('HTTP statuses: 401/403 credentials, 429 slow down, 5xx the service, 404/405/3xx the address, other 4xx refused', () => {
    const at = 'https://send.example/ace?token=x';
    const cls = (s: number) => httpFailure(s, 'why', at).kind;
    expect([401, 403].map(cls)).toEqual(['auth', 'auth']);
    expect(cls(429)).toBe('rate_limited');
    expect([500, 502, 503, 408].map(cls)).toEqual(['server', 'server', 'server', 'server']);
    expect([404, 405, 410, 301, 307].map(cls)).toEqual(Array(5).fill('misconfigured'));
    expect([400, 409, 413, 422].map(cls)).toEqual(Array(4).fill('rejected'));
    // The address is shown without its query (it may hold a key).
    expect(httpFailure(401, 'bad signature', at)).toEqual({
      kind: 'auth',
      retryable: false,
      status: 401,
      detail: 'bad signature',
      address: 'https://send.example/ace',
    });
    expect(httpFailure(503, '', at).retryable).toBe(true);
    expect(httpFailure(422, '', at).retryable).toBe(false);
  });

  it('network errors from real requests: refused, no such host, cut, timeout are unreachable, in words', async () => {
    const port = await closedPort();
    const refused = networkFailure(await fetchError(`http://127.0.0.1:${port}/push`), `http://127.0.0.1:${port}/push`);
    expect(refused).toMatchObject({ kind: 'unreachable', status: null, address: `http://127.0.0.1:${port}/push` });
    expect(refused.detail).toMatch(/connection refused/);

    const dns = networkFailure(await fetchError('https://no-such-host.invalid/push'), 'https://no-such-host.invalid/push');
    expect(dns.kind).toBe('unreachable');
    expect(dns.detail).toMatch(/no such host \((ENOTFOUND|EAI_AGAIN)\)/);

    const cutter = createServer((req) => req.socket.destroy());
    await new Promise<void>((r) => cutter.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(cutter.address() as AddressInfo).port}/`;
    const cut = networkFailure(await fetchError(url, { method: 'POST', body: 'x' }), url);
    cutter.close();
    expect(cut).toMatchObject({ kind: 'unreachable', detail: 'the connection was cut' });

    expect(networkFailure(new Error('aborted'), url, 15_000).detail).toBe('no answer within 15 s');
  });

  it('says what to do, and "resumes automatically" only when trying again can help', () => {
    const f = (kind: PushFailure['kind'], status: number | null = null): PushFailure => ({
      kind,
      retryable: ['unreachable', 'server', 'rate_limited'].includes(kind),
      status,
      detail: 'why',
      address: 'https://send.example/ace',
    });
    expect(describeFailure(f('unreachable'), 'webhook')).toBe(
      'The service at https://send.example/ace could not be reached (why) — check the endpoint address or your network, then Resume.',
    );
    expect(describeFailure(f('auth', 401), 'sendgrid')).toBe(
      'The service at https://send.example/ace refused the credentials (401: why) — re-enter the API key in Connectors (Edit), then Resume.',
    );
    expect(describeFailure(f('secret_missing'), 'webhook')).toMatch(/^No signing secret is stored for this connector/);
    expect(describeFailure(f('rejected', 422), 'webhook')).toMatch(/refused the request \(422: why\) — correct what it names, then retry/);
    for (const k of ['unreachable', 'auth', 'secret_missing', 'rejected', 'misconfigured'] as const)
      expect(describeFailure(f(k, 400), 'webhook')).not.toMatch(/automatically/);
    for (const k of ['server', 'rate_limited'] as const) expect(describeFailure(f(k, 503), 'webhook')).toMatch(/resumes automatically/);
    // A connection test names the fix without "Resume".
    expect(describeFailure(f('auth', 401), 'webhook', 'test')).not.toMatch(/Resume/);
    expect(isConnectorProblem(f('auth'))).toBe(true);
    expect(isConnectorProblem(f('rejected'))).toBe(false);
    expect(blocksSending(f('unreachable'))).toBe(true);
    expect(blocksSending(f('server'))).toBe(false);
  });
});

describe('Test connection against the local services', () => {
  let sender: SendServer;
  let sg: SendGridServer;
  let mc: MailchimpServer;
  beforeAll(async () => {
    [sender, sg, mc] = await Promise.all([startSendServer(), startSendGridServer(), startMailchimpServer()]);
  });
  afterAll(async () => {
    await Promise.all([sender.close(), sg.close(), mc.close()]);
  });

  it('webhook: a signed ping the service verifies and answers; nothing is delivered', async () => {
    const ok = await testConnector({ kind: 'webhook', endpoint: sender.endpoint, timeoutMs: 5000 }, sender.secret);
    expect(ok).toMatchObject({ ok: true, status: 200, failure: null, request: `POST ${sender.endpoint} (ace.push.ping)` });
    expect(ok.message).toMatch(/^The service answered 200 in \d+ ms: the address and the signing secret work\.$/);
    expect(sender.requests().at(-1)).toMatchObject({ status: 200, signatureValid: true });
    expect(sender.deliveries()).toHaveLength(0);

    const wrong = await testConnector(
      { kind: 'webhook', endpoint: sender.endpoint, timeoutMs: 5000 },
      'whsec_d3JvbmdzZWNyZXR3cm9uZ3NlY3JldA==',
    );
    expect(wrong).toMatchObject({ ok: false, status: 401, failure: { kind: 'auth', status: 401 } });
    expect(wrong.message).toMatch(/refused the credentials \(401: missing or bad signature.*re-enter the signing secret\.$/);

    const port = await closedPort();
    const down = await testConnector({ kind: 'webhook', endpoint: `http://127.0.0.1:${port}/push`, timeoutMs: 5000 }, sender.secret);
    expect(down).toMatchObject({ ok: false, status: null, failure: { kind: 'unreachable' } });
    expect(down.message).toBe(
      `The service at http://127.0.0.1:${port}/push could not be reached (connection refused: nothing is listening at that address) — check the endpoint address or your network.`,
    );

    const noSecret = await testConnector({ kind: 'webhook', endpoint: sender.endpoint, timeoutMs: 5000 }, null);
    expect(noSecret).toMatchObject({ ok: false, status: null, failure: { kind: 'secret_missing' } });
  });

  it("SendGrid reads the key's scopes; Mailchimp reads the audience; a wrong key or audience is named", async () => {
    const sgOk = await testConnector({ kind: 'sendgrid', listIds: [], baseUrl: sg.baseUrl }, sg.apiKey);
    expect(sgOk).toMatchObject({ ok: true, status: 200, request: `GET ${sg.baseUrl}/v3/scopes` });
    const sgBad = await testConnector({ kind: 'sendgrid', listIds: [], baseUrl: sg.baseUrl }, 'SG.wrong');
    expect(sgBad).toMatchObject({
      ok: false,
      status: 401,
      failure: { kind: 'auth', detail: 'The provided authorization grant is invalid, expired, or revoked' },
    });
    expect(sg.contacts().size).toBe(0);

    const mcOk = await testConnector({ kind: 'mailchimp', listId: mc.listId, baseUrl: mc.baseUrl }, mc.apiKey);
    expect(mcOk).toMatchObject({ ok: true, status: 200 });
    const mcBadKey = await testConnector({ kind: 'mailchimp', listId: mc.listId, baseUrl: mc.baseUrl }, 'f00-us21');
    expect(mcBadKey).toMatchObject({ ok: false, status: 401, failure: { kind: 'auth' } });
    expect(mcBadKey.failure!.detail).toMatch(/API Key Invalid/);
    const mcBadList = await testConnector({ kind: 'mailchimp', listId: 'nosuchlist', baseUrl: mc.baseUrl }, mc.apiKey);
    expect(mcBadList).toMatchObject({ ok: false, status: 404, failure: { kind: 'misconfigured' } });
    expect(mcBadList.failure!.detail).toMatch(/no audience "nosuchlist"/);
  });
});
