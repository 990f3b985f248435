import type { PushFailure } from '../../../contract/deliver';
import { retryAfterMs } from '../connector';
import { networkFailure } from '../failure';

/** SendGrid's HTTP plumbing, shared by its push (sendgrid.ts) and its audience sync (sendgrid-sync.ts). */

export type Got = { res: Response; text: string } | { error: string; failure: PushFailure };

export async function call(f: typeof fetch, url: string, init: RequestInit, signal: AbortSignal, timeoutMs: number): Promise<Got> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const res = await f(url, { ...init, redirect: 'manual', signal: AbortSignal.any([signal, timeout]) });
    return { res, text: await res.text() };
  } catch (e) {
    if (signal.aborted) throw e;
    const failure = networkFailure(e, url, timeout.aborted ? timeoutMs : undefined);
    return { error: timeout.aborted ? failure.detail : `could not reach SendGrid (${failure.detail})`, failure };
  }
}

/** SendGrid's `{"errors":[{"field","message"}]}` in one line. */
export function errorText(status: number, text: string): string {
  try {
    const j = JSON.parse(text) as { errors?: { field?: string | null; message?: string }[] };
    if (Array.isArray(j.errors) && j.errors.length)
      return `SendGrid ${status}: ${j.errors
        .slice(0, 5)
        .map((e) => (e.field ? `${e.field}: ${e.message}` : e.message))
        .join('; ')}`;
  } catch {
    // not JSON
  }
  return `SendGrid ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
}

/** Milliseconds until X-RateLimit-Reset (epoch seconds), else Retry-After. */
export function rateLimitWait(res: Response): number | undefined {
  const reset = Number(res.headers.get('x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - Date.now());
  return retryAfterMs(res.headers.get('retry-after'));
}

/** SendGrid's error messages alone (the failure's detail; errorText adds the status for the batch's reason). */
export function messages(text: string): string {
  return errorText(0, text).replace(/^SendGrid 0:? ?/, '');
}
