import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A contract server for Mailchimp Marketing's batch subscribe/update (`POST /3.0/lists/{list_id}`), as
 * documented (mailchimp.com/developer/marketing/api/lists/batch-subscribe-or-unsubscribe):
 *
 * - HTTP Basic auth, any user name, the API key (`<hex>-<dc>`) as password.
 * - Body `{"members":[{"email_address","status","status_if_new"?,"merge_fields"?}],"update_existing"}`,
 *   at most 500 members per call.
 * - 200 `{"new_members","updated_members","errors":[{"email_address","error","error_code"}],
 *   "total_created","total_updated","error_count"}`: per-member problems are in `errors`, not a 4xx.
 * - Request errors are `application/problem+json` `{"type","title","status","detail","instance"}`.
 * - 10 simultaneous connections per account; the 11th gets 429 Too Many Requests.
 *
 * Rejects: no or wrong key, unknown list (404), wrong method (405) or path (404), bad JSON, more than
 * 500 members, a member without email_address or a valid status. An invalid email, or a subscribe of
 * someone who unsubscribed or was cleaned (a compliance state), is a per-member error.
 */
export const MAILCHIMP_LIMITS = { maxMembers: 500, maxConnections: 10 } as const;

const STATUSES = new Set(['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional']);
const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
const ERRORS_DOC = 'https://mailchimp.com/developer/marketing/docs/errors/';

export type MailchimpFault = { kind: 'rate-limit' } | { kind: 'status'; status: 500 | 502 | 503 } | { kind: 'slow'; ms: number };

export interface MailchimpMember {
  status: string;
  mergeFields: Record<string, unknown>;
  writes: number;
}

export interface MailchimpServer {
  baseUrl: string;
  apiKey: string;
  listId: string;
  close(): Promise<void>;
  /** Members of the list by lower-case email. */
  members(): Map<string, MailchimpMember>;
  /** The emails a tag (static segment) holds now, by its name (what an audience sync keeps). */
  tagged(name: string): string[];
  requests(): { method: string; path: string; status: number; members?: number }[];
  /** Most requests in flight at once. */
  peakConcurrency(): number;
  /** Puts someone on the list with a status (e.g. `unsubscribed`, who then cannot be re-subscribed by the API). */
  seed(email: string, status: string): void;
  fault(f: MailchimpFault, opts?: { times?: number }): void;
  reset(): void;
}

export async function startMailchimpServer(opts: { apiKey?: string; listId?: string; dc?: string } = {}): Promise<MailchimpServer> {
  const apiKey = opts.apiKey ?? `${randomBytes(16).toString('hex')}-${opts.dc ?? 'us21'}`;
  const listId = opts.listId ?? randomBytes(5).toString('hex');
  let members = new Map<string, MailchimpMember>();
  /** Tags (static segments) by id: their name and members' emails. */
  let tags = new Map<number, { name: string; emails: Set<string> }>();
  let requests: ReturnType<MailchimpServer['requests']> = [];
  let faults: { f: MailchimpFault; times: number }[] = [];
  let inFlight = 0;
  let peak = 0;

  const take = (): MailchimpFault | null => {
    const q = faults[0];
    if (!q) return null;
    if (--q.times === 0) faults.shift();
    return q.f;
  };

  const handle = (req: IncomingMessage, raw: Buffer, res: ServerResponse, done: () => void, crowded: boolean) => {
    const path = (req.url ?? '').split('?')[0]!;
    const send = (status: number, body: unknown, type = 'application/json', count?: number) => {
      requests.push({ method: req.method ?? '', path, status, ...(count !== undefined ? { members: count } : {}) });
      res.writeHead(status, { 'content-type': `${type}; charset=utf-8` });
      res.end(JSON.stringify(body));
      done();
    };
    const problem = (status: number, title: string, detail: string, errors?: { field: string; message: string }[]) =>
      send(
        status,
        { type: ERRORS_DOC, title, status, detail, instance: randomUUID(), ...(errors ? { errors } : {}) },
        'application/problem+json',
      );

    if (crowded)
      return problem(
        429,
        'Too Many Requests',
        `You have exceeded the limit of ${MAILCHIMP_LIMITS.maxConnections} simultaneous connections.`,
      );
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Basic ')) return problem(401, 'API Key Missing', 'Your request did not include an API key.');
    const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    const password = decoded.includes(':') ? decoded.slice(decoded.indexOf(':') + 1) : '';
    if (password !== apiKey)
      return problem(401, 'API Key Invalid', "Your API key may be invalid, or you've attempted to access the wrong datacenter.");

    const seg = /^\/3\.0\/lists\/([^/]+)\/segments(?:\/(\d+))?\/?$/.exec(path);
    if (seg) {
      if (decodeURIComponent(seg[1]!) !== listId) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
      return segments(req, raw, seg[2] ? Number(seg[2]) : null, send, problem);
    }
    const m = /^\/3\.0\/lists\/([^/]+)\/?$/.exec(path);
    if (!m) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
    if (decodeURIComponent(m[1]!) !== listId) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
    // Reading the audience (what Test connection asks): its id and name; no fault is queued for it.
    if (req.method === 'GET') return send(200, { id: listId, name: 'ACE test audience' });
    if (req.method !== 'POST')
      return problem(
        405,
        'Method Not Allowed',
        `The requested method and resource are not compatible. See the Allow header for this resource's available methods.`,
      );

    const fault = take();
    if (fault?.kind === 'rate-limit')
      return problem(
        429,
        'Too Many Requests',
        `You have exceeded the limit of ${MAILCHIMP_LIMITS.maxConnections} simultaneous connections.`,
      );
    if (fault?.kind === 'status')
      return problem(
        fault.status,
        'Internal Server Error',
        'An unexpected internal error has occurred. Please contact Support for more information.',
      );

    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error();
    } catch {
      return problem(400, 'JSON Parse Exception', 'We encountered an unspecified JSON parsing error.');
    }
    if (!Array.isArray(body.members))
      return problem(
        400,
        'Invalid Resource',
        "The resource submitted could not be validated. For field-specific details, see the 'errors' array.",
        [
          {
            field: 'members',
            message: 'Schema describes array, ' + (body.members === undefined ? 'NULL' : typeof body.members) + ' found instead',
          },
        ],
      );
    if (body.members.length > MAILCHIMP_LIMITS.maxMembers)
      return problem(
        400,
        'Invalid Resource',
        `The resource submitted could not be validated. For field-specific details, see the 'errors' array.`,
        [
          {
            field: 'members',
            message: `You may add at most ${MAILCHIMP_LIMITS.maxMembers} members per call; ${body.members.length} were sent.`,
          },
        ],
      );
    if (body.update_existing !== undefined && typeof body.update_existing !== 'boolean')
      return problem(400, 'Invalid Resource', 'update_existing must be a boolean.', [
        { field: 'update_existing', message: 'Schema describes boolean' },
      ]);
    for (const [i, raw] of (body.members as unknown[]).entries()) {
      const x = raw as Record<string, unknown>;
      if (typeof x !== 'object' || x === null || typeof x.email_address !== 'string')
        return problem(
          400,
          'Invalid Resource',
          "The resource submitted could not be validated. For field-specific details, see the 'errors' array.",
          [{ field: `members.item:${i}.email_address`, message: 'This value should not be blank.' }],
        );
      if (!STATUSES.has(String(x.status)) || (x.status_if_new !== undefined && !STATUSES.has(String(x.status_if_new))))
        return problem(
          400,
          'Invalid Resource',
          "The resource submitted could not be validated. For field-specific details, see the 'errors' array.",
          [{ field: `members.item:${i}.status`, message: 'Value is not one of subscribed, unsubscribed, cleaned, pending, transactional' }],
        );
      if (x.merge_fields !== undefined && (typeof x.merge_fields !== 'object' || x.merge_fields === null || Array.isArray(x.merge_fields)))
        return problem(400, 'Invalid Resource', 'merge_fields must be an object keyed by merge tag.', [
          { field: `members.item:${i}.merge_fields`, message: 'Schema describes object' },
        ]);
    }

    const created: unknown[] = [];
    const updated: unknown[] = [];
    const errors: { email_address: string; error: string; error_code: string; field: string; field_message: string }[] = [];
    for (const x of body.members as Record<string, unknown>[]) {
      const email = String(x.email_address).trim().toLowerCase();
      const prev = members.get(email);
      const status = String(prev ? x.status : (x.status_if_new ?? x.status));
      const merge = (x.merge_fields ?? {}) as Record<string, unknown>;
      if (!EMAIL.test(email)) {
        errors.push({
          email_address: String(x.email_address),
          error: `${String(x.email_address)} looks fake or invalid, please enter a real email address.`,
          error_code: 'ERROR_GENERIC',
          field: 'email_address',
          field_message: 'Invalid email address',
        });
      } else if (prev && body.update_existing !== true) {
        errors.push({
          email_address: email,
          error: `${email} is already a list member, do you want to update? please provide update_existing:'true' in the request body`,
          error_code: 'ERROR_CONTACT_EXISTS',
          field: 'email_address',
          field_message: '',
        });
      } else if (prev && (prev.status === 'unsubscribed' || prev.status === 'cleaned') && status === 'subscribed') {
        errors.push({
          email_address: email,
          error: `${email} is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.`,
          error_code: 'ERROR_GENERIC',
          field: 'email_address',
          field_message: '',
        });
      } else {
        members.set(email, { status, mergeFields: { ...prev?.mergeFields, ...merge }, writes: (prev?.writes ?? 0) + 1 });
        const view = { id: randomBytes(16).toString('hex'), email_address: email, status, merge_fields: merge, list_id: listId };
        (prev ? updated : created).push(view);
      }
    }
    const answer = () =>
      send(
        200,
        {
          new_members: created,
          updated_members: updated,
          errors,
          total_created: created.length,
          total_updated: updated.length,
          error_count: errors.length,
          _links: [],
        },
        'application/json',
        (body.members as unknown[]).length,
      );
    if (fault?.kind === 'slow') setTimeout(answer, fault.ms);
    else answer();
  };

  /**
   * Tags as static segments (mailchimp.com/developer/marketing/api/list-segments): `GET …/segments?type=static`
   * lists them, `POST …/segments {name, static_segment: []}` makes one, `POST …/segments/{id}` with
   * `members_to_add` / `members_to_remove` (at most 500 each; list members only) changes who has it.
   */
  const segments = (
    req: IncomingMessage,
    raw: Buffer,
    id: number | null,
    send: (status: number, body: unknown) => void,
    problem: (status: number, title: string, detail: string) => void,
  ) => {
    if (id === null && req.method === 'GET')
      return send(200, {
        segments: [...tags.entries()].map(([i, t]) => ({ id: i, name: t.name, type: 'static', member_count: t.emails.size })),
        total_items: tags.size,
      });
    if (req.method !== 'POST') return problem(405, 'Method Not Allowed', 'The requested method and resource are not compatible.');
    const fault = take();
    if (fault?.kind === 'rate-limit') return problem(429, 'Too Many Requests', 'You have exceeded the limit of simultaneous connections.');
    if (fault?.kind === 'status') return problem(fault.status, 'Internal Server Error', 'An unexpected internal error has occurred.');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return problem(400, 'JSON Parse Exception', 'We encountered an unspecified JSON parsing error.');
    }
    if (id === null) {
      if (typeof body.name !== 'string' || !body.name) return problem(400, 'Invalid Resource', 'name is required.');
      if ([...tags.values()].some((t) => t.name === body.name))
        return problem(400, 'Invalid Resource', 'A segment with this name already exists.');
      const newId = 1000 + tags.size;
      tags.set(newId, { name: body.name, emails: new Set() });
      return send(200, { id: newId, name: body.name, type: 'static', member_count: 0 });
    }
    const tag = tags.get(id);
    if (!tag) return problem(404, 'Resource Not Found', 'The requested segment could not be found.');
    const list = (k: string) => (Array.isArray(body[k]) ? (body[k] as unknown[]).map((e) => String(e).toLowerCase()) : []);
    const add = list('members_to_add');
    const remove = list('members_to_remove');
    if (add.length > MAILCHIMP_LIMITS.maxMembers || remove.length > MAILCHIMP_LIMITS.maxMembers)
      return problem(400, 'Invalid Resource', `At most ${MAILCHIMP_LIMITS.maxMembers} members to add or remove per call.`);
    const notMembers = [...add, ...remove].filter((e) => !members.has(e));
    for (const e of add) if (members.has(e)) tag.emails.add(e);
    for (const e of remove) tag.emails.delete(e);
    return send(200, {
      members_added: add.filter((e) => members.has(e)).map((email_address) => ({ email_address })),
      members_removed: remove.filter((e) => members.has(e)).map((email_address) => ({ email_address })),
      errors: notMembers.length ? [{ email_addresses: notMembers, error: 'Email addresses are not list members' }] : [],
      total_added: add.filter((e) => members.has(e)).length,
      total_removed: remove.filter((e) => members.has(e)).length,
      error_count: notMembers.length,
    });
  };

  const server = createServer((req, res) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    const crowded = inFlight > MAILCHIMP_LIMITS.maxConnections;
    let released = false;
    const done = () => {
      if (released) return;
      released = true;
      inFlight--;
    };
    res.on('close', done);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, Buffer.concat(chunks), res, done, crowded));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    apiKey,
    listId,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    members: () => members,
    tagged: (name) => [...([...tags.values()].find((t) => t.name === name)?.emails ?? [])].sort(),
    requests: () => requests,
    peakConcurrency: () => peak,
    seed: (email, status) => void members.set(email.toLowerCase(), { status, mergeFields: {}, writes: 0 }),
    fault: (f, o = {}) => void faults.push({ f, times: o.times ?? 1 }),
    reset: () => {
      members = new Map();
      tags = new Map();
      requests = [];
      faults = [];
      peak = 0;
    },
  };
}
