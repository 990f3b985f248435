import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applySyncBatch, isSyncBody, parseSyncBatch } from './sync-list';

/**
 * A generic sending service for tests, benchmarks and demos: real HTTP on 127.0.0.1. It takes the
 * signed JSON batch API of docs/push-api.md, verifies Standard Webhooks signatures on its own (no
 * app code), records each batch once per idempotency key, and injects faults on demand.
 */
export type Fault =
  /** 5xx: the service's own failure; 401/403: it no longer takes the secret (rotated); 400/422: it refuses the batch. */
  | { kind: 'status'; status: 400 | 401 | 403 | 422 | 500 | 502 | 503 }
  | { kind: 'rate-limit'; retryAfter: number | 'http-date' }
  | { kind: 'timeout' }
  | { kind: 'reset-mid-body' }
  | { kind: 'reset-after-commit' }
  | { kind: 'reject'; addresses: string[]; reason: string }
  | { kind: 'slow'; ms: number }
  /** Answers with a redirect to `location` (another sending server, say) before reading the batch. */
  | { kind: 'redirect'; status: 301 | 302 | 303 | 307 | 308; location: string };

export interface Delivery {
  key: string;
  pushId: string;
  batch: number;
  addresses: string[];
}

export interface RequestLog {
  key: string | null;
  status: number;
  signatureValid: boolean;
  fault?: string;
}

export interface SendServer {
  /** http://127.0.0.1:<port>/push */
  endpoint: string;
  /** whsec_... */
  secret: string;
  close(): Promise<void>;
  /** Distinct accepted batches, once per idempotency key (addresses are empty when lightweight). */
  deliveries(): Delivery[];
  /** How many times each address was delivered across distinct keys (exactly-once check). */
  timesDelivered(address: string): number;
  addressesDelivered(): Map<string, number>;
  /** Every request received, including faulted and duplicate ones. */
  requests(): RequestLog[];
  /** Queues a fault for the next `times` matching requests (default 1); `batch` limits it to that batch number. */
  fault(f: Fault, opts?: { times?: number; batch?: number }): void;
  /** The list an audience sync keeps here (address -> fields), as its batches left it. */
  list(syncId: string): Map<string, Record<string, unknown>>;
  /** Forgets the queued faults; the requests and deliveries so far stay. */
  clearFaults(): void;
  /** Forgets queued faults, requests, deliveries, lists and idempotency keys. */
  reset(): void;
}

export interface SendServerOptions {
  secret?: string;
  port?: number;
  /** Keep per-address counters and per-key digests only, not the addresses of each delivery (for 1M-contact benches). */
  lightweight?: boolean;
  /** Called with one line per new batch (serve.ts prints them). */
  log?: (line: string) => void;
}

export const TOLERANCE_SECONDS = 5 * 60;
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * Standard Webhooks verification: `webhook-signature` holds space-separated `v1,<base64>` entries;
 * any entry equal to HMAC-SHA256(key = base64-decoded secret after `whsec_`, `${id}.${timestamp}.${body}`)
 * is valid. The timestamp must be within 5 minutes of `nowSeconds`.
 */
export function verifySignature(
  secret: string,
  id: string,
  timestamp: string,
  body: string | Buffer,
  header: string,
  nowSeconds = Date.now() / 1000,
): boolean {
  if (!id || !/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
  return header
    .split(' ')
    .filter(Boolean)
    .some((entry) => {
      const comma = entry.indexOf(',');
      if (comma < 0 || entry.slice(0, comma) !== 'v1') return false;
      const got = Buffer.from(entry.slice(comma + 1), 'base64');
      return got.length === expected.length && timingSafeEqual(got, expected);
    });
}

interface Contact {
  contact_id: string;
  address: string;
  fields: Record<string, unknown>;
}
interface Batch {
  push_id: string;
  idempotency_key: string;
  channel: 'email' | 'sms';
  batch: { number: number; count: number };
  contacts: Contact[];
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The batch, or why it is not one (the message goes back in the 400). */
export function parseBatch(raw: string): Batch | string {
  let b: unknown;
  try {
    b = JSON.parse(raw);
  } catch {
    return 'body is not JSON';
  }
  if (!isObj(b)) return 'body must be a JSON object';
  if (b.type !== 'ace.push.batch') return 'type must be "ace.push.batch"';
  if (b.version !== 1) return 'version must be 1';
  if (typeof b.push_id !== 'string' || !b.push_id) return 'push_id is required';
  if (typeof b.idempotency_key !== 'string' || !b.idempotency_key) return 'idempotency_key is required';
  if (!isObj(b.segment) || typeof b.segment.id !== 'string' || typeof b.segment.name !== 'string' || !Number.isInteger(b.segment.version))
    return 'segment must be {id, name, version}';
  if (b.channel !== 'email' && b.channel !== 'sms') return 'channel must be "email" or "sms"';
  const n = isObj(b.batch) ? b.batch : null;
  if (
    !n ||
    !Number.isInteger(n.number) ||
    !Number.isInteger(n.count) ||
    (n.number as number) < 1 ||
    (n.number as number) > (n.count as number)
  )
    return 'batch must be {number, count} with 1 <= number <= count';
  if (!Array.isArray(b.contacts)) return 'contacts must be an array';
  for (const [i, c] of b.contacts.entries()) {
    if (!isObj(c) || typeof c.contact_id !== 'string' || !c.contact_id) return `contacts[${i}].contact_id is required`;
    if (typeof c.address !== 'string') return `contacts[${i}].address is required`;
    if (b.channel === 'email' ? !EMAIL.test(c.address) : !E164.test(c.address))
      return `contacts[${i}].address is not a valid ${b.channel === 'email' ? 'email address' : 'E.164 phone number'}`;
    if (!isObj(c.fields)) return `contacts[${i}].fields must be an object`;
  }
  return b as unknown as Batch;
}

/** `{"type": "ace.push.ping"}`: a connection test. */
function isPing(raw: Buffer): boolean {
  if (raw.length > 1024) return false;
  try {
    return (JSON.parse(raw.toString('utf8')) as { type?: unknown }).type === 'ace.push.ping';
  } catch {
    return false;
  }
}

export async function startSendServer(opts: SendServerOptions = {}): Promise<SendServer> {
  const secret = opts.secret ?? `whsec_${randomBytes(24).toString('base64')}`;
  let faults: { f: Fault; times: number; batch?: number }[] = [];
  let requests: RequestLog[] = [];
  /** key -> digest of the body and the answer given; lightweight keeps only the rejected contacts. */
  let seen = new Map<
    string,
    { digest: string; answer?: string; rejected?: { contact_id: string; status: 'rejected'; reason: string }[] }
  >();
  let deliveries: Delivery[] = [];
  let counts = new Map<string, number>();
  let lists = new Map<string, Map<string, Record<string, unknown>>>();

  const take = (batch: number | null): Fault | null => {
    const i = faults.findIndex((x) => x.times > 0 && (x.batch === undefined || x.batch === batch));
    if (i < 0) return null;
    const q = faults[i]!;
    if (--q.times === 0) faults.splice(i, 1);
    return q.f;
  };
  const json = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof value === 'string' ? value : JSON.stringify(value));
  };
  const header = (req: IncomingMessage, name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v.join(' ') : (v ?? '');
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const key = header(req, 'idempotency-key') || null;
    // A fault can target a batch: its number is the key's suffix (<push id>-b<n>). A connection test's
    // ping (key ping_...) takes no fault: faults are queued for batches.
    const m = key ? /-b(\d+)$/.exec(key) : null;
    const fault = key?.startsWith('ping_') ? null : take(m ? Number(m[1]) : null);
    const log = (status: number, signatureValid: boolean) =>
      requests.push({ key, status, signatureValid, ...(fault ? { fault: fault.kind } : {}) });

    if (fault?.kind === 'redirect') {
      log(fault.status, false);
      req.resume();
      return json(res, fault.status, { moved: fault.location }, { location: fault.location });
    }
    if (fault?.kind === 'reset-mid-body') {
      log(0, false);
      req.once('data', () => req.socket.destroy());
      req.once('end', () => req.socket.destroy());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/push') return (log(404, false), json(res, 404, { error: 'not found: POST /push' }));
      if (req.method !== 'POST') return (log(405, false), json(res, 405, { error: 'POST only' }, { allow: 'POST' }));
      if (tooBig) return (log(413, false), json(res, 413, { error: `body over ${MAX_BODY_BYTES} bytes` }));
      const raw = Buffer.concat(chunks);
      const id = header(req, 'webhook-id');
      const valid = verifySignature(secret, id, header(req, 'webhook-timestamp'), raw, header(req, 'webhook-signature'));
      if (!valid)
        return (log(401, false), json(res, 401, { error: 'missing or bad signature, or timestamp more than 5 minutes from now' }));
      if (!key || key !== id) return (log(400, true), json(res, 400, { error: 'Idempotency-Key is required and must equal webhook-id' }));
      if (!/^application\/json\b/i.test(header(req, 'content-type')))
        return (log(400, true), json(res, 400, { error: 'content-type must be application/json' }));
      // Test connection (docs/push-api.md): signature checked above; nothing is recorded or sent.
      if (isPing(raw)) return (log(200, true), json(res, 200, { ok: true }));
      if (fault?.kind === 'timeout') return log(0, true); // read, never answered: the client gives up
      if (fault?.kind === 'status')
        return (
          log(fault.status, true),
          json(res, fault.status, {
            error:
              fault.status === 401 || fault.status === 403
                ? 'signature does not match any current signing secret'
                : fault.status < 500
                  ? 'contacts[0].fields.coupon_code is not a known merge field'
                  : `injected ${fault.status}`,
          })
        );
      if (fault?.kind === 'rate-limit') {
        const after = fault.retryAfter === 'http-date' ? new Date(Date.now() + 2000).toUTCString() : String(fault.retryAfter);
        return (log(429, true), json(res, 429, { error: 'too many requests' }, { 'retry-after': after }));
      }
      const body = raw.toString('utf8');
      if (isSyncBody(body)) return void syncBatch(body, key, raw, fault, res, log);
      const parsed = parseBatch(body);
      if (typeof parsed === 'string') return (log(400, true), json(res, 400, { error: parsed }));
      if (parsed.idempotency_key !== key)
        return (log(400, true), json(res, 400, { error: 'idempotency_key in the body must equal the Idempotency-Key header' }));

      const digest = createHash('sha256').update(raw).digest('base64');
      const before = seen.get(key);
      if (before && before.digest !== digest)
        return (log(409, true), json(res, 409, { error: 'this idempotency key was used with a different body' }));
      let answer: string;
      if (before) {
        answer = before.answer ?? JSON.stringify({ results: before.rejected ?? [] });
      } else {
        const refused = fault?.kind === 'reject' ? new Set(fault.addresses) : null;
        const rejected = refused
          ? parsed.contacts
              .filter((c) => refused.has(c.address))
              .map((c) => ({ contact_id: c.contact_id, status: 'rejected' as const, reason: (fault as { reason: string }).reason }))
          : [];
        const no = new Map(rejected.map((r) => [r.contact_id, r]));
        const results = parsed.contacts.map((c) => no.get(c.contact_id) ?? { contact_id: c.contact_id, status: 'accepted' as const });
        answer = JSON.stringify({ results });
        seen.set(key, opts.lightweight ? { digest, rejected } : { digest, answer });
        const addresses: string[] = [];
        for (const c of parsed.contacts) {
          if (no.has(c.contact_id)) continue;
          counts.set(c.address, (counts.get(c.address) ?? 0) + 1);
          if (!opts.lightweight) addresses.push(c.address);
        }
        deliveries.push({ key, pushId: parsed.push_id, batch: parsed.batch.number, addresses });
        opts.log?.(
          `${new Date().toISOString()} ${parsed.push_id} batch ${parsed.batch.number}/${parsed.batch.count}: ${parsed.contacts.length - no.size} accepted, ${no.size} rejected (${key})`,
        );
      }
      log(200, true);
      if (fault?.kind === 'reset-after-commit') return void req.socket.destroy();
      if (fault?.kind === 'slow') setTimeout(() => json(res, 200, answer), fault.ms);
      else json(res, 200, answer);
    });
  };

  /** An audience sync's batch: applied to its list once per key; a repeated key gets the first answer. */
  const syncBatch = (
    body: string,
    key: string,
    raw: Buffer,
    fault: Fault | null,
    res: ServerResponse,
    log: (s: number, v: boolean) => void,
  ) => {
    const parsed = parseSyncBatch(body);
    if (typeof parsed === 'string') return (log(400, true), json(res, 400, { error: parsed }));
    if (parsed.idempotency_key !== key)
      return (log(400, true), json(res, 400, { error: 'idempotency_key in the body must equal the Idempotency-Key header' }));
    const digest = createHash('sha256').update(raw).digest('base64');
    const before = seen.get(key);
    if (before && before.digest !== digest)
      return (log(409, true), json(res, 409, { error: 'this idempotency key was used with a different body' }));
    let answer = before?.answer;
    if (!answer) {
      const refused = fault?.kind === 'reject' ? new Set(fault.addresses) : new Set<string>();
      const no = new Set(parsed.contacts.filter((c) => refused.has(c.address)).map((c) => c.contact_id));
      applySyncBatch(lists, parsed, no);
      const results = parsed.contacts.map((c) =>
        no.has(c.contact_id)
          ? { contact_id: c.contact_id, status: 'rejected', reason: (fault as { reason: string }).reason }
          : { contact_id: c.contact_id, status: 'accepted' },
      );
      answer = JSON.stringify({ results });
      seen.set(key, { digest, answer });
      deliveries.push({ key, pushId: parsed.run_id, batch: parsed.batch.number, addresses: parsed.contacts.map((c) => c.address) });
    }
    log(200, true);
    if (fault?.kind === 'reset-after-commit') return void res.socket?.destroy();
    if (fault?.kind === 'slow') setTimeout(() => json(res, 200, answer), fault.ms);
    else json(res, 200, answer);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}/push`,
    secret,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    deliveries: () => deliveries,
    timesDelivered: (a) => counts.get(a) ?? 0,
    addressesDelivered: () => counts,
    requests: () => requests,
    list: (syncId) => lists.get(syncId) ?? new Map(),
    fault: (f, o = {}) => void faults.push({ f, times: o.times ?? 1, ...(o.batch !== undefined ? { batch: o.batch } : {}) }),
    clearFaults: () => void (faults = []),
    reset: () => {
      faults = [];
      requests = [];
      seen = new Map();
      deliveries = [];
      counts = new Map();
      lists = new Map();
    },
  };
}
