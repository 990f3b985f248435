import type { PushFailure } from '../../contract/deliver';

/**
 * One interface for every sending service. A connector sends one batch and classifies the answer;
 * the outbox (batching, idempotency keys, retries with backoff, resume) is the same for all of them.
 */

export type Channel = 'email' | 'sms';
export const CONNECTOR_KINDS = ['webhook', 'sendgrid', 'mailchimp', 'csv'] as const;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];

/** One person to message on one address. `fields` are the chosen personalization fields. */
export interface PushContact {
  /** Stable per person and push: the key per-contact results are stored under. */
  contactId: string;
  /** E-mail (lower-case) or E.164 phone, per the push's channel. */
  address: string;
  fields: Record<string, string | null>;
  /** The push's message template rendered for this person, on the push's channel. */
  message?: { subject?: string; html?: string; text: string };
}

export interface BatchContext {
  pushId: string;
  segment: { id: string; name: string; version: number };
  channel: Channel;
  /** 1-based. */
  batchNumber: number;
  batchCount: number;
  /** Stable for this batch across every retry and resume: `${pushId}-b${batchNumber}`. */
  idempotencyKey: string;
  /** The message template the push carries, if any. */
  template?: { id: string; name: string };
  /** Aborted on cancel, shutdown, or the per-request timeout. */
  signal: AbortSignal;
}

export interface ContactResult {
  contactId: string;
  status: 'accepted' | 'rejected';
  reason?: string;
}

export type BatchOutcome =
  /** The service took the batch: a result for every contact (accepted unless it said otherwise). */
  | { kind: 'done'; results: ContactResult[] }
  /** Transient (5xx, timeout, connection reset, 429): send the same batch again later. */
  | { kind: 'retry'; reason: string; retryAfterMs?: number; failure?: PushFailure }
  /**
   * Permanent for the whole batch (400, 401, 403, 404, 413). A connector problem (credentials, wrong
   * address) stops the push with the batch still to send; a refused batch's contacts are marked failed.
   */
  | { kind: 'fail'; reason: string; failure?: PushFailure };

/** What a connection test got back: the HTTP status (null without an answer) and the failure, if any. */
export interface CheckOutcome {
  status: number | null;
  /** What was asked, for the person: "GET https://api.sendgrid.com/v3/scopes". */
  request: string | null;
  failure: PushFailure | null;
}

/** One person in an audience sync's batch (core/sync): the list's key is the address. */
export interface SyncContact {
  contactId: string;
  address: string;
  /** An update that moves the person: the address the list holds them under now. */
  previousAddress: string | null;
  /** The chosen fields (empty for a removal). */
  fields: Record<string, string | null>;
}

export interface SyncBatchContext {
  syncId: string;
  runId: string;
  /** The sync's name: the list it keeps. */
  list: string;
  segment: { id: string; name: string; version: number };
  channel: Channel;
  op: 'add' | 'update' | 'remove';
  /** 1-based, over the run's batches of every kind. */
  batchNumber: number;
  batchCount: number;
  /** Stable for this batch across every retry and resume: `${runId}-b${batchNumber}`. */
  idempotencyKey: string;
  signal: AbortSignal;
}

/**
 * The addresses a sync batch takes off the list: every one of a removal, and the old address of someone an
 * update moves (the list is keyed by address).
 */
export const leavingAddresses = (contacts: SyncContact[], op: SyncBatchContext['op']): string[] =>
  op === 'remove' ? contacts.map((c) => c.address) : contacts.flatMap((c) => (c.previousAddress ? [c.previousAddress] : []));

/** A sync's add or update as the connector's own push upsert (by email): its contacts and batch, keyed by the run. */
export const upsertAsPush = (connector: Connector, contacts: SyncContact[], ctx: SyncBatchContext): Promise<BatchOutcome> =>
  connector.sendBatch(
    contacts.map((c) => ({ contactId: c.contactId, address: c.address, fields: c.fields })),
    {
      pushId: ctx.runId,
      segment: ctx.segment,
      channel: ctx.channel,
      batchNumber: ctx.batchNumber,
      batchCount: ctx.batchCount,
      idempotencyKey: ctx.idempotencyKey,
      signal: ctx.signal,
    },
  );

export interface Connector {
  readonly kind: ConnectorKind;
  /** The service's documented maximum contacts per request. */
  readonly maxBatch: number;
  /** The channels it can deliver on. */
  readonly channels: readonly Channel[];
  /** Never throws for an HTTP or network problem: classifies it as retry or fail. */
  sendBatch(contacts: PushContact[], ctx: BatchContext): Promise<BatchOutcome>;
  /** One harmless request that proves the address and the credentials (nobody is added or messaged). */
  check(signal: AbortSignal): Promise<CheckOutcome>;
  /** Adds, updates or removes people on the list an audience sync keeps; absent where the service cannot sync yet. */
  syncBatch?(contacts: SyncContact[], ctx: SyncBatchContext): Promise<BatchOutcome>;
}

/** Parses a Retry-After header (seconds, or an HTTP date) into milliseconds from `now`. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const s = header.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Transient HTTP statuses: worth the same request again. */
export const isTransientStatus = (status: number) => status === 408 || status === 425 || status === 429 || status >= 500;

/** A URL for a message: no user info, no query (either may hold a key), cut short. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`.slice(0, 200);
  } catch {
    return '(an address that is not a URL)';
  }
}

/**
 * Redirects are never followed (every request is sent with `redirect: 'manual'`): a 3xx would carry
 * every contact, and the signature or API key, to a host nobody chose, and possibly over plain http.
 * The batch fails with the reason, so the person can point the connector at the final address.
 */
export function redirectFailure(status: number, location: string | null, service: string, url?: string): BatchOutcome | null {
  if (status < 300 || status > 399) return null;
  const to = location ? ` to ${shownUrl(location)}` : '';
  return {
    kind: 'fail',
    reason: `${service} answered ${status} (a redirect${to}). ACE never forwards contacts to another address: if the service moved, enter its new https:// address in the connector.`,
    failure: {
      kind: 'misconfigured',
      retryable: false,
      status,
      detail: `a redirect${to}: ACE does not follow it; enter the new address`,
      address: url ? shownUrl(url) : null,
    },
  };
}

/** Query parameter names that carry a credential (`?api_key=`, `?token=`, `?sig=`...). */
const SECRET_PARAM = /^(?:key|code|auth|sig|pass|pwd|session)$|api[-_]?key|token|secret|passw|signature|credential|authorization/i;

/**
 * Why an endpoint URL may not be saved: a password or key inside it (`user:pass@`, `?api_key=`)
 * would be stored in the workspace in clear and sent again on every retry. Null when it is fine.
 */
export function urlCredentialProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null; // the schema says what is wrong with it
  }
  const found =
    u.username || u.password
      ? 'a user name or password (user:pass@)'
      : [...u.searchParams.keys()].some((k) => SECRET_PARAM.test(k))
        ? 'a key or token in its query (?api_key=...)'
        : null;
  if (!found) return null;
  return `The address ${shownUrl(url)} contains ${found}. ACE does not keep credentials in a URL, where they would be stored in the workspace: remove them from the address and enter the secret in the connector's secret field (kept in the keychain, never in the workspace).`;
}
