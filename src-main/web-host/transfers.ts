import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import type { ErrorCode } from '../contract/errors';
import { isAceError } from '../core/lib/errors';
import type { Session } from '../core/session';

/**
 * Files in and out of browser mode without base64 or JSON around them: a finished job's file served
 * once (`GET /api/download/<id>`), and a dropped file's bytes as they are (`PUT /api/upload/<id>`).
 * The caller has checked the token, Host and Origin already.
 */

function answer(res: ServerResponse, status: number, body: unknown, close = false): void {
  if (close) res.setHeader('Connection', 'close');
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(JSON.stringify(body));
}
const fail = (res: ServerResponse, status: number, code: ErrorCode, message: string, close = false) =>
  answer(res, status, { ok: false, error: { code, message } }, close);

const TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** `attachment` with the name in plain ASCII and, for any other letters, RFC 5987's UTF-8 form. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function serveDownload(session: Session, url: URL, req: IncomingMessage, res: ServerResponse, log: (line: string) => void): void {
  if (req.method !== 'GET') return fail(res, 405, 'BAD_INPUT', 'Use GET for a download.', true);
  const id = /^\/api\/download\/([A-Za-z0-9_-]{1,64})$/.exec(url.pathname)?.[1];
  const file = id ? session.jobs.downloads.take(id) : null;
  if (!file)
    return fail(res, 404, 'NOT_FOUND', 'This download is gone: each file can be fetched once, within 10 minutes. Export it again.');
  let size: number;
  try {
    size = statSync(file.path).size;
  } catch {
    return fail(res, 404, 'NOT_FOUND', 'This download is gone. Export it again.');
  }
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file.fileName).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(size),
    'Content-Disposition': contentDisposition(file.fileName),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  const stream = createReadStream(file.path);
  // Served once: the file goes when the response ends, whether it arrived whole or the tab went away.
  res.on('close', () => {
    stream.destroy();
    session.jobs.downloads.remove(file.path);
  });
  stream.on('error', (e) => {
    log(`download ${file.fileName} failed: ${e.message}`);
    res.destroy();
  });
  stream.pipe(res);
}

/**
 * The request body is written to the upload as it arrives (never held whole): at `?offset=` (default:
 * where the upload stands), never past the size announced at import.uploadBegin nor past `limit`. A body
 * that would go over is refused with 413 and the upload is dropped.
 */
export function receiveUpload(
  session: Session,
  uploadId: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
): Promise<void> {
  if (req.method !== 'PUT') {
    fail(res, 405, 'BAD_INPUT', 'Use PUT /api/upload/<uploadId> with the file’s bytes as the body.', true);
    return Promise.resolve();
  }
  let status: { received: number; size: number };
  try {
    status = session.uploads.status(uploadId);
  } catch (e) {
    fail(res, 404, 'NOT_FOUND', (e as Error).message, true);
    return Promise.resolve();
  }
  const offset = url.searchParams.has('offset') ? Number(url.searchParams.get('offset')) : status.received;
  if (!Number.isSafeInteger(offset) || offset !== status.received) {
    fail(res, 409, 'BAD_INPUT', `Upload out of order (expected offset ${status.received}).`, true);
    return Promise.resolve();
  }
  const room = Math.min(status.size - status.received, limit);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > room) {
    session.uploads.cancel(uploadId);
    fail(
      res,
      413,
      'BAD_INPUT',
      `The upload is larger than allowed (${room.toLocaleString('en-US')} bytes left). Drop the file again.`,
      true,
    );
    return Promise.resolve();
  }
  return new Promise<void>((resolve) => {
    let got = 0;
    let failed = false;
    const stop = (status: number, message: string) => {
      failed = true;
      req.removeAllListeners('data');
      req.resume();
      fail(res, status, 'BAD_INPUT', message, true);
      resolve();
    };
    req.on('data', (c: Buffer) => {
      if (failed) return;
      if (got + c.length > room) {
        session.uploads.cancel(uploadId);
        return stop(413, 'The upload is larger than announced. Drop the file again.');
      }
      try {
        session.uploads.append(uploadId, offset + got, c);
        got += c.length;
      } catch (e) {
        stop(isAceError(e) && e.code === 'NOT_FOUND' ? 404 : 400, (e as Error).message);
      }
    });
    req.on('end', () => {
      if (failed) return;
      answer(res, 200, { ok: true, value: { received: offset + got } });
      resolve();
    });
    req.on('error', () => {
      if (!failed) session.uploads.cancel(uploadId);
      resolve();
    });
  });
}
