import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A local sending service for tests, benchmarks and demos (real HTTP on 127.0.0.1). It takes the
 * generic batch API (docs/push-api.md), verifies Standard Webhooks signatures independently of the
 * app's code, records what it received once per idempotency key, and injects faults on demand.
 */
export type Fault =
  | { kind: 'status'; status: 500 | 502 | 503 }
  | { kind: 'rate-limit'; retryAfter: number | 'http-date' }
  | { kind: 'timeout' }
  | { kind: 'reset-mid-body' }
  | { kind: 'reset-after-commit' }
  | { kind: 'reject'; addresses: string[]; reason: string }
  | { kind: 'slow'; ms: number };

export interface SendServer {
  endpoint: string;
  secret: string;
  close(): Promise<void>;
  /** Distinct accepted batches, once per idempotency key. */
  deliveries(): { key: string; pushId: string; batch: number; addresses: string[] }[];
  timesDelivered(address: string): number;
  addressesDelivered(): Map<string, number>;
  /** Every request, faulted and repeated ones too. */
  requests(): { key: string | null; status: number; signatureValid: boolean; fault?: string }[];
  fault(f: Fault, opts?: { times?: number; batch?: number }): void;
  /** Forgets faults, requests and deliveries. */
  reset(): void;
}

interface Batch {
  push_id: string;
  idempotency_key: string;
  batch: { number: number; count: number };
  contacts: { contact_id: string; address: string; fields: Record<string, unknown> }[];
}

/** Standard Webhooks: v1,<base64 HMAC-SHA256(secret bytes, `${id}.${timestamp}.${body}`)>, any of several space-separated signatures. */
export function verifySignature(secret: string, id: string, timestamp: string, body: string, header: string, now = Date.now() / 1000): boolean {
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || Math.abs(now - ts) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return header.split(' ').some((part) => {
    const [version, sig] = part.split(',');
    if (version !== 'v1' || !sig) return false;
    const got = Buffer.from(sig, 'base64');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

export async function startSendServer(opts: { secret?: string; port?: number; lightweight?: boolean; log?: (line: string) => void } = {}): Promise<SendServer> {
  const secret = opts.secret ?? `whsec_${randomBytes(24).toString('base64')}`;
  let faults: { f: Fault; times: number; batch?: number }[] = [];
  let requests: { key: string | null; status: number; signatureValid: boolean; fault?: string }[] = [];
  /** key -> body and the answer given (a repeat of the same body gets the same answer, nothing recorded). */
  let seen = new Map<string, { body: string; answer: string }>();
  let deliveries: { key: string; pushId: string; batch: number; addresses: string[] }[] = [];
  let counts = new Map<string, number>();
  const sockets = new Set<Socket>();

  const take = (batch: number | null): Fault | null => {
    const i = faults.findIndex((x) => x.times > 0 && (x.batch === undefined || x.batch === batch));
    if (i < 0) return null;
    faults[i]!.times--;
    return faults[i]!.f;
  };
  const json = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(value));
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    // Faults that act before the body is read need the batch number: it is in the key (<push>-b<n>).
    const batchOfKey = key && /-b(\d+)$/.exec(key) ? Number(/-b(\d+)$/.exec(key)![1]) : null;
    const fault = take(batchOfKey);
    if (fault?.kind === 'reset-mid-body') {
      requests.push({ key, status: 0, signatureValid: false, fault: fault.kind });
      req.once('data', () => req.socket.destroy());
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const log = (status: number, valid: boolean) => requests.push({ key, status, signatureValid: valid, ...(fault ? { fault: fault.kind } : {}) });
      if (req.method !== 'POST') return (log(405, false), json(res, 405, { error: 'POST only' }));
      const valid = verifySignature(secret, String(req.headers['webhook-id'] ?? ''), String(req.headers['webhook-timestamp'] ?? ''), body, String(req.headers['webhook-signature'] ?? ''));
      if (!valid) return (log(401, false), json(res, 401, { error: 'bad or missing signature' }));
      if (!key || key !== req.headers['webhook-id']) return (log(400, true), json(res, 400, { error: 'Idempotency-Key must be sent and equal webhook-id' }));
      if (fault?.kind === 'timeout') return log(0, true); // never answers; the client gives up
      if (fault?.kind === 'status') return (log(fault.status, true), json(res, fault.status, { error: 'injected' }));
      if (fault?.kind === 'rate-limit') {
        const after = fault.retryAfter === 'http-date' ? new Date(Date.now() + 1500).toUTCString() : String(fault.retryAfter);
        return (log(429, true), json(res, 429, { error: 'slow down' }, { 'retry-after': after }));
      }
      let parsed: Batch;
      try {
        parsed = JSON.parse(body) as Batch;
        if (!Array.isArray(parsed.contacts) || parsed.idempotency_key !== key) throw new Error('shape');
      } catch {
        return (log(400, true), json(res, 400, { error: 'not a batch' }));
      }
      const digest = createHash('sha256').update(body).digest('base64');
      const before = seen.get(key);
      if (before && before.body !== digest) return (log(409, true), json(res, 409, { error: 'idempotency key reused with a different body' }));
      const answer =
        (before?.answer || null) ??
        JSON.stringify({
          results: parsed.contacts.map((c) =>
            fault?.kind === 'reject' && fault.addresses.includes(c.address) ? { contact_id: c.contact_id, status: 'rejected', reason: fault.reason } : { contact_id: c.contact_id, status: 'accepted' },
          ),
        });
      if (!before) {
        seen.set(key, { body: digest, answer: opts.lightweight ? '' : answer });
        const accepted = (JSON.parse(answer) as { results: { contact_id: string; status: string }[] }).results.filter((r) => r.status === 'accepted').map((r) => r.contact_id);
        const ok = new Set(accepted);
        const addresses = parsed.contacts.filter((c) => ok.has(c.contact_id)).map((c) => c.address);
        for (const a of addresses) counts.set(a, (counts.get(a) ?? 0) + 1);
        deliveries.push({ key, pushId: parsed.push_id, batch: parsed.batch?.number, addresses: opts.lightweight ? [] : addresses });
        opts.log?.(`batch ${parsed.batch?.number}/${parsed.batch?.count} of ${parsed.push_id}: ${parsed.contacts.length} contacts`);
      }
      log(200, true);
      if (fault?.kind === 'reset-after-commit') return void req.socket.destroy();
      const send = () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(answer);
      };
      if (fault?.kind === 'slow') setTimeout(send, fault.ms);
      else send();
    });
  };

  const server = createServer(handle);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}/push`,
    secret,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
    deliveries: () => deliveries,
    timesDelivered: (a) => counts.get(a) ?? 0,
    addressesDelivered: () => counts,
    requests: () => requests,
    fault: (f, o = {}) => faults.push({ f, times: o.times ?? 1, batch: o.batch }),
    reset: () => {
      faults = [];
      requests = [];
      seen = new Map();
      deliveries = [];
      counts = new Map();
    },
  };
}
