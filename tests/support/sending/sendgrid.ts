import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A contract server for SendGrid Marketing Contacts, as documented (twilio.com/docs/sendgrid/api-reference/contacts):
 *
 * - `PUT /v3/marketing/contacts` with `Authorization: Bearer <key>` upserts up to 30,000 contacts or
 *   6 MB, whichever is lower, and answers `202 {"job_id", "_metadata"}`; validation errors are 4xx
 *   `{"errors":[{"field","message"}]}`.
 * - `GET /v3/marketing/contacts/imports/{id}` reports the job: pending (for `pendingPolls` polls),
 *   then completed / errored (some errors) / failed (all errors), with counts and an errors_url.
 * - Every answer carries X-RateLimit-Limit / -Remaining / -Reset (epoch seconds); a 429 says "too many requests".
 *
 * It rejects what the real API rejects: no or wrong key, wrong method or path, bad JSON, no contacts,
 * more than 30,000 contacts or 6 MB, a contact without an identifier, unknown contact fields or
 * custom field ids, unknown list ids. Invalid emails are not a request error: the job counts them.
 */
export const SENDGRID_LIMITS = { maxContacts: 30_000, maxBytes: 6 * 1024 * 1024 } as const;

const FIELDS = new Set([
  'email',
  'phone_number_id',
  'external_id',
  'anonymous_id',
  'alternate_emails',
  'first_name',
  'last_name',
  'unique_name',
  'address_line_1',
  'address_line_2',
  'city',
  'state_province_region',
  'postal_code',
  'country',
  'phone_number',
  'whatsapp',
  'line',
  'facebook',
  'custom_fields',
]);
const IDENTIFIERS = ['email', 'phone_number_id', 'external_id', 'anonymous_id'];
const EMAIL = /^[^@\s,"]+@[^@\s,"]+\.[a-z]{2,}$/i;

export type SendGridFault =
  | { kind: 'rate-limit'; resetInSeconds?: number }
  | { kind: 'status'; status: 403 | 500 | 502 | 503 }
  /** The next job ends `failed` with no errors file (an unprocessable job). */
  | { kind: 'job-failed' };

export interface SendGridJob {
  id: string;
  polls: number;
  requested: number;
  created: number;
  updated: number;
  errors: { email: string; error: string }[];
  forceFailed: boolean;
}

export interface SendGridServer {
  baseUrl: string;
  apiKey: string;
  listIds: string[];
  close(): Promise<void>;
  /** Contacts by lower-case email: how many upserts touched each (a repeat must not create a second contact). */
  contacts(): Map<string, { id: string; upserts: number; fields: Record<string, unknown>; listIds: string[] }>;
  /** The emails on a list now (what an audience sync keeps equal to its segment). */
  onList(listId: string): string[];
  requests(): { method: string; path: string; status: number }[];
  jobs(): Map<string, SendGridJob>;
  /** The next `times` matching requests answer with the fault; `on` picks upserts (default) or job polls. */
  fault(f: SendGridFault, opts?: { times?: number; on?: 'upsert' | 'poll' }): void;
  /** Addresses SendGrid refuses in the job (e.g. a global suppression), with the error it reports. */
  refuse(addresses: string[], reason: string): void;
  reset(): void;
}

export interface SendGridServerOptions {
  apiKey?: string;
  listIds?: string[];
  /** Custom field ids that exist (custom fields must be created before contacts use them). */
  customFieldIds?: string[];
  /** Polls a job stays pending before it finishes (default 1). */
  pendingPolls?: number;
  /** Requests allowed per window, shown in X-RateLimit-Limit (default 600). */
  rateLimit?: number;
}

const csv = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export async function startSendGridServer(opts: SendGridServerOptions = {}): Promise<SendGridServer> {
  const apiKey = opts.apiKey ?? `SG.${randomUUID().replace(/-/g, '')}.${randomUUID().replace(/-/g, '')}`;
  const listIds = opts.listIds ?? [randomUUID()];
  const customIds = new Set(opts.customFieldIds ?? []);
  const limit = opts.rateLimit ?? 600;
  let contacts: ReturnType<SendGridServer['contacts']> = new Map();
  let requests: ReturnType<SendGridServer['requests']> = [];
  let jobs = new Map<string, SendGridJob>();
  let faults: { f: SendGridFault; times: number; on: 'upsert' | 'poll' }[] = [];
  let refused = new Map<string, string>();
  let remaining = limit;

  const take = (on: 'upsert' | 'poll'): SendGridFault | null => {
    const i = faults.findIndex((x) => x.on === on && x.times > 0);
    if (i < 0) return null;
    const q = faults[i]!;
    if (--q.times === 0) faults.splice(i, 1);
    return q.f;
  };
  const reset = () => Math.floor(Date.now() / 1000) + 60;

  const handle = (req: IncomingMessage, raw: Buffer, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0]!;
    const send = (code: number, body: unknown, headers: Record<string, string> = {}, type = 'application/json') => {
      requests.push({ method: req.method ?? '', path, status: code });
      remaining = Math.max(0, remaining - 1);
      res.writeHead(code, {
        'content-type': type,
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(remaining),
        'x-ratelimit-reset': String(reset()),
        ...headers,
      });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const error = (code: number, message: string, field: string | null = null, headers: Record<string, string> = {}) =>
      send(code, { errors: [{ field, message }] }, headers);

    const auth = req.headers.authorization;
    if (!auth) return error(401, 'authorization required');
    if (auth !== `Bearer ${apiKey}`) return error(401, 'The provided authorization grant is invalid, expired, or revoked');

    const onFault = (f: SendGridFault | null): boolean => {
      if (!f || f.kind === 'job-failed') return false;
      if (f.kind === 'rate-limit') {
        const at = Math.floor(Date.now() / 1000) + (f.resetInSeconds ?? 1);
        error(429, 'too many requests', null, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(at) });
      } else if (f.status === 403) error(403, 'access forbidden');
      else error(f.status, 'internal error');
      return true;
    };

    // The API key's permissions (a read: what Test connection asks); no fault is queued for it.
    if (path === '/v3/scopes') {
      if (req.method !== 'GET') return error(405, `method ${req.method} not allowed`);
      return send(200, { scopes: ['marketing.read', 'marketing.contacts.write'] });
    }
    if (path === '/v3/marketing/contacts') {
      if (req.method !== 'PUT') return error(405, `method ${req.method} not allowed; use PUT to add or update contacts`);
      const fault = take('upsert');
      if (onFault(fault)) return;
      if (raw.length > SENDGRID_LIMITS.maxBytes) return error(413, 'request body is larger than 6MB');
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
        if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error();
      } catch {
        return error(400, 'invalid JSON', null);
      }
      const unknownTop = Object.keys(body).find((k) => k !== 'list_ids' && k !== 'contacts');
      if (unknownTop) return error(400, `unknown field ${unknownTop}`, unknownTop);
      if (body.list_ids !== undefined) {
        if (!Array.isArray(body.list_ids) || body.list_ids.some((l) => typeof l !== 'string'))
          return error(400, 'list_ids must be an array of list ids', 'list_ids');
        const unknown = (body.list_ids as string[]).find((l) => !listIds.includes(l));
        if (unknown) return error(400, `list id ${unknown} does not exist`, 'list_ids');
      }
      if (!Array.isArray(body.contacts) || body.contacts.length === 0) return error(400, 'at least one contact is required', 'contacts');
      if (body.contacts.length > SENDGRID_LIMITS.maxContacts)
        return error(400, `a request may upsert at most ${SENDGRID_LIMITS.maxContacts} contacts`, 'contacts');
      for (const [i, c] of (body.contacts as unknown[]).entries()) {
        if (typeof c !== 'object' || c === null || Array.isArray(c)) return error(400, 'contact must be an object', `contacts[${i}]`);
        const rec = c as Record<string, unknown>;
        if (!IDENTIFIERS.some((k) => typeof rec[k] === 'string' && rec[k]))
          return error(
            400,
            'contact must have at least one identifier: email, phone_number_id, external_id or anonymous_id',
            `contacts[${i}]`,
          );
        const extra = Object.keys(rec).find((k) => !FIELDS.has(k));
        if (extra)
          return error(400, `${extra} is not a reserved field; custom fields go in custom_fields by field id`, `contacts[${i}].${extra}`);
        const bad = Object.entries(rec).find(([k, v]) => k !== 'custom_fields' && k !== 'alternate_emails' && typeof v !== 'string');
        if (bad) return error(400, `${bad[0]} must be a string`, `contacts[${i}].${bad[0]}`);
        if (rec.custom_fields !== undefined) {
          if (typeof rec.custom_fields !== 'object' || rec.custom_fields === null)
            return error(400, 'custom_fields must be an object', `contacts[${i}].custom_fields`);
          const missing = Object.keys(rec.custom_fields).find((k) => !customIds.has(k));
          if (missing) return error(400, `custom field ${missing} does not exist`, `contacts[${i}].custom_fields.${missing}`);
        }
      }
      const job: SendGridJob = {
        id: randomUUID(),
        polls: 0,
        requested: body.contacts.length,
        created: 0,
        updated: 0,
        errors: [],
        forceFailed: fault?.kind === 'job-failed',
      };
      for (const c of job.forceFailed ? [] : (body.contacts as Record<string, unknown>[])) {
        const email = typeof c.email === 'string' ? c.email.trim().toLowerCase() : '';
        if (!email) {
          job.created++; // another identifier; we only track emails
          continue;
        }
        if (!EMAIL.test(email)) job.errors.push({ email, error: 'invalid email' });
        else if (refused.has(email)) job.errors.push({ email, error: refused.get(email)! });
        else {
          const prev = contacts.get(email);
          const lists = new Set([...(prev?.listIds ?? []), ...((body.list_ids as string[] | undefined) ?? [])]);
          contacts.set(email, {
            id: prev?.id ?? randomUUID(),
            upserts: (prev?.upserts ?? 0) + 1,
            fields: { ...prev?.fields, ...c },
            listIds: [...lists],
          });
          if (prev) job.updated++;
          else job.created++;
        }
      }
      jobs.set(job.id, job);
      return send(202, { job_id: job.id, _metadata: { self: `${baseUrl}/v3/marketing/contacts/imports/${job.id}` } });
    }

    // Contacts by email (at most 100 a request): each found one's id, the others "contact not found"; 404 when none is.
    if (path === '/v3/marketing/contacts/search/emails') {
      if (req.method !== 'POST') return error(405, `method ${req.method} not allowed`);
      if (onFault(take('upsert'))) return;
      let emails: unknown;
      try {
        emails = (JSON.parse(raw.toString('utf8')) as { emails?: unknown }).emails;
      } catch {
        return error(400, 'invalid JSON');
      }
      if (!Array.isArray(emails) || emails.length === 0 || emails.some((e) => typeof e !== 'string'))
        return error(400, 'emails must be a non-empty array of strings', 'emails');
      if (emails.length > 100) return error(400, 'at most 100 emails per request', 'emails');
      const result: Record<string, unknown> = {};
      for (const e of emails as string[]) {
        const c = contacts.get(e.toLowerCase());
        result[e] = c ? { contact: { id: c.id, email: e.toLowerCase(), list_ids: c.listIds } } : { error: 'contact not found' };
      }
      if (!(emails as string[]).some((e) => contacts.has(e.toLowerCase()))) return error(404, 'No contacts found');
      return send(200, { result });
    }
    // Takes contacts off a list (they stay contacts): 202 with a job id.
    const listContacts = /^\/v3\/marketing\/lists\/([^/]+)\/contacts$/.exec(path);
    if (listContacts) {
      if (req.method !== 'DELETE') return error(405, `method ${req.method} not allowed`);
      if (onFault(take('upsert'))) return;
      const listId = decodeURIComponent(listContacts[1]!);
      if (!listIds.includes(listId)) return error(404, `list ${listId} not found`);
      const ids = new URL(req.url ?? '', 'http://x').searchParams.get('contact_ids');
      if (!ids) return error(400, 'contact_ids is required', 'contact_ids');
      const wanted = new Set(ids.split(','));
      if (wanted.size > 100) return error(400, 'at most 100 contact ids per request', 'contact_ids');
      for (const c of contacts.values()) if (wanted.has(c.id)) c.listIds = c.listIds.filter((l) => l !== listId);
      return send(202, { job_id: randomUUID() });
    }

    const errorsFile = /^\/v3\/marketing\/contacts\/imports\/errors\/([0-9a-f-]+)$/.exec(path);
    if (errorsFile) {
      const job = jobs.get(errorsFile[1]!);
      if (req.method !== 'GET' || !job) return error(404, 'resource not found');
      return send(200, ['email,error', ...job.errors.map((e) => `${csv(e.email)},${csv(e.error)}`)].join('\n') + '\n', {}, 'text/csv');
    }

    const jobPath = /^\/v3\/marketing\/contacts\/imports\/([^/]+)$/.exec(path);
    if (jobPath) {
      if (req.method !== 'GET') return error(405, `method ${req.method} not allowed`);
      if (onFault(take('poll'))) return;
      const job = jobs.get(jobPath[1]!);
      if (!job) return error(404, 'job not found', 'id');
      if (job.polls++ < (opts.pendingPolls ?? 1))
        return send(200, {
          id: job.id,
          status: 'pending',
          job_type: 'upsert',
          results: { requested_count: job.requested },
          started_at: new Date().toISOString(),
        });
      const errored = job.errors.length;
      const state = job.forceFailed ? 'failed' : errored === 0 ? 'completed' : errored === job.requested ? 'failed' : 'errored';
      return send(200, {
        id: job.id,
        status: state,
        job_type: 'upsert',
        results: {
          requested_count: job.requested,
          created_count: job.forceFailed ? 0 : job.created,
          updated_count: job.forceFailed ? 0 : job.updated,
          deleted_count: 0,
          errored_count: job.forceFailed ? job.requested : errored,
          ...(errored && !job.forceFailed ? { errors_url: `${baseUrl}/v3/marketing/contacts/imports/errors/${job.id}` } : {}),
        },
        started_at: new Date().toISOString(),
        finished_at: new Date().toISOString(),
      });
    }
    return error(404, 'resource not found');
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    apiKey,
    listIds,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    contacts: () => contacts,
    onList: (listId) =>
      [...contacts.entries()]
        .filter(([, c]) => c.listIds.includes(listId))
        .map(([e]) => e)
        .sort(),
    requests: () => requests,
    jobs: () => jobs,
    fault: (f, o = {}) => void faults.push({ f, times: o.times ?? 1, on: f.kind === 'job-failed' ? 'upsert' : (o.on ?? 'upsert') }),
    refuse: (addresses, reason) => addresses.forEach((a) => refused.set(a.toLowerCase(), reason)),
    reset: () => {
      contacts = new Map();
      requests = [];
      jobs = new Map();
      faults = [];
      refused = new Map();
      remaining = limit;
    },
  };
}
