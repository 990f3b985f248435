import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { ErrorCode, Result } from '../contract/errors';
import { JOB_BODY_LIMITS } from '../contract/jobs';
import { createDispatcher } from '../core/dispatcher';
import { appVersion } from '../core/lib/paths';
import type { Session } from '../core/session';
import { hostAllowed, originAllowed, tokenMatches, tokenOf } from './security';
import { serveStatic } from './static';
import { receiveUpload, serveDownload } from './transfers';

export interface WebHostOptions {
  session: Session;
  port?: number;
  /** Built renderer (electron-vite's out/renderer). */
  rendererDir?: string;
  token?: string;
  /** Largest upload body accepted (bytes); default the contract's 64 GiB. */
  maxUploadBytes?: number;
  /** Where unexpected errors go (default: stderr). They are logged, never fatal to the host. */
  log?: (line: string) => void;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const MAX_UPLOAD = 64 * 1024 ** 3;
/** The few methods whose input is bigger by nature (a PDF's chart images); every other one: 1 MB. */
const BODY_LIMITS: Record<string, number> = { ...JOB_BODY_LIMITS };
const bodyLimit = (method: string): number => BODY_LIMITS[method] ?? MAX_BODY;
const STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_INPUT: 400,
  UNKNOWN_METHOD: 404,
  NOT_FOUND: 404,
  NO_WORKSPACE: 409,
  WORKSPACE_LOCKED: 409,
  WORKSPACE_INVALID: 422,
  FORBIDDEN: 403,
  UNSUPPORTED: 501,
  CANCELLED: 409,
  OUT_OF_MEMORY: 503,
  INTERNAL: 500,
};

export function defaultRendererDir(): string {
  return fileURLToPath(new URL('../../out/renderer', import.meta.url));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(JSON.stringify(body));
}

/** A refusal before the body was read: close the connection so unread bytes cannot confuse the next request. */
function refuse(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  res.setHeader('Connection', 'close');
  sendJson(res, status, { ok: false, error: { code, message } } satisfies Result<never>);
}

/** The request target as a URL; null when it cannot be parsed (`GET http://[`, a bad escape is left to the file server). */
export function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

/** For the log: method and path, cut short, without the query (it may carry the token). */
const describe = (req: IncomingMessage) =>
  `${String(req.method).slice(0, 16)} ${String(req.url ?? '')
    .split('?')[0]!
    .slice(0, 200)}`;

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.pause();
        reject(new Error('too large'));
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Browser mode: the same renderer over HTTP + server-sent events, on 127.0.0.1 only.
 * Every /api/ request needs the per-launch token (401 first), then a Host and Origin of our own (403).
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const rendererDir = opts.rendererDir ?? defaultRendererDir();
  const dispatch = createDispatcher({ session: opts.session, host: { host: 'web', version: appVersion(), nativeDialogs: false } });
  const streams = new Set<ServerResponse>();
  const log = opts.log ?? ((line: string) => process.stderr.write(`${new Date().toISOString()} ace web host: ${line}\n`));

  let port = opts.port ?? 0;

  const unsubscribe = opts.session.events.subscribe((name, payload) => {
    // An event the stream cannot carry is logged; it must not break the core code that emitted it.
    try {
      const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const s of streams) if (!s.writableEnded && !s.destroyed) s.write(frame);
    } catch (e) {
      log(`event ${name} not streamed: ${(e as Error).message}`);
    }
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Any page on the web can make the browser send us a request (an <img src>, a form): what cannot
    // be parsed is answered 400 here, never thrown.
    const url = parseTarget(req.url);
    if (!url) return refuse(res, 400, 'BAD_INPUT', 'The request path cannot be read.');
    if (url.pathname.startsWith('/api/')) {
      const isEvents = url.pathname === '/api/events';
      // A download is a link the page clicks (<a download>), which cannot set a header: like the event
      // stream, it may carry the token in the query. Its random id is good for one fetch only.
      const isDownload = url.pathname.startsWith('/api/download/');
      if (!tokenMatches(token, tokenOf(req, url, isEvents || isDownload))) {
        return refuse(res, 401, 'FORBIDDEN', 'Missing or wrong access token. Open the URL that `ace serve` printed.');
      }
      if (!hostAllowed(req.headers.host, port) || !originAllowed(req.headers.origin, port)) {
        return refuse(res, 403, 'FORBIDDEN', 'Requests are accepted only from this machine’s own ACE page.');
      }
      if (isEvents && req.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
        res.write(': connected\n\n');
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      }
      if (isDownload) return serveDownload(opts.session, url, req, res, log);
      const upload = /^\/api\/upload\/([A-Za-z0-9_-]{1,64})$/.exec(url.pathname);
      if (upload) return receiveUpload(opts.session, upload[1]!, url, req, res, opts.maxUploadBytes ?? MAX_UPLOAD);
      const match = /^\/api\/rpc\/([A-Za-z0-9_.]{1,64})$/.exec(url.pathname);
      if (!match || req.method !== 'POST') return refuse(res, 404, 'UNKNOWN_METHOD', 'Use POST /api/rpc/<method>.');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return refuse(res, 415, 'BAD_INPUT', 'Send the input as application/json.');
      }
      let input: unknown;
      try {
        const body = await readBody(req, bodyLimit(match[1]!));
        input = body.length ? JSON.parse(body) : {};
      } catch (e) {
        const tooLarge = (e as Error).message === 'too large';
        return refuse(
          res,
          tooLarge ? 413 : 400,
          'BAD_INPUT',
          tooLarge
            ? `The request is larger than ${Math.round(bodyLimit(match[1]!) / 1024 / 1024)} MB.`
            : 'The request body is not valid JSON.',
        );
      }
      const result = await dispatch(match[1]!, input);
      if (!result.ok) return sendJson(res, STATUS[result.error.code] ?? 500, result);
      if (result.value instanceof Uint8Array) {
        res.writeHead(200, { 'Content-Type': 'application/vnd.apache.arrow.stream', 'Cache-Control': 'no-store' });
        res.end(result.value);
        return;
      }
      return sendJson(res, 200, result);
    }
    if (!hostAllowed(req.headers.host, port)) return refuse(res, 403, 'FORBIDDEN', 'Unknown host name.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'BAD_INPUT', 'Method not allowed.');
    if (!existsSync(rendererDir)) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The app is not built yet. Run `npm run build`, then reload.');
      return;
    }
    serveStatic(rendererDir, url.pathname, res, log);
  }

  // The response in flight on each connection: a parse error after its headers went out must not
  // write a second status line into the middle of it.
  const inFlight = new WeakMap<Socket, ServerResponse>();
  const server = createServer((req, res) => {
    inFlight.set(req.socket, res);
    // A response stream that fails (the client went away mid-write) must not become an uncaught error.
    res.on('error', (e) => log(`response to ${describe(req)} failed: ${e.message}`));
    // A client going away mid-request (a closed tab, an event stream ended) is normal, not worth a line.
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ECONNRESET' && e.message !== 'aborted') log(`request ${describe(req)} failed: ${e.message}`);
    });
    handle(req, res).catch((e: unknown) => {
      log(`unexpected error answering ${describe(req)}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      if (!res.headersSent)
        refuse(res, 500, 'INTERNAL', 'Something went wrong on this machine’s ACE server; the details are in its log. Try again.');
      else res.destroy();
    });
  });
  // Idle keep-alive connections stay open for two minutes instead of Node's five seconds: a browser that
  // sends on a connection the server is closing at that moment sees a network error ("Cannot reach the
  // ACE server") although nothing is wrong. One user on the loopback interface: few connections.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  // A request Node's parser cannot read (bad request line, header, chunking): 400 and close that
  // connection only. Without a handler Node does the same, but a handler makes it explicit and logged.
  server.on('clientError', (e: NodeJS.ErrnoException, socket) => {
    if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') log(`unreadable request: ${e.code ?? e.message}`);
    if (socket.writable && !socket.destroyed && !inFlight.get(socket as Socket)?.headersSent)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'EADDRINUSE') throw new Error(`Port ${port} is in use. Pick another with --port (0 picks a free one).`);
    throw e;
  });
  port = (server.address() as AddressInfo).port;
  // Keep-alive pings so proxies and browsers keep the event stream open.
  const ping = setInterval(() => streams.forEach((s) => !s.writableEnded && !s.destroyed && s.write(': ping\n\n')), 25_000);
  ping.unref();

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    close: async () => {
      clearInterval(ping);
      unsubscribe();
      streams.forEach((s) => s.end());
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
