import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BatchContext, PushContact } from '../../../src-main/core/deliver/connector';
import {
  createMailchimpConnector,
  mailchimpBody,
  mailchimpDataCenter,
  MAILCHIMP_MAX_MEMBERS,
} from '../../../src-main/core/deliver/connectors/mailchimp';
import {
  createSendGridConnector,
  parseErrorsCsv,
  sendGridBody,
  SENDGRID_MAX_CONTACTS,
} from '../../../src-main/core/deliver/connectors/sendgrid';
import { startMailchimpServer, type MailchimpServer } from '../../support/sending/mailchimp';
import { startSendGridServer, type SendGridServer } from '../../support/sending/sendgrid';

const people = (n: number, from = 0): PushContact[] =>
  Array.from({ length: n }, (_, i) => ({
    contactId: `P${from + i}`,
    address: `user${from + i}@example.com`,
    fields: { first_name: `Ann${from + i}`, last_name: 'Lee', zip: '02139', coupon: 'X1' },
  }));
const ctx = (over: Partial<BatchContext> = {}): BatchContext => ({
  pushId: 'psh_1',
  segment: { id: 'seg', name: 'S', version: 1 },
  channel: 'email',
  batchNumber: 1,
  batchCount: 1,
  idempotencyKey: 'psh_1-b1',
  signal: new AbortController().signal,
  ...over,
});
const call = (url: string, init: RequestInit = {}) =>
  fetch(url, init).then(async (r) => ({
    status: r.status,
    type: r.headers.get('content-type') ?? '',
    headers: r.headers,
    body: (await r.json()) as Record<string, unknown>,
  }));

describe('SendGrid contract server', () => {
  let sg: SendGridServer;
  const put = (body: unknown, auth: string | null = `Bearer ${sg.apiKey}`, method = 'PUT', path = '/v3/marketing/contacts') =>
    call(`${sg.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  beforeAll(async () => {
    sg = await startSendGridServer({ customFieldIds: ['e1_T'] });
  });
  afterAll(() => sg.close());
  beforeEach(() => sg.reset());

  it('rejects what the real API rejects', async () => {
    const one = { contacts: [{ email: 'a@x.com' }] };
    expect(await put(one, null)).toMatchObject({ status: 401, body: { errors: [{ field: null, message: 'authorization required' }] } });
    expect((await put(one, 'Bearer SG.wrong')).status).toBe(401);
    expect((await put(one, `Bearer ${sg.apiKey}`, 'POST')).status).toBe(405);
    expect((await put(one, `Bearer ${sg.apiKey}`, 'PUT', '/v3/marketing/contactz')).status).toBe(404);
    expect((await put('{oops')).status).toBe(400);
    expect((await put({ contacts: [] })).status).toBe(400);
    const tooMany = await put({ contacts: Array.from({ length: SENDGRID_MAX_CONTACTS + 1 }, (_, i) => ({ email: `u${i}@x.com` })) });
    expect(tooMany).toMatchObject({ status: 400, body: { errors: [{ field: 'contacts' }] } });
    const tooBig = await put({
      contacts: Array.from({ length: 20_000 }, (_, i) => ({ email: `u${i}@x.com`, address_line_1: 'x'.repeat(320) })),
    });
    expect(tooBig.status).toBe(413);
    expect((await put({ contacts: [{ first_name: 'Ann' }] })).body).toMatchObject({
      errors: [{ field: 'contacts[0]', message: expect.stringContaining('identifier') }],
    });
    expect((await put({ contacts: [{ email: 'a@x.com', coupon: 'X1' }] })).status).toBe(400);
    expect((await put({ contacts: [{ email: 'a@x.com', custom_fields: { w9_T: 'x' } }] })).status).toBe(400);
    expect((await put({ list_ids: ['no-such-list'], contacts: [{ email: 'a@x.com' }] })).body).toMatchObject({
      errors: [{ field: 'list_ids' }],
    });
    expect(
      (await call(`${sg.baseUrl}/v3/marketing/contacts/imports/nope`, { headers: { authorization: `Bearer ${sg.apiKey}` } })).status,
    ).toBe(404);
    expect(sg.contacts().size).toBe(0);
    expect(sg.jobs().size).toBe(0);
  });

  it('answers 202 with a job that is pending, then finished, with rate-limit headers', async () => {
    const r = await put({ list_ids: sg.listIds, contacts: [{ email: 'a@x.com', custom_fields: { e1_T: 'v' } }, { email: 'bad@' }] });
    expect(r.status).toBe(202);
    expect(r.headers.get('x-ratelimit-limit')).toBeTruthy();
    const poll = () =>
      call(`${sg.baseUrl}/v3/marketing/contacts/imports/${String(r.body.job_id)}`, { headers: { authorization: `Bearer ${sg.apiKey}` } });
    expect((await poll()).body).toMatchObject({ status: 'pending', job_type: 'upsert' });
    expect((await poll()).body).toMatchObject({
      status: 'errored',
      results: { requested_count: 2, created_count: 1, errored_count: 1, errors_url: expect.any(String) },
    });
  });
});

describe('SendGrid connector', () => {
  let sg: SendGridServer;
  const connector = (over: Partial<Parameters<typeof createSendGridConnector>[0]> = {}) =>
    createSendGridConnector({ apiKey: sg.apiKey, listIds: sg.listIds, baseUrl: sg.baseUrl, pollMs: 5, ...over });
  beforeAll(async () => {
    sg = await startSendGridServer({ pendingPolls: 2 });
  });
  afterAll(() => sg.close());
  beforeEach(() => sg.reset());

  it('upserts, waits for the job, and accepts everyone; a repeat creates no second contact', async () => {
    const c = connector();
    expect([c.kind, c.maxBatch, c.channels]).toEqual(['sendgrid', SENDGRID_MAX_CONTACTS, ['email']]);
    const batch = people(3);
    const out = await c.sendBatch(batch, ctx());
    expect(out).toEqual({ kind: 'done', results: batch.map((p) => ({ contactId: p.contactId, status: 'accepted' })) });
    expect(sg.contacts().get('user0@example.com')).toMatchObject({
      upserts: 1,
      fields: { first_name: 'Ann0', last_name: 'Lee', postal_code: '02139' },
      listIds: sg.listIds,
    });
    expect(sg.requests().map((r) => `${r.method} ${r.status}`)).toEqual(['PUT 202', 'GET 200', 'GET 200', 'GET 200']);
    await c.sendBatch(batch, ctx());
    expect(sg.contacts().size).toBe(3);
    expect(sg.contacts().get('user0@example.com')?.upserts).toBe(2);
  });

  it('names the contacts the job refused, from its errors file', async () => {
    sg.refuse(['user1@example.com'], 'email is on the global suppression list');
    const batch = [...people(2), { contactId: 'PX', address: 'odd@localhost', fields: {} }];
    const out = await connector().sendBatch(batch, ctx());
    expect(out).toEqual({
      kind: 'done',
      results: [
        { contactId: 'P0', status: 'accepted' },
        { contactId: 'P1', status: 'rejected', reason: 'email is on the global suppression list' },
        { contactId: 'PX', status: 'rejected', reason: 'invalid email' },
      ],
    });
  });

  it('a job where every contact failed rejects each one; an unprocessable job fails the batch', async () => {
    sg.refuse(['user0@example.com'], 'suppressed, "bounced"');
    expect(await connector().sendBatch(people(1), ctx())).toEqual({
      kind: 'done',
      results: [{ contactId: 'P0', status: 'rejected', reason: 'suppressed, "bounced"' }],
    });
    sg.fault({ kind: 'job-failed' });
    expect(await connector().sendBatch(people(2, 5), ctx())).toMatchObject({ kind: 'fail', reason: expect.stringContaining('failed') });
  });

  it('429 retries after X-RateLimit-Reset; 5xx and a dead server retry; 401, 403 and oversize fail', async () => {
    sg.fault({ kind: 'rate-limit', resetInSeconds: 3 });
    const limited = await connector().sendBatch(people(1), ctx());
    expect(limited).toMatchObject({ kind: 'retry', reason: expect.stringContaining('too many requests') });
    expect(limited.kind === 'retry' && limited.retryAfterMs).toBeGreaterThan(1000);
    sg.fault({ kind: 'status', status: 503 });
    expect((await connector().sendBatch(people(1), ctx())).kind).toBe('retry');
    sg.fault({ kind: 'status', status: 403 });
    expect((await connector().sendBatch(people(1), ctx())).kind).toBe('fail');
    expect(await connector({ apiKey: 'SG.revoked' }).sendBatch(people(1), ctx())).toMatchObject({
      kind: 'fail',
      reason: expect.stringContaining('401'),
    });
    expect(await connector({ listIds: ['gone'] }).sendBatch(people(1), ctx())).toMatchObject({
      kind: 'fail',
      reason: expect.stringContaining('list_ids'),
    });
    const before = sg.requests().length;
    expect((await connector().sendBatch(people(SENDGRID_MAX_CONTACTS + 1), ctx())).kind).toBe('fail');
    expect(await connector().sendBatch(people(1), ctx({ channel: 'sms' }))).toMatchObject({ kind: 'fail' });
    expect(sg.requests().length).toBe(before); // refused without sending
    expect((await connector({ baseUrl: 'http://127.0.0.1:9' }).sendBatch(people(1), ctx())).kind).toBe('retry');
  });

  it('keeps polling through 5xx on the job, and stops when the push is cancelled', async () => {
    sg.fault({ kind: 'status', status: 502 }, { on: 'poll' });
    expect((await connector().sendBatch(people(1), ctx())).kind).toBe('done');
    const stop = new AbortController();
    const running = connector({ pollMs: 200 }).sendBatch(people(1), ctx({ signal: stop.signal }));
    setTimeout(() => stop.abort(new Error('cancelled')), 50);
    await expect(running).rejects.toThrow('cancelled');
    expect((await connector({ maxPolls: 1 }).sendBatch(people(1), ctx())).kind).toBe('retry');
  });

  it('body maps reserved fields and custom field ids only, and reads quoted error CSV', () => {
    const body = JSON.parse(sendGridBody(people(1), ['L1'], { coupon: 'e2_T' })) as {
      list_ids: string[];
      contacts: Record<string, unknown>[];
    };
    expect(body).toEqual({
      list_ids: ['L1'],
      contacts: [{ email: 'user0@example.com', first_name: 'Ann0', last_name: 'Lee', postal_code: '02139', custom_fields: { e2_T: 'X1' } }],
    });
    expect([...parseErrorsCsv('email,error\r\n"a@x.com","bad, very ""bad"""\nb@x.com,\n')]).toEqual([
      ['a@x.com', 'bad, very "bad"'],
      ['b@x.com', 'refused by SendGrid'],
    ]);
  });

  it('sends the API key only to SendGrid, never to an errors file on another host', async () => {
    sg.refuse(['user0@example.com'], 'nope');
    const seen: { url: string; auth: string | null }[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push({ url: String(input), auth: new Headers(init?.headers).get('authorization') });
      return fetch(input, init);
    };
    // Reached through 127.0.0.1 but told it is "localhost": the errors_url then has another origin.
    const out = await connector({ baseUrl: sg.baseUrl.replace('127.0.0.1', 'localhost'), fetchImpl: spy }).sendBatch(people(1), ctx());
    const errorsCall = seen.find((s) => s.url.includes('/imports/errors/'));
    expect(errorsCall?.auth).toBeNull();
    expect(seen.filter((s) => !s.url.includes('/errors/')).every((s) => s.auth === `Bearer ${sg.apiKey}`)).toBe(true);
    expect(out.kind).toBe('fail'); // the file was not readable without the key, and the job failed
  });
});

describe('Mailchimp contract server', () => {
  let mc: MailchimpServer;
  const basic = (key: string) => `Basic ${Buffer.from(`anyone:${key}`).toString('base64')}`;
  const post = (body: unknown, o: { auth?: string | null; method?: string; path?: string } = {}) =>
    call(`${mc.baseUrl}${o.path ?? `/3.0/lists/${mc.listId}`}`, {
      method: o.method ?? 'POST',
      headers: { 'content-type': 'application/json', ...(o.auth === null ? {} : { authorization: o.auth ?? basic(mc.apiKey) }) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const member = (email: string) => ({ email_address: email, status: 'subscribed' });
  beforeAll(async () => {
    mc = await startMailchimpServer();
  });
  afterAll(() => mc.close());
  beforeEach(() => mc.reset());

  it('rejects what the real API rejects, as problem+json', async () => {
    const ok = { members: [member('a@x.com')], update_existing: true };
    const missing = await post(ok, { auth: null });
    expect(missing).toMatchObject({ status: 401, body: { title: 'API Key Missing', status: 401 } });
    expect(missing.type).toContain('application/problem+json');
    expect(Object.keys(missing.body).sort()).toEqual(['detail', 'instance', 'status', 'title', 'type']);
    expect((await post(ok, { auth: basic('0'.repeat(32) + '-us21') })).body).toMatchObject({ title: 'API Key Invalid' });
    expect((await post(ok, { path: '/3.0/lists/nosuchlist' })).status).toBe(404);
    expect((await post(ok, { path: '/3.0/listz' })).status).toBe(404);
    expect((await post(ok, { method: 'PUT' })).status).toBe(405);
    expect((await post('{not json')).body).toMatchObject({ status: 400, title: 'JSON Parse Exception' });
    expect((await post({ members: 'x' })).status).toBe(400);
    const over = await post({ members: Array.from({ length: 501 }, (_, i) => member(`u${i}@x.com`)) });
    expect(over).toMatchObject({ status: 400, body: { title: 'Invalid Resource' } });
    expect((await post({ members: [{ email_address: 'a@x.com' }] })).status).toBe(400); // no status
    expect((await post({ members: [{ status: 'subscribed' }] })).status).toBe(400); // no email
    expect(mc.members().size).toBe(0);
  });

  it('answers per-member errors in a 200, and allows 10 simultaneous connections', async () => {
    mc.seed('gone@x.com', 'unsubscribed');
    const r = await post({ members: [member('a@x.com'), member('not-an-email'), member('gone@x.com')], update_existing: true });
    expect(r).toMatchObject({ status: 200, body: { total_created: 1, total_updated: 0, error_count: 2 } });
    expect((r.body.errors as { error: string }[]).map((e) => e.error)).toEqual([
      expect.stringContaining('looks fake or invalid'),
      expect.stringContaining('compliance state'),
    ]);
    expect((await post({ members: [member('a@x.com')] })).body).toMatchObject({
      error_count: 1,
      errors: [{ error_code: 'ERROR_CONTACT_EXISTS' }],
    });

    mc.fault({ kind: 'slow', ms: 300 }, { times: 11 });
    const all = await Promise.all(Array.from({ length: 11 }, (_, i) => post({ members: [member(`c${i}@x.com`)], update_existing: true })));
    expect(all.map((x) => x.status).sort()).toEqual([...Array(10).fill(200), 429]);
    expect(all.find((x) => x.status === 429)?.body).toMatchObject({ title: 'Too Many Requests' });
  });
});

describe('Mailchimp connector', () => {
  let mc: MailchimpServer;
  const connector = (over: Partial<Parameters<typeof createMailchimpConnector>[0]> = {}) =>
    createMailchimpConnector({ apiKey: mc.apiKey, listId: mc.listId, baseUrl: mc.baseUrl, ...over });
  beforeAll(async () => {
    mc = await startMailchimpServer();
  });
  afterAll(() => mc.close());
  beforeEach(() => mc.reset());

  it('a 1,200-person push goes as 3 calls of at most 500, everyone subscribed once with merge fields', async () => {
    const c = connector();
    expect([c.kind, c.maxBatch, c.channels]).toEqual(['mailchimp', MAILCHIMP_MAX_MEMBERS, ['email']]);
    const all = people(1200);
    for (let i = 0, n = 1; i < all.length; i += c.maxBatch, n++) {
      const out = await c.sendBatch(all.slice(i, i + c.maxBatch), ctx({ batchNumber: n, batchCount: 3 }));
      expect(out.kind === 'done' && out.results.every((r) => r.status === 'accepted')).toBe(true);
    }
    expect(mc.requests().map((r) => [r.status, r.members])).toEqual([
      [200, 500],
      [200, 500],
      [200, 200],
    ]);
    expect(mc.members().size).toBe(1200);
    expect(mc.members().get('user7@example.com')).toEqual({
      status: 'subscribed',
      mergeFields: { FNAME: 'Ann7', LNAME: 'Lee' },
      writes: 1,
    });
    // Sent again (a retry after a lost answer): updated, nobody added twice.
    await c.sendBatch(all.slice(0, 500), ctx());
    expect(mc.members().size).toBe(1200);
    expect(mc.members().get('user7@example.com')?.writes).toBe(2);
  });

  it('refuses a batch over 500 or on SMS without sending it', async () => {
    expect(await connector().sendBatch(people(501), ctx())).toMatchObject({ kind: 'fail', reason: expect.stringContaining('500') });
    expect((await connector().sendBatch(people(1), ctx({ channel: 'sms' }))).kind).toBe('fail');
    expect(mc.requests()).toHaveLength(0);
  });

  it('maps per-member errors to rejected contacts', async () => {
    mc.seed('user1@example.com', 'unsubscribed');
    const batch = [...people(2), { contactId: 'PX', address: 'x@nowhere', fields: {} }];
    const out = await connector().sendBatch(batch, ctx());
    expect(out).toMatchObject({
      kind: 'done',
      results: [
        { contactId: 'P0', status: 'accepted' },
        { contactId: 'P1', status: 'rejected', reason: expect.stringContaining('compliance state') },
        { contactId: 'PX', status: 'rejected', reason: expect.stringMatching(/looks fake or invalid.*ERROR_GENERIC/) },
      ],
    });
    expect(mc.members().get('user1@example.com')?.status).toBe('unsubscribed');
  });

  it('429, 5xx and a dead server retry; a wrong key or unknown list fails', async () => {
    mc.fault({ kind: 'rate-limit' });
    expect(await connector().sendBatch(people(1), ctx())).toMatchObject({
      kind: 'retry',
      reason: expect.stringContaining('Too Many Requests'),
    });
    mc.fault({ kind: 'status', status: 503 });
    expect((await connector().sendBatch(people(1), ctx())).kind).toBe('retry');
    expect(await connector({ apiKey: `${'f'.repeat(32)}-us21` }).sendBatch(people(1), ctx())).toMatchObject({
      kind: 'fail',
      reason: expect.stringContaining('401'),
    });
    expect(await connector({ listId: 'nope' }).sendBatch(people(1), ctx())).toMatchObject({
      kind: 'fail',
      reason: expect.stringContaining('404'),
    });
    expect((await connector({ baseUrl: 'http://127.0.0.1:9' }).sendBatch(people(1), ctx())).kind).toBe('retry');
  });

  it('finds the data centre in the key, and says so when it has none', async () => {
    expect(mailchimpDataCenter('0123456789abcdef0123456789abcdef-us21')).toBe('us21');
    expect(mailchimpDataCenter('no-suffix-here')).toBeNull();
    let url = '';
    const capture: typeof fetch = (input) => {
      url = String(input);
      return Promise.reject(new TypeError('offline in tests'));
    };
    const out = await createMailchimpConnector({ apiKey: 'abc-us6', listId: 'L 1', fetchImpl: capture }).sendBatch(people(1), ctx());
    expect(url).toBe('https://us6.api.mailchimp.com/3.0/lists/L%201');
    expect(out.kind).toBe('retry');
    expect(await createMailchimpConnector({ apiKey: 'abc', listId: 'L' }).sendBatch(people(1), ctx())).toMatchObject({
      kind: 'fail',
      reason: expect.stringContaining('data-centre'),
    });
    expect(JSON.parse(mailchimpBody(people(1)))).toEqual({
      members: [
        {
          email_address: 'user0@example.com',
          status_if_new: 'subscribed',
          status: 'subscribed',
          merge_fields: { FNAME: 'Ann0', LNAME: 'Lee' },
        },
      ],
      update_existing: true,
    });
  });
});
