import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { CSP } from './security';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** The decoded path, or null for a malformed escape (`/%ZZ`, a cut UTF-8 sequence) or a NUL byte. */
export function decodePath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  return decoded.includes('\0') ? null : decoded;
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', Connection: 'close' });
  res.end(text);
}

/** Serves the built renderer; unknown paths get index.html (one-page app). Never leaves `root`. */
export function serveStatic(root: string, pathname: string, res: ServerResponse, log: (line: string) => void = () => undefined): void {
  const base = resolve(root);
  const decoded = decodePath(pathname);
  if (decoded === null) return plain(res, 400, 'The path is not a valid URL path.');
  let file = resolve(join(base, normalize(decoded)));
  if (file !== base && !file.startsWith(base + sep)) return plain(res, 403, 'Forbidden.');
  try {
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(base, 'index.html');
  } catch {
    // A name the file system refuses (too long, not a folder on the way): the app's page instead.
    file = join(base, 'index.html');
  }
  const headers: Record<string, string> = {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': CSP,
    'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
  };
  const stream = createReadStream(file);
  // Open before answering 200: a file that vanished or cannot be read is a 404/500, not a crash.
  stream.once('open', () => {
    res.writeHead(200, headers);
    stream.pipe(res);
  });
  stream.once('error', (e: NodeJS.ErrnoException) => {
    log(`cannot serve ${file}: ${e.code ?? e.message}`);
    if (!res.headersSent)
      plain(
        res,
        e.code === 'ENOENT' ? 404 : 500,
        e.code === 'ENOENT' ? 'Not found.' : 'This file cannot be read; rebuild the app with `npm run build`.',
      );
    else res.destroy();
  });
  res.once('close', () => stream.destroy());
}
