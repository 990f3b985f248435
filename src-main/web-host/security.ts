import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Token, Host and Origin checks for the web host. Pure functions, tested one by one. */

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token from `Authorization: Bearer`, `X-Ace-Token`, or (for EventSource, which cannot set headers) `?token=`. */
export function tokenOf(req: IncomingMessage, url: URL, allowQuery: boolean): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7);
  const header = req.headers['x-ace-token'];
  if (typeof header === 'string') return header;
  return allowQuery ? url.searchParams.get('token') : null;
}

/** Only our own names for ourselves: a DNS-rebinding page arrives with its own host name and is refused. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Requests from another site's page carry its Origin; only our own (or none, e.g. curl) is allowed. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  // XLSX exports compress large sheets in a worker that the zip library starts from a blob URL.
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
