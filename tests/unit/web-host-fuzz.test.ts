import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src-main/core/session';
import { startWebHost, type WebHost } from '../../src-main/web-host/server';
import { startSendServer } from '../support/sending/server';
import { ace, aceArgv } from './helpers/cli';
import { demoSession } from './helpers/demo';
import { tempDir } from './helpers/tmp';

/**
 * The HTTP layer itself under hostile input: raw bytes on a TCP socket (request lines, headers,
 * paths, bodies) to a real server on 127.0.0.1. Any web page can make a browser send some of these
 * (an <img src="http://127.0.0.1:4780/%ZZ">), so the host must answer each with a 4xx and keep serving.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = tempDir('ace-http-fuzz-');
const rendererDir = join(dir, 'renderer');
mkdirSync(rendererDir);
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ACE</title>');

/** Sends raw bytes; resolves with the status of the first response (0: closed without one). */
function raw(port: number, bytes: string | Buffer, timeoutMs = 5000): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no answer and no close within ${timeoutMs} ms for ${JSON.stringify(String(bytes).slice(0, 120))}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(got);
      resolve(m ? Number(m[1]) : 0);
    };
    sock.on('data', (c) => {
      got += c.toString('latin1');
      // One response is enough: stop reading (an event stream would never end).
      if (/\r\n\r\n/.test(got)) sock.destroy();
    });
    sock.on('close', done);
    sock.on('error', () => undefined);
    sock.write(bytes);
    // A request still waiting for body bytes that never come: stop sending, as a client giving up would.
    const giveUp = setTimeout(() => sock.end(), 1500);
    sock.on('close', () => clearTimeout(giveUp));
  });
}

/** A small deterministic PRNG (mulberry32): a failing case can be replayed from its seed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE_TARGETS = [
  '/%ZZ',
  '/%E0%A4%A',
  '/%',
  '/%%',
  '/%C0%AF',
  '/%ED%A0%80',
  '/%00',
  '/a%00b.js',
  '/..%2f..%2fetc%2fpasswd',
  '/%2e%2e/%2e%2e/',
  'http://[',
  'http://[::1',
  'http://%ZZ/',
  'http://a:b@[/x',
  '*',
  '//evil.example/x',
  '/' + 'a'.repeat(5000),
  '/' + '%41'.repeat(3000),
  '/api/rpc/%ZZ',
  '/api/events?token=%ZZ',
  '/api/rpc/app.info?%E0%A4%A',
  '/api/%',
  '/\u00e9',
  '/\u2028',
];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'PROPFIND', 'G\u00c9T', 'X'.repeat(40)];
const PIECES = [
  '%',
  '%Z',
  '%E0',
  '%A4',
  '%2F',
  '..',
  '/',
  '?',
  '#',
  '[',
  ']',
  '@',
  ':',
  '\\',
  ' ',
  '\t',
  '\u00ff',
  '\u0000',
  'a',
  'api',
  'rpc',
  'events',
  'token=',
];

/** One random request: mostly well-framed HTTP with a hostile part, sometimes garbage. */
function randomRequest(r: () => number, port: number, token: string): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const kind = r();
  if (kind < 0.08) return Array.from({ length: 1 + Math.floor(r() * 300) }, () => String.fromCharCode(Math.floor(r() * 256))).join('');
  let target = r() < 0.5 ? pick(HOSTILE_TARGETS) : '/' + Array.from({ length: Math.floor(r() * 12) }, () => pick(PIECES)).join('');
  if (r() < 0.2) target = (r() < 0.5 ? '/api/rpc/' : '/api/') + target.replace(/^\//, '');
  const version = r() < 0.9 ? 'HTTP/1.1' : pick(['HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTX/1.1', '']);
  const headers: string[] = [];
  headers.push(`Host: ${r() < 0.8 ? `127.0.0.1:${port}` : pick(['evil.example', '', '[', `127.0.0.1:${port}\r\nHost: evil`])}`);
  if (r() < 0.5) headers.push(`X-Ace-Token: ${r() < 0.7 ? token : pick(['', '%ZZ', 'x'.repeat(100), '\u00ff'])}`);
  if (r() < 0.3) headers.push(`Origin: ${pick([`http://127.0.0.1:${port}`, 'null', 'http://[', 'https://attacker.example'])}`);
  if (r() < 0.3) headers.push(`Content-Type: ${pick(['application/json', 'text/plain', 'application/json; charset=%ZZ', ''])}`);
  if (r() < 0.15)
    headers.push(
      pick([
        'Bad Header: x',
        'X-A\u0000: y',
        ': novalue',
        'X-Fold: a\r\n b',
        `X-Long: ${'y'.repeat(20000)}`,
        'Transfer-Encoding: chunked, identity',
      ]),
    );
  let body = '';
  if (r() < 0.4) {
    body = pick([
      '{',
      '{}',
      '[]',
      'null',
      '{"a":' + '['.repeat(5000),
      '{"__proto__":{"x":1}}',
      '\u0000\u0001',
      JSON.stringify({ path: '%ZZ' }),
      '"\ud800"',
    ]);
    if (r() < 0.5)
      headers.push(`Content-Length: ${r() < 0.8 ? Buffer.byteLength(body) : pick(['-1', 'abc', '99999999999999999999', '5, 6'])}`);
    else {
      headers.push('Transfer-Encoding: chunked');
      body = r() < 0.5 ? `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n` : `zz\r\n${body}\r\n`;
    }
  }
  return `${pick(METHODS)} ${target} ${version}\r\n${headers.join('\r\n')}\r\n\r\n${body}`;
}

describe('HTTP layer under hostile input (in process)', () => {
  let session: Session;
  let host: WebHost;
  const logged: string[] = [];

  beforeAll(async () => {
    session = await demoSession(dir, 'fuzz.duckdb', 500);
    host = await startWebHost({ session, port: 0, rendererDir, log: (l) => logged.push(l) });
  });
  afterAll(async () => {
    await host.close();
    await session.close();
  });

  const alive = async () => {
    const status = await raw(
      host.port,
      `POST /api/rpc/app.info HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Ace-Token: ${host.token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
    );
    expect(status).toBe(200);
  };

  it('answers 400 for a path it cannot decode or parse, and goes on serving', async () => {
    for (const target of ['/%ZZ', '/%E0%A4%A', '/%', '/a%00b.js', 'http://[', 'http://[::1', 'http://%ZZ/']) {
      const status = await raw(host.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`);
      expect(status, target).toBe(400);
      await alive();
    }
  });

  it('never answers 5xx nor hangs for 600 random hostile requests, and stays up', async () => {
    const r = rng(18);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 600; i++) {
      const req = randomRequest(r, host.port, host.token);
      const status = await raw(host.port, req);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      expect(status < 500, `#${i} ${JSON.stringify(req.slice(0, 200))} -> ${status}`).toBe(true);
      if (i % 50 === 0) await alive();
    }
    await alive();
    // The generator reached the interesting answers, not only one kind of refusal.
    for (const s of [200, 400, 401, 403, 404])
      expect(statuses.get(s) ?? 0, `status ${s} in ${JSON.stringify([...statuses])}`).toBeGreaterThan(0);
    expect(logged.filter((l) => l.startsWith('unexpected error'))).toEqual([]);
  }, 120_000);
});

/** A JSON call to the web host's API, as the page makes it. */
async function rpc(
  port: number,
  token: string,
  method: string,
  input: unknown,
): Promise<{ ok: boolean; value?: Record<string, unknown>; error?: { message: string } }> {
  const r = await fetch(`http://127.0.0.1:${port}/api/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ace-token': token },
    body: JSON.stringify(input),
  });
  return (await r.json()) as { ok: boolean; value?: Record<string, unknown> };
}

describe('HTTP layer under hostile input (ace serve, its own process)', () => {
  it('survives the requests that used to make Node exit, with a push in flight that then finishes', async () => {
    const sender = await startSendServer();
    const ws = join(dir, 'serve.duckdb');
    expect((await ace(['demo', '--workspace', ws, '--entries', '500', '--seed', '3'])).code).toBe(0);
    const child = spawn(process.execPath, aceArgv(['serve', '--workspace', ws, '--port', '0', '--json']).slice(1), {
      cwd: root,
      env: { ...process.env, ACE_DATA_DIR: join(dir, 'data') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let exited: number | null = null;
    child.on('exit', (code) => (exited = code ?? -1));
    try {
      const started = await new Promise<{ port: number; url: string }>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          // --json prints { url, port }, possibly over several lines.
          const url = /"url":\s*"([^"]+)"/.exec(out)?.[1];
          const port = /"port":\s*(\d+)/.exec(out)?.[1];
          if (url && port) resolve({ url, port: Number(port) });
        });
        child.on('exit', (code) => reject(new Error(`ace serve exited (${code}) before listening`)));
      });
      const token = started.url.split('#token=')[1]!;
      const { port } = started;

      // A push whose first batch the service holds for two seconds: the attack lands while it is in flight.
      sender.fault({ kind: 'slow', ms: 2000 }, { times: 1 });
      const seg = await rpc(port, token, 'segments.save', { name: 'Everyone', rule: { all: [] } });
      const con = await rpc(port, token, 'connectors.save', {
        name: 'Local',
        config: { kind: 'webhook', endpoint: sender.endpoint, timeoutMs: 10_000 },
        secret: sender.secret,
      });
      const push = await rpc(port, token, 'push.start', {
        segmentId: seg.value!.segmentId,
        channel: 'email',
        fields: [],
        connectorId: con.value!.connectorId,
      });
      expect(push.ok, JSON.stringify(push.error)).toBe(true);
      const t0 = Date.now();
      // The first batch (Send checks the connector first with a ping, which is not a batch).
      const batches = () => sender.requests().filter((r) => !r.key?.startsWith('ping_'));
      while (batches().length === 0 && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 20));
      expect(batches().length).toBeGreaterThan(0);
      // In flight: the service has the batch, its answer has not come back.
      const during = (await rpc(port, token, 'push.get', { pushId: push.value!.pushId })).value!;
      expect(during.status).toBe('sending');
      expect((during.batches as { sent: number }).sent).toBe(0);

      for (const req of [
        `GET /%ZZ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
        `GET /%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
        `GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
      ]) {
        expect(await raw(port, req)).toBe(400);
      }
      // Give a crash (an uncaught exception on the next tick) the time to happen.
      await new Promise((r) => setTimeout(r, 300));
      expect(exited).toBeNull();
      expect(
        await raw(
          port,
          `POST /api/rpc/app.info HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Ace-Token: ${token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
        ),
      ).toBe(200);

      // The push went on and finished: everyone it planned, delivered once.
      let info: Record<string, unknown> = {};
      const t1 = Date.now();
      do {
        await new Promise((r) => setTimeout(r, 100));
        info = (await rpc(port, token, 'push.get', { pushId: push.value!.pushId })).value!;
      } while (!['done', 'done_with_failures', 'failed', 'interrupted'].includes(String(info.status)) && Date.now() - t1 < 30_000);
      expect(info.status).toBe('done');
      const counts = info.counts as { planned: number; accepted: number };
      expect(counts.accepted).toBe(counts.planned);
      expect(sender.addressesDelivered().size).toBe(counts.planned);
      expect([...sender.addressesDelivered().values()].every((n) => n === 1)).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => (exited !== null ? r(null) : child.on('exit', r)));
      await sender.close();
    }
  }, 90_000);
});
