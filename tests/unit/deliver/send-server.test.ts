import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookConnector } from '../../../src-main/core/deliver/connectors/webhook';
import { signWebhook } from '../../../src-main/core/deliver/signing';
import { startSendServer, verifySignature, type SendServer } from '../../support/sending/server';

/** The Standard Webhooks test vector (standard-webhooks repo, used by its libraries' tests). */
const V = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  ts: 1614265330,
  body: '{"test": 2432232314}',
  sig: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

/** Signs as the spec says, written here again so neither the server nor the app is checked against itself. */
const sign = (secret: string, id: string, ts: number | string, body: string) =>
  `v1,${createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64'))
    .update(`${id}.${ts}.${body}`)
    .digest('base64')}`;

const now = () => Math.floor(Date.now() / 1000);
function batch(key: string, addresses: string[], over: Record<string, unknown> = {}) {
  const [push, n] = key.split('-b');
  return {
    type: 'ace.push.batch',
    version: 1,
    push_id: push,
    idempotency_key: key,
    segment: { id: 'seg1', name: 'Never redeemed', version: 3 },
    channel: 'email',
    batch: { number: Number(n), count: 9 },
    contacts: addresses.map((a, i) => ({ contact_id: `P${i}-${a}`, address: a, fields: { first_name: 'Ann' } })),
    ...over,
  };
}

interface PostOpts {
  key?: string | null;
  ts?: number;
  sig?: string | null;
  headers?: Record<string, string>;
  method?: string;
  url?: string;
  signal?: AbortSignal;
}
async function post(s: SendServer, body: unknown, o: PostOpts = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const key = o.key === undefined ? ((JSON.parse(raw) as { idempotency_key?: string }).idempotency_key ?? 'k') : o.key;
  const ts = o.ts ?? now();
  const headers: Record<string, string> = { 'content-type': 'application/json', 'webhook-timestamp': String(ts) };
  if (key !== null) Object.assign(headers, { 'webhook-id': key, 'idempotency-key': key });
  const sig = o.sig === undefined ? sign(s.secret, key ?? '', ts, raw) : o.sig;
  if (sig !== null) headers['webhook-signature'] = sig;
  Object.assign(headers, o.headers);
  const res = await fetch(o.url ?? s.endpoint, {
    method: o.method ?? 'POST',
    headers,
    body: o.method === 'GET' ? undefined : raw,
    signal: o.signal,
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as { results?: { contact_id: string; status: string; reason?: string }[]; error?: string }) : null,
  };
}

describe('Standard Webhooks verification (independent of the app)', () => {
  it('reproduces and accepts the spec test vector', () => {
    expect(sign(V.secret, V.id, V.ts, V.body)).toBe(V.sig);
    expect(verifySignature(V.secret, V.id, String(V.ts), V.body, V.sig, V.ts + 10)).toBe(true);
    // The secret may be given without its prefix; the app's signer agrees with the vector too.
    expect(verifySignature(V.secret.slice(6), V.id, String(V.ts), V.body, V.sig, V.ts)).toBe(true);
    expect(signWebhook(V.secret, V.id, V.ts, V.body)).toBe(V.sig);
  });

  it('accepts any of several space-separated signatures, and refuses everything else', () => {
    const ok = (header: string, ts = V.ts, nowS = V.ts, body = V.body, id = V.id, secret = V.secret) =>
      verifySignature(secret, id, String(ts), body, header, nowS);
    expect(ok(`v1,Zm9v ${V.sig}`)).toBe(true);
    expect(ok(`v1a,${V.sig.slice(3)} ${V.sig}`)).toBe(true);
    expect(ok('v1,Zm9v v1,YmFy')).toBe(false);
    expect(ok(V.sig.replace('v1,', 'v2,'))).toBe(false);
    expect(ok('')).toBe(false);
    expect(ok(V.sig, V.ts, V.ts, '{"test": 2432232315}')).toBe(false);
    expect(ok(V.sig, V.ts, V.ts, V.body, 'msg_other')).toBe(false);
    expect(ok(V.sig, V.ts, V.ts, V.body, V.id, 'whsec_c2VjcmV0LW9mLWEtcm90YXRlZC1lbmRwb2ludA==')).toBe(false);
    expect(ok(V.sig, V.ts, V.ts + 301)).toBe(false); // older than 5 minutes
    expect(ok(V.sig, V.ts, V.ts - 301)).toBe(false); // more than 5 minutes ahead
    expect(ok(V.sig, V.ts, V.ts + 300)).toBe(true);
  });
});

describe('generic sending server', () => {
  let s: SendServer;
  beforeAll(async () => {
    s = await startSendServer();
  });
  afterAll(() => s.close());
  beforeEach(() => s.reset());

  it('binds 127.0.0.1 on a free port and accepts a signed batch', async () => {
    expect(s.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/push$/);
    expect(s.secret).toMatch(/^whsec_/);
    const r = await post(s, batch('psh_1-b1', ['a@x.com', 'b@x.com']));
    expect(r.status).toBe(200);
    expect(r.body?.results?.map((x) => x.status)).toEqual(['accepted', 'accepted']);
    expect(s.deliveries()).toEqual([{ key: 'psh_1-b1', pushId: 'psh_1', batch: 1, addresses: ['a@x.com', 'b@x.com'] }]);
    expect(s.timesDelivered('a@x.com')).toBe(1);
    expect(s.requests()).toEqual([{ key: 'psh_1-b1', status: 200, signatureValid: true }]);
  });

  it('takes what the app signs (signing.ts) and what the webhook connector sends', async () => {
    const raw = JSON.stringify(batch('psh_2-b1', ['c@x.com']));
    const ts = now();
    const res = await fetch(s.endpoint, {
      method: 'POST',
      body: raw,
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'psh_2-b1',
        'idempotency-key': 'psh_2-b1',
        'webhook-timestamp': String(ts),
        'webhook-signature': signWebhook(s.secret, 'psh_2-b1', ts, raw),
      },
    });
    expect(res.status).toBe(200);
    const c = createWebhookConnector({ endpoint: s.endpoint, secret: s.secret });
    const out = await c.sendBatch([{ contactId: 'P1', address: '+16175550101', fields: { first_name: 'Ann' } }], {
      pushId: 'psh_3',
      segment: { id: 'seg', name: 'S', version: 1 },
      channel: 'sms',
      batchNumber: 2,
      batchCount: 2,
      idempotencyKey: 'psh_3-b2',
      signal: new AbortController().signal,
    });
    expect(out).toEqual({ kind: 'done', results: [{ contactId: 'P1', status: 'accepted' }] });
    expect(s.timesDelivered('+16175550101')).toBe(1);
  });

  it('401s a missing or bad signature and a stale or future timestamp', async () => {
    const b = batch('psh_1-b1', ['a@x.com']);
    expect((await post(s, b, { sig: null })).status).toBe(401);
    expect((await post(s, b, { sig: 'v1,AAAA' })).status).toBe(401);
    expect((await post(s, b, { sig: sign('whsec_b3RoZXI=', 'psh_1-b1', now(), JSON.stringify(b)) })).status).toBe(401);
    expect((await post(s, b, { ts: now() - 6 * 60 })).status).toBe(401);
    expect((await post(s, b, { ts: now() + 6 * 60 })).status).toBe(401);
    expect((await post(s, b, { headers: { 'webhook-timestamp': 'soon' } })).status).toBe(401);
    expect(s.deliveries()).toHaveLength(0);
    expect(s.requests().every((r) => r.status === 401 && !r.signatureValid)).toBe(true);
  });

  it('400s a bad payload, 404s another path, 405s another method', async () => {
    const bad: [unknown, string][] = [
      ['not json', 'JSON'],
      [batch('p-b1', ['a@x.com'], { type: 'other' }), 'type'],
      [batch('p-b1', ['a@x.com'], { version: 2 }), 'version'],
      [batch('p-b1', ['a@x.com'], { channel: 'fax' }), 'channel'],
      [batch('p-b1', ['a@x.com'], { batch: { number: 10, count: 9 } }), 'batch'],
      [batch('p-b1', ['not-an-email']), 'address'],
      [batch('p-b1', ['5551234567'], { channel: 'sms' }), 'E.164'],
      [batch('p-b1', ['a@x.com'], { contacts: 'nope' }), 'contacts'],
      [batch('p-b1', ['a@x.com'], { segment: null }), 'segment'],
      [batch('p-b1', ['a@x.com'], { idempotency_key: 'p-b2' }), 'idempotency_key'],
    ];
    for (const [body, why] of bad) {
      const r = await post(s, body, { key: 'p-b1' });
      expect(r.status, why).toBe(400);
      expect(r.body?.error, why).toContain(why);
    }
    expect((await post(s, batch('p-b1', ['a@x.com']), { headers: { 'idempotency-key': 'other' } })).status).toBe(400);
    expect((await post(s, batch('p-b1', ['a@x.com']), { headers: { 'content-type': 'text/plain' } })).status).toBe(400);
    expect((await post(s, batch('p-b1', ['a@x.com']), { url: s.endpoint.replace('/push', '/other') })).status).toBe(404);
    expect((await post(s, batch('p-b1', ['a@x.com']), { method: 'GET' })).status).toBe(405);
    expect(s.deliveries()).toHaveLength(0);
  });

  it('answers a repeated key with the stored answer and records nothing; a different body is 409', async () => {
    s.fault({ kind: 'reject', addresses: ['b@x.com'], reason: 'hard bounce' });
    const b = batch('psh_1-b4', ['a@x.com', 'b@x.com']);
    const first = await post(s, b);
    const again = await post(s, b, { ts: now() + 1 });
    expect(again).toMatchObject({ status: 200, body: first.body });
    expect(first.body?.results?.[1]).toMatchObject({ status: 'rejected', reason: 'hard bounce' });
    expect(s.deliveries()).toHaveLength(1);
    expect(s.timesDelivered('a@x.com')).toBe(1);
    expect(s.timesDelivered('b@x.com')).toBe(0);
    const changed = await post(s, batch('psh_1-b4', ['a@x.com', 'z@x.com']));
    expect(changed.status).toBe(409);
    expect(s.requests().map((r) => r.status)).toEqual([200, 200, 409]);
  });

  it('injects 5xx and 429 with Retry-After in seconds or as an HTTP date', async () => {
    s.fault({ kind: 'status', status: 503 });
    s.fault({ kind: 'rate-limit', retryAfter: 7 });
    s.fault({ kind: 'rate-limit', retryAfter: 'http-date' });
    const b = batch('psh_1-b1', ['a@x.com']);
    expect((await post(s, b)).status).toBe(503);
    const limited = await post(s, b);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    const dated = await post(s, b);
    expect(dated.status).toBe(429);
    expect(Date.parse(dated.headers.get('retry-after')!)).toBeGreaterThan(Date.now() - 1000);
    expect(s.deliveries()).toHaveLength(0);
    expect((await post(s, b)).status).toBe(200);
    expect(s.requests().map((r) => r.fault)).toEqual(['status', 'rate-limit', 'rate-limit', undefined]);
  });

  it('aims faults at one batch and repeats them `times` times', async () => {
    s.fault({ kind: 'status', status: 500 }, { batch: 2, times: 2 });
    expect((await post(s, batch('p-b1', ['a@x.com']))).status).toBe(200);
    expect((await post(s, batch('p-b2', ['b@x.com']))).status).toBe(500);
    expect((await post(s, batch('p-b2', ['b@x.com']))).status).toBe(500);
    expect((await post(s, batch('p-b2', ['b@x.com']))).status).toBe(200);
  });

  it('timeout: reads the request and never answers, until the client gives up', async () => {
    s.fault({ kind: 'timeout' });
    await expect(post(s, batch('p-b1', ['a@x.com']), { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(s.deliveries()).toHaveLength(0);
    expect(s.requests()[0]).toMatchObject({ status: 0, fault: 'timeout', signatureValid: true });
  });

  it('reset-mid-body drops the connection and records nothing', async () => {
    s.fault({ kind: 'reset-mid-body' });
    const big = batch(
      'p-b1',
      Array.from({ length: 5000 }, (_, i) => `user${i}@example.com`),
    );
    await expect(post(s, big)).rejects.toThrow();
    expect(s.deliveries()).toHaveLength(0);
    expect((await post(s, big)).status).toBe(200);
    expect(s.timesDelivered('user42@example.com')).toBe(1);
  });

  it('reset-after-commit records the batch, drops the answer, and a retry gets the same answer once', async () => {
    s.fault({ kind: 'reset-after-commit' });
    const b = batch('p-b3', ['a@x.com']);
    await expect(post(s, b)).rejects.toThrow();
    expect(s.deliveries()).toHaveLength(1);
    const retry = await post(s, b);
    expect(retry.status).toBe(200);
    expect(retry.body?.results?.[0]?.status).toBe('accepted');
    expect(s.timesDelivered('a@x.com')).toBe(1);
  });

  it('slow answers after the delay', async () => {
    s.fault({ kind: 'slow', ms: 250 });
    const t = Date.now();
    expect((await post(s, batch('p-b1', ['a@x.com']))).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(240);
  });
});

describe('lightweight server', () => {
  it('keeps per-address counts and rejections, not payloads', async () => {
    const s = await startSendServer({ lightweight: true });
    try {
      s.fault({ kind: 'reject', addresses: ['b@x.com'], reason: 'blocked' });
      const b = batch('p-b1', ['a@x.com', 'b@x.com']);
      const first = await post(s, b);
      const again = await post(s, b);
      // The repeat names only the rejected contacts: the others count as accepted, as the API says.
      expect(again.body?.results).toEqual(first.body?.results?.filter((r) => r.status === 'rejected'));
      expect(again.body?.results?.map((r) => r.reason)).toEqual(['blocked']);
      expect(s.deliveries()).toEqual([{ key: 'p-b1', pushId: 'p', batch: 1, addresses: [] }]);
      expect([...s.addressesDelivered()]).toEqual([['a@x.com', 1]]);
    } finally {
      await s.close();
    }
  });

  it('takes a fixed port and secret', async () => {
    const probe = await startSendServer();
    const port = Number(new URL(probe.endpoint).port);
    await probe.close();
    const s = await startSendServer({ port, secret: V.secret });
    try {
      expect(s.endpoint).toBe(`http://127.0.0.1:${port}/push`);
      expect((await post(s, batch('p-b1', ['a@x.com']))).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
