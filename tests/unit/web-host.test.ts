import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src-main/core/session';
import { startWebHost, type WebHost } from '../../src-main/web-host/server';
import { demoSession } from './helpers/demo';
import { tempDir } from './helpers/tmp';

const dir = tempDir();
const rendererDir = join(dir, 'renderer');
mkdirSync(rendererDir);
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ACE</title>');
writeFileSync(join(dir, 'secret.txt'), 'not for the web');

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw HTTP request to 127.0.0.1, with whatever Host/Origin headers a test wants to forge. */
function http(host: WebHost, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, method, path, headers: { host: `127.0.0.1:${host.port}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

const json = (r: Reply) =>
  JSON.parse(r.body.toString('utf8')) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };

describe('web host', () => {
  let session: Session;
  let host: WebHost;
  let auth: Record<string, string>;

  beforeAll(async () => {
    session = await demoSession(dir);
    host = await startWebHost({ session, port: 0, rendererDir });
    auth = { 'x-ace-token': host.token, 'content-type': 'application/json' };
  });
  afterAll(async () => {
    await host.close();
    await session.close();
  });

  it('listens on 127.0.0.1 only and prints a URL with the token in the fragment', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/#token=[A-Za-z0-9_-]{32}$`));
  });

  it('refuses every /api/ request without the right token with 401, before anything else', async () => {
    for (const [method, path] of [
      ['POST', '/api/rpc/overview.get'],
      ['POST', '/api/rpc/no.such'],
      ['GET', '/api/events'],
      ['GET', '/api/anything'],
    ] as const) {
      const r = await http(host, method, path, { 'content-type': 'application/json', host: 'evil.example:80' }, '{}');
      expect(r.status, `${method} ${path}`).toBe(401);
    }
    // One character off (never the same character: a token ending in "x" once made this pass by accident).
    const last = host.token.slice(-1);
    const wrong = await http(
      host,
      'POST',
      '/api/rpc/app.info',
      { ...auth, 'x-ace-token': host.token.slice(0, -1) + (last === 'x' ? 'y' : 'x') },
      '{}',
    );
    expect(wrong.status).toBe(401);
  });

  it('refuses a DNS-rebinding Host and a cross-site Origin with 403, even with the token', async () => {
    const rebound = await http(host, 'POST', '/api/rpc/app.info', { ...auth, host: `attacker.example:${host.port}` }, '{}');
    expect(rebound.status).toBe(403);
    const crossSite = await http(host, 'POST', '/api/rpc/app.info', { ...auth, origin: 'https://attacker.example' }, '{}');
    expect(crossSite.status).toBe(403);
    const staticRebound = await http(host, 'GET', '/', { host: 'attacker.example' });
    expect(staticRebound.status).toBe(403);
  });

  it('sends no CORS headers', async () => {
    const r = await http(host, 'POST', '/api/rpc/app.info', { ...auth, origin: `http://127.0.0.1:${host.port}` }, '{}');
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await http(host, 'OPTIONS', '/api/rpc/app.info', { ...auth, origin: 'https://attacker.example' });
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a valid call with { ok, value } and a bad one with a coded error and a fitting status', async () => {
    const ok = await http(host, 'POST', '/api/rpc/app.info', auth, '{}');
    expect(ok.status).toBe(200);
    expect(json(ok)).toMatchObject({ ok: true, value: { host: 'web', workspace: { isDemo: true } } });
    const bad = await http(host, 'POST', '/api/rpc/workspace.open', auth, JSON.stringify({ path: 3 }));
    expect(bad.status).toBe(400);
    expect(json(bad).error!.code).toBe('BAD_INPUT');
    const unknown = await http(host, 'POST', '/api/rpc/sql.run', auth, '{}');
    expect(unknown.status).toBe(404);
    const notJson = await http(host, 'POST', '/api/rpc/app.info', auth, '{nope');
    expect(notJson.status).toBe(400);
    const form = await http(host, 'POST', '/api/rpc/app.info', { ...auth, 'content-type': 'text/plain' }, '{}');
    expect(form.status).toBe(415);
    const huge = await http(host, 'POST', '/api/rpc/app.info', auth, Buffer.alloc(1024 * 1024 + 10, 32));
    expect(huge.status).toBe(413);
    const get = await http(host, 'GET', '/api/rpc/app.info', auth);
    expect(get.status).toBe(404);
  });

  it('takes a PDF with its chart images over the 1 MB limit every other method keeps', async () => {
    // A 4 MB PNG data URL (not a real image: the size is what is tested; pdfkit is not asked to draw it).
    const png = `data:image/png;base64,${'A'.repeat(4 * 1024 * 1024)}`;
    const tooBigElsewhere = await http(host, 'POST', '/api/rpc/dashboards.save', auth, JSON.stringify({ name: 'x', tiles: [], note: png }));
    expect(tooBigElsewhere.status).toBe(413);
    const pdf = await http(
      host,
      'POST',
      '/api/rpc/dashboards.exportPdf',
      auth,
      JSON.stringify({ name: 'Big', pages: [{ title: 'Only text', note: 'n' }], padding: png }),
    );
    // Read whole (not refused for size), then refused for the unknown field: the limit is per method.
    expect(pdf.status).toBe(400);
    expect(json(pdf).error!.message).toMatch(/padding|unrecognized/i);
    const ok = await http(
      host,
      'POST',
      '/api/rpc/dashboards.exportPdf',
      auth,
      JSON.stringify({ name: 'Small', pages: [{ title: 'One' }, { title: 'Two' }] }),
    );
    // Browser mode: the PDF is a job whose file is offered as a one-time download.
    expect(ok.status).toBe(200);
    expect(json(ok).value).toMatchObject({ jobId: expect.any(String), fileName: 'small.pdf' });
    const over = await http(host, 'POST', '/api/rpc/dashboards.exportPdf', auth, Buffer.alloc(48 * 1024 * 1024 + 10, 32));
    expect(over.status).toBe(413);
    expect(json(over).error!.message).toContain('48 MB');
  });

  it('sends Arrow IPC bytes for Arrow methods', async () => {
    const r = await http(host, 'POST', '/api/rpc/overview.entriesPerDay', auth, '{}');
    expect(r.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
    const t = tableFromIPC(new Uint8Array(r.body));
    expect(t.schema.fields.map((f) => f.name)).toEqual(['day', 'entries']);
    expect(t.numRows).toBeGreaterThan(80);
  });

  it('serves the renderer with a strict CSP, and never a file outside it', async () => {
    const index = await http(host, 'GET', '/');
    expect(index.status).toBe(200);
    expect(String(index.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    const traversal = await http(host, 'GET', '/..%2Fsecret.txt');
    expect(traversal.body.toString()).not.toContain('not for the web');
    const dots = await http(host, 'GET', '/../secret.txt');
    expect(dots.body.toString()).not.toContain('not for the web');
  });

  it('streams core events to an authorised event stream', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: host.port, path: `/api/events?token=${host.token}`, headers: { host: `127.0.0.1:${host.port}` } },
        (res) => {
          expect(res.statusCode).toBe(200);
          let text = '';
          let renamed = false;
          res.on('data', (c: Buffer) => {
            text += c.toString();
            if (!renamed && text.includes('connected')) {
              renamed = true;
              void session
                .setName('Renamed')
                .then(() => session.info())
                .then((w) => session.events.emit('workspace.changed', { workspace: w }));
            }
            if (text.includes('event: workspace.changed')) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(received).toContain('"name":"Renamed"');
  });
});
