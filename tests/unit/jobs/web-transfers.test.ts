import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventMap } from '../../../src-main/contract/events';
import type { Session } from '../../../src-main/core/session';
import { startWebHost, type WebHost } from '../../../src-main/web-host/server';
import { demoSession } from '../helpers/demo';
import { tempDir } from '../helpers/tmp';

const dir = tempDir('ace-transfers-');
const rendererDir = join(dir, 'renderer');
mkdirSync(rendererDir);
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ACE</title>');

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

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
    // The server may answer (413) and close before the whole body is sent.
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
    if (body) req.write(body);
    req.end();
  });
}
const json = (r: Reply) =>
  JSON.parse(r.body.toString('utf8')) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };

describe('browser mode: job files downloaded once, uploads as raw bytes', () => {
  let session: Session;
  let host: WebHost;
  let auth: Record<string, string>;
  const rpc = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await http(host, 'POST', `/api/rpc/${method}`, auth, JSON.stringify(input));
    const j = json(r);
    if (!j.ok) throw Object.assign(new Error(j.error!.message), { code: j.error!.code, status: r.status });
    return j.value as T;
  };
  const finishedOf = (jobId: string) =>
    new Promise<EventMap['task.finished']>((resolve) => {
      const off = session.events.subscribe((name, p) => {
        const f = p as EventMap['task.finished'];
        if (name === 'task.finished' && f.taskId === jobId) {
          off();
          resolve(f);
        }
      });
    });

  beforeAll(async () => {
    session = await demoSession(dir);
    host = await startWebHost({ session, port: 0, rendererDir, maxUploadBytes: 1000 });
    auth = { 'x-ace-token': host.token, 'content-type': 'application/json' };
  }, 120_000);
  afterAll(async () => {
    await host.close();
    await session.close();
  });

  it('a finished export is served once at its URL, with the token, as an attachment, then gone from disk', async () => {
    const done = finishedOf('web-rows');
    const started = await rpc<{ jobId: string; fileName: string }>('pivot.exportRows', {
      filters: [],
      jobId: 'web-rows',
      fileName: 'explore-pivot-rows.csv',
    });
    expect(started).toEqual({ jobId: 'web-rows', fileName: 'explore-pivot-rows.csv' });
    const f = await done;
    expect(f).toMatchObject({
      ok: true,
      kind: 'export',
      output: { fileName: 'explore-pivot-rows.csv', downloadUrl: expect.stringMatching(/^\/api\/download\/[A-Za-z0-9_-]{24}$/) },
    });
    expect(f.output!.path).toBeUndefined();
    const url = f.output!.downloadUrl!;
    // No token, a wrong token: refused before anything else, and the file is still there for the right one.
    expect((await http(host, 'GET', url)).status).toBe(401);
    expect((await http(host, 'GET', `${url}?token=wrong`)).status).toBe(401);
    const got = await http(host, 'GET', `${url}?token=${encodeURIComponent(host.token)}`);
    expect(got.status).toBe(200);
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="explore-pivot-rows.csv"; filename*=UTF-8''explore-pivot-rows.csv`,
    );
    expect(got.headers['content-type']).toMatch(/^text\/csv/);
    expect(got.body.length).toBe(f.output!.bytes);
    const lines = got.body.toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('entry_id,entered_at,channel')).toBe(true);
    expect(lines.length - 1).toBe(f.output!.rows);
    expect(f.output!.rows).toBe((await rpc<{ entries: number }>('pivot.count', { filters: [] })).entries);
    // Once only: the second fetch is a 404, and nothing is left in the private downloads folder.
    expect((await http(host, 'GET', url, { 'x-ace-token': host.token })).status).toBe(404);
    await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(join(dir, 'downloads'))).toEqual([]);
  });

  it('browser mode never writes to a path it is given', async () => {
    await expect(rpc('segments.export', { rule: { all: [] }, columns: ['entrant_id'], path: join(dir, 'x.csv') })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      status: 501,
    });
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
    await expect(rpc('jobs.pickSavePath', { fileName: 'x.csv' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('a download nobody fetches is removed after the time-out', async () => {
    const done = finishedOf('web-seg');
    await rpc('segments.export', { rule: { all: [] }, columns: ['entrant_id'], jobId: 'web-seg', format: 'xlsx' });
    const f = await done;
    const id = f.output!.downloadUrl!.split('/').pop()!;
    expect(readdirSync(join(dir, 'downloads'))).toHaveLength(1);
    expect(session.jobs.downloads.expire(Date.now() + 11 * 60 * 1000)).toBe(1);
    expect(readdirSync(join(dir, 'downloads'))).toEqual([]);
    expect((await http(host, 'GET', `/api/download/${id}?token=${host.token}`)).status).toBe(404);
  });

  it('uploads raw bytes with PUT: token required, in order, never past the announced size or the host limit', async () => {
    const bytes = Buffer.from('entry_id,entered_at,email\ne1,2026-03-01,a@x.com\n');
    const { uploadId } = await rpc<{ uploadId: string }>('import.uploadBegin', { fileName: 'drop.csv', size: bytes.length });
    const put = (body: Buffer, headers: Record<string, string> = { 'x-ace-token': host.token }, q = '') =>
      http(host, 'PUT', `/api/upload/${uploadId}${q}`, { 'content-type': 'application/octet-stream', ...headers }, body);
    expect((await put(bytes.subarray(0, 10), {})).status).toBe(401);
    expect((await put(bytes.subarray(0, 10), { 'x-ace-token': host.token, origin: 'http://evil.example' })).status).toBe(403);
    expect(json(await put(bytes.subarray(0, 10)))).toEqual({ ok: true, value: { received: 10 } });
    expect((await put(bytes.subarray(10), undefined, '?offset=3')).status).toBe(409);
    expect(json(await put(bytes.subarray(10), undefined, '?offset=10'))).toEqual({ ok: true, value: { received: bytes.length } });
    const { path } = await rpc<{ path: string }>('import.uploadFinish', { uploadId });
    expect(readFileSync(path)).toEqual(bytes);
    expect(path.endsWith('drop.csv')).toBe(true);

    // More than announced: 413, and the upload is gone.
    const small = await rpc<{ uploadId: string }>('import.uploadBegin', { fileName: 'small.csv', size: 4 });
    const over = await http(host, 'PUT', `/api/upload/${small.uploadId}`, { 'x-ace-token': host.token }, Buffer.from('too long'));
    expect(over.status).toBe(413);
    await expect(rpc('import.uploadFinish', { uploadId: small.uploadId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Over the host's own limit (1000 bytes here), even when announced: 413.
    const big = await rpc<{ uploadId: string }>('import.uploadBegin', { fileName: 'big.csv', size: 5000 });
    expect((await http(host, 'PUT', `/api/upload/${big.uploadId}`, { 'x-ace-token': host.token }, Buffer.alloc(2000, 97))).status).toBe(
      413,
    );
    expect(readdirSync(join(dir, 'uploads')).length).toBe(1);
    // A chunked body (no length) over the size is cut off the same way.
    const chunked = await rpc<{ uploadId: string }>('import.uploadBegin', { fileName: 'c.csv', size: 5 });
    const r = await new Promise<number>((resolve) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          method: 'PUT',
          path: `/api/upload/${chunked.uploadId}`,
          headers: { host: `127.0.0.1:${host.port}`, 'x-ace-token': host.token, 'transfer-encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', () => undefined);
      req.write(Buffer.alloc(3, 97));
      req.write(Buffer.alloc(3, 97));
      req.end();
    });
    expect(r).toBe(413);
    expect((await http(host, 'PUT', `/api/upload/nope`, { 'x-ace-token': host.token }, Buffer.from('x'))).status).toBe(404);
  });
});
