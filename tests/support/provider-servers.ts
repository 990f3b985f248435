import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Contract servers for the two providers' audience APIs, as documented: they accept what the real
 * API accepts and reject what it rejects (auth, sizes, shapes, unknown lists), answer in its error
 * shapes, and run SendGrid's upsert as an asynchronous job. Real HTTP on 127.0.0.1.
 */
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

interface Base {
  url: string;
  close(): Promise<void>;
  /** Upserts per email address (a repeat of a batch must not add a second contact). */
  contacts: Map<string, { upserts: number; fields: Record<string, unknown> }>;
  requests: { method: string; path: string; status: number }[];
  /** The next `times` writes answer 429 (SendGrid with X-RateLimit-Reset, Mailchimp with problem+json). */
  rateLimit(times: number): void;
  /** Addresses the provider refuses (e.g. on its own suppression list). */
  refuse(addresses: string[], reason: string): void;
}

async function listen(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

export interface SendGridServer extends Base {
  apiKey: string;
  listIds: string[];
}

export async function startSendGrid(opts: { pendingPolls?: number } = {}): Promise<SendGridServer> {
  const apiKey = `SG.${randomBytes(11).toString('base64url')}.${randomBytes(22).toString('base64url')}`;
  const listIds = ['a1b2c3d4-0000-4000-8000-000000000001'];
  const contacts: SendGridServer['contacts'] = new Map();
  const requests: Base['requests'] = [];
  const jobs = new Map<string, { polls: number; requested: number; errors: [string, string][] }>();
  let limited = 0;
  const refused = new Map<string, string>();
  const err = (res: ServerResponse, status: number, message: string, field: string | null = null, headers: Record<string, string> = {}) => send(res, status, { errors: [{ field, message }] }, headers);

  const http = await listen((req, raw, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    const log = (status: number) => requests.push({ method: req.method ?? '', path, status });
    if (req.headers.authorization !== `Bearer ${apiKey}`) return (log(401), err(res, 401, 'authorization required'));
    if (req.method === 'PUT' && path === '/v3/marketing/contacts') {
      if (limited > 0) {
        limited--;
        return (log(429), err(res, 429, 'too many requests', null, { 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1) }));
      }
      if (Buffer.byteLength(raw) > 6 * 1024 * 1024) return (log(413), err(res, 413, 'request body exceeds 6MB'));
      let body: { list_ids?: unknown; contacts?: unknown };
      try {
        body = JSON.parse(raw) as typeof body;
      } catch {
        return (log(400), err(res, 400, 'invalid JSON'));
      }
      if (!Array.isArray(body.contacts) || body.contacts.length === 0) return (log(400), err(res, 400, 'contacts is required', 'contacts'));
      if (body.contacts.length > 30_000) return (log(400), err(res, 400, 'cannot upsert more than 30000 contacts per request', 'contacts'));
      if (body.list_ids !== undefined && (!Array.isArray(body.list_ids) || body.list_ids.some((l) => !listIds.includes(String(l))))) return (log(404), err(res, 404, 'list not found', 'list_ids'));
      const known = new Set(['email', 'first_name', 'last_name', 'postal_code', 'state_province_region', 'phone_number_id', 'external_id', 'anonymous_id', 'custom_fields', 'city', 'country']);
      const errors: [string, string][] = [];
      for (const [i, c] of (body.contacts as Record<string, unknown>[]).entries()) {
        if (!c.email && !c.phone_number_id && !c.external_id && !c.anonymous_id) return (log(400), err(res, 400, 'contact must have at least one identifier', `contacts[${i}]`));
        const extra = Object.keys(c).find((k) => !known.has(k));
        if (extra) return (log(400), err(res, 400, `unknown field ${extra}: custom fields go in custom_fields`, `contacts[${i}].${extra}`));
        const email = String(c.email ?? '').toLowerCase();
        if (!EMAIL.test(email)) errors.push([email, 'invalid email']);
        else if (refused.has(email)) errors.push([email, refused.get(email)!]);
        else {
          const prev = contacts.get(email);
          contacts.set(email, { upserts: (prev?.upserts ?? 0) + 1, fields: c });
        }
      }
      const jobId = randomBytes(16).toString('hex');
      jobs.set(jobId, { polls: 0, requested: body.contacts.length, errors });
      log(202);
      return send(res, 202, { job_id: jobId, _metadata: { self: `${http.url}/v3/marketing/contacts/imports/${jobId}` } });
    }
    const job = /^\/v3\/marketing\/contacts\/imports\/([0-9a-f]+)$/.exec(path);
    if (req.method === 'GET' && job) {
      const j = jobs.get(job[1]!);
      if (!j) return (log(404), err(res, 404, 'job not found'));
      log(200);
      if (j.polls++ < (opts.pendingPolls ?? 1)) return send(res, 200, { id: job[1], status: 'pending', job_type: 'upsert', results: {} });
      const status = j.errors.length === 0 ? 'completed' : j.errors.length === j.requested ? 'failed' : 'errored';
      return send(res, 200, {
        id: job[1], status, job_type: 'upsert',
        results: { requested_count: j.requested, created_count: j.requested - j.errors.length, updated_count: 0, deleted_count: 0, errored_count: j.errors.length, ...(j.errors.length ? { errors_url: `${http.url}/errors/${job[1]}` } : {}) },
      });
    }
    const errs = /^\/errors\/([0-9a-f]+)$/.exec(path);
    if (req.method === 'GET' && errs && jobs.has(errs[1]!)) {
      log(200);
      res.writeHead(200, { 'content-type': 'text/csv' });
      return res.end(['email,error', ...jobs.get(errs[1]!)!.errors.map(([e, r]) => `${e},${r}`)].join('\n'));
    }
    log(404);
    return err(res, 404, 'not found');
  });
  return { ...http, apiKey, listIds, contacts, requests, rateLimit: (n) => (limited += n), refuse: (a, r) => a.forEach((x) => refused.set(x, r)) };
}

export interface MailchimpServer extends Base {
  apiKey: string;
  listId: string;
}

export async function startMailchimp(): Promise<MailchimpServer> {
  const apiKey = `${randomBytes(16).toString('hex')}-us21`;
  const listId = 'b7c9e0f1a2';
  const contacts: MailchimpServer['contacts'] = new Map();
  const requests: Base['requests'] = [];
  let limited = 0;
  const refused = new Map<string, string>();
  const problem = (res: ServerResponse, status: number, title: string, detail: string) =>
    send(res, status, { type: 'https://mailchimp.com/developer/marketing/docs/errors/', title, status, detail, instance: randomBytes(8).toString('hex') }, { 'content-type': 'application/problem+json' });

  const http = await listen((req, raw, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    const log = (status: number) => requests.push({ method: req.method ?? '', path, status });
    const auth = req.headers.authorization ?? '';
    const key = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString().split(':').slice(1).join(':') : '';
    if (key !== apiKey) return (log(401), problem(res, 401, 'API Key Invalid', 'Your API key may be invalid, or you\'ve attempted to access the wrong datacenter.'));
    const list = /^\/3\.0\/lists\/([^/]+)$/.exec(path);
    if (req.method !== 'POST' || !list) return (log(404), problem(res, 404, 'Resource Not Found', 'The requested resource could not be found.'));
    if (list[1] !== listId) return (log(404), problem(res, 404, 'Resource Not Found', 'The requested resource could not be found.'));
    if (limited > 0) {
      limited--;
      return (log(429), problem(res, 429, 'Too Many Requests', 'You have exceeded the limit of 10 simultaneous connections.'));
    }
    let body: { members?: unknown; update_existing?: unknown };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return (log(400), problem(res, 400, 'JSON Parse Exception', 'We encountered an unspecified JSON parsing error.'));
    }
    if (!Array.isArray(body.members)) return (log(400), problem(res, 400, 'Invalid Resource', 'Schema describes array, object found instead: members'));
    if (body.members.length > 500) return (log(400), problem(res, 400, 'Invalid Resource', 'members: maximum of 500 members per batch'));
    const statuses = new Set(['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional']);
    const created: unknown[] = [];
    const updated: unknown[] = [];
    const errors: { email_address: string; error: string; error_code: string; field: string; field_message: string }[] = [];
    for (const m of body.members as Record<string, unknown>[]) {
      const status = m.status ?? m.status_if_new;
      if (typeof m.email_address !== 'string' || !statuses.has(String(status))) return (log(400), problem(res, 400, 'Invalid Resource', 'Each member needs email_address and a status or status_if_new.'));
      const email = m.email_address.toLowerCase();
      if (!EMAIL.test(email)) errors.push({ email_address: email, error: `${email} looks fake or invalid, please enter a real email address.`, error_code: 'ERROR_GENERIC', field: 'email_address', field_message: 'Invalid email' });
      else if (refused.has(email)) errors.push({ email_address: email, error: refused.get(email)!, error_code: 'ERROR_CONTACT_EXISTS', field: '', field_message: '' });
      else if (contacts.has(email) && body.update_existing !== true) errors.push({ email_address: email, error: `${email} is already a list member.`, error_code: 'ERROR_CONTACT_EXISTS', field: '', field_message: '' });
      else {
        const prev = contacts.get(email);
        contacts.set(email, { upserts: (prev?.upserts ?? 0) + 1, fields: m });
        (prev ? updated : created).push({ id: email, email_address: email, status });
      }
    }
    log(200);
    return send(res, 200, { new_members: created, updated_members: updated, errors, total_created: created.length, total_updated: updated.length, error_count: errors.length });
  });
  return { ...http, apiKey, listId, contacts, requests, rateLimit: (n) => (limited += n), refuse: (a, r) => a.forEach((x) => refused.set(x, r)) };
}
