/**
 * Why a push (or a connection test) did not get through, as a class the app can act on. The class
 * decides what the app does (retry by itself, or stop and wait for a fix) and what it tells the person,
 * so "resumes automatically" is only ever said when trying again can help.
 */
export const FAILURE_KINDS = [
  /** DNS failure, connection refused or reset, no answer in time: the address or the network. */
  'unreachable',
  /** 401/403, a signature or API key the service refused. */
  'auth',
  /** No secret for the connector on this machine (browser mode forgets it when the server stops). */
  'secret_missing',
  /** Another 4xx: the service read the request and refused it, with its message. */
  'rejected',
  /** Not the service's push address (404, 405, a redirect, a key without its data centre). */
  'misconfigured',
  /** 5xx: the service's own problem; worth the same request again. */
  'server',
  /** 429: the service asked to slow down; worth the same request again, later. */
  'rate_limited',
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface PushFailure {
  kind: FailureKind;
  /** Whether sending the same request again later can help (server, rate_limited, unreachable). */
  retryable: boolean;
  /** The HTTP status the service answered, or null when there was no answer. */
  status: number | null;
  /** The service's own message or the network error, short (never a secret). */
  detail: string;
  /** The service's address as shown (no query, no credentials), or null (a CSV folder, a missing secret). */
  address: string | null;
  /** The batch it happened on, when it happened sending one. */
  batch?: number;
}

/** Retrying helps only for these; the others need a person to change something first. */
export const RETRYABLE: Record<FailureKind, boolean> = {
  unreachable: true,
  auth: false,
  secret_missing: false,
  rejected: false,
  misconfigured: false,
  server: true,
  rate_limited: true,
};

/** What the secret is called for each kind of connector. */
export const SECRET_NAMES: Record<string, string> = { webhook: 'signing secret', sendgrid: 'API key', mailchimp: 'API key' };

/**
 * The failure in plain words with the fix, the same in the app, the history and the command line.
 * For a push the fix ends with what to press after it; a connection test just names the fix.
 */
export function describeFailure(f: PushFailure, connectorKind: string, context: 'push' | 'test' = 'push'): string {
  const then = context === 'push' ? ', then Resume' : '';
  const at = f.address ? `The service at ${f.address}` : 'The service';
  const answered = f.status !== null ? ` (${f.status}${f.detail ? `: ${f.detail}` : ''})` : f.detail ? ` (${f.detail})` : '';
  const secret = SECRET_NAMES[connectorKind] ?? 'secret';
  // A push is fixed in Connectors; a connection test is run from there (or the command line) already.
  const where = context === 'push' ? ' in Connectors (Edit)' : '';
  switch (f.kind) {
    case 'unreachable':
      return `${at} could not be reached${answered} — check the endpoint address or your network${then}.`;
    case 'auth':
      return `${at} refused the credentials${answered} — re-enter the ${secret}${where}${then}.`;
    case 'secret_missing':
      return `No ${secret} is stored for this connector on this computer — enter it${where}${then}.`;
    case 'rejected':
      return `${at} refused the request${answered} — correct what it names${context === 'push' ? ', then retry the failed contacts' : ''}.`;
    case 'misconfigured':
      return f.address
        ? `${at} is not the service's push address${answered} — check the address${where}${then}.`
        : `The connector's settings do not work${answered} — correct them${where}${then}.`;
    case 'server':
      return `${at} had a problem of its own${answered}.${context === 'push' ? ' Trying again can help: the push resumes automatically at the next start, or now with Resume.' : ' Trying again later can help.'}`;
    case 'rate_limited':
      return `${at} asked ACE to slow down${answered}.${context === 'push' ? ' The push resumes automatically at the next start, or now with Resume.' : ' Try again in a minute.'}`;
  }
}

/** The result of a connector's Test connection: one harmless signed request, and what came back. */
export interface ConnectionTest {
  ok: boolean;
  /** The HTTP status, or null (no answer, or nothing to ask: a CSV folder, a missing secret). */
  status: number | null;
  latencyMs: number;
  /** What was asked, e.g. "POST https://sender.example/ace (ace.push.ping)"; null when nothing could be asked (no secret). */
  request: string | null;
  failure: PushFailure | null;
  /** One sentence: what came back, in plain words. */
  message: string;
}
