import { RETRYABLE, type FailureKind, type PushFailure } from '../../contract/deliver';
import { shownUrl } from './connector';

/**
 * Classifies what a sending service answered, or why it did not, into the failure classes of
 * contract/deliver-failure.ts. Every connector and the connection test use these, so a 401 from
 * SendGrid and one from a webhook read the same.
 */

const make = (kind: FailureKind, status: number | null, detail: string, url: string | null): PushFailure => ({
  kind,
  retryable: RETRYABLE[kind],
  status,
  detail: detail.replace(/\s+/g, ' ').trim().slice(0, 300),
  address: url ? shownUrl(url) : null,
});

/** An HTTP answer that is not a success: by its status (and the service's message as detail). */
export function httpFailure(status: number, detail: string, url: string | null): PushFailure {
  if (status === 401 || status === 403) return make('auth', status, detail, url);
  if (status === 429) return make('rate_limited', status, detail, url);
  if (status === 408 || status === 425 || status >= 500) return make('server', status, detail, url);
  // Redirects are never followed (connector.ts), and 404/405/410 mean no push endpoint at that address.
  if ((status >= 300 && status < 400) || status === 404 || status === 405 || status === 410)
    return make('misconfigured', status, detail, url);
  return make('rejected', status, detail, url);
}

/** Network error codes that mean the address itself is wrong or gone, not a passing hiccup. */
const NO_SUCH_HOST = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'ENODATA']);

/** A request that got no answer: fetch's error (its `cause` carries the system code), or a timeout. */
export function networkFailure(e: unknown, url: string | null, timedOutAfterMs?: number): PushFailure {
  if (timedOutAfterMs !== undefined) return make('unreachable', null, `no answer within ${Math.round(timedOutAfterMs / 1000)} s`, url);
  const err = e as { message?: string; code?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? err.code;
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused: nothing is listening at that address',
    ECONNRESET: 'the connection was cut',
    UND_ERR_SOCKET: 'the connection was cut',
    ETIMEDOUT: 'the connection timed out',
    UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
    EHOSTUNREACH: 'no route to that host',
    ENETUNREACH: 'no network',
    CERT_HAS_EXPIRED: "the service's certificate has expired",
    DEPTH_ZERO_SELF_SIGNED_CERT: "the service's certificate is self-signed",
  };
  const detail =
    code && NO_SUCH_HOST.has(code)
      ? `no such host (${code})`
      : code
        ? (words[code] ?? code)
        : (err.cause?.message ?? err.message ?? 'network error');
  return make('unreachable', null, detail, url);
}

/** A failure found before any request (a missing secret, a key without its data centre). */
export function localFailure(kind: FailureKind, detail: string, url: string | null = null): PushFailure {
  return make(kind, null, detail, url);
}

/** Whether a failure means this connector cannot send as it is now, so a push stops instead of failing batch after batch. */
export const isConnectorProblem = (f: PushFailure) => f.kind === 'auth' || f.kind === 'misconfigured' || f.kind === 'secret_missing';

/** What a connection test or a push start must refuse to go on with (a 4xx on a ping, or a 5xx, may still send). */
export const blocksSending = (f: PushFailure) => isConnectorProblem(f) || f.kind === 'unreachable';
