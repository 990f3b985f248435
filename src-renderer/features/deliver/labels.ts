import {
  describeFailure,
  type ConnectorConfig,
  type ExclusionReason,
  type FailureKind,
  type PushField,
  type PushInfo,
  type PushStatus,
} from '../../../src-main/contract/deliver';
import { fmtCount } from '../../format';

export const EXCLUSION_LABELS: Record<ExclusionReason, string> = {
  no_address: 'No address on this channel',
  no_consent: 'Never opted in on this channel',
  opted_out: 'Opted out',
  invalid_address: 'Invalid address',
  duplicate_address: 'Duplicate address',
  already_sent: 'Already sent by this schedule',
  frequency_cap: 'Held back by the frequency cap',
};

export const STATUS_LABELS: Record<PushStatus, string> = {
  planned: 'Planned',
  sending: 'Sending',
  interrupted: 'Interrupted: resumes automatically',
  done: 'Done',
  done_with_failures: 'Done with failures',
  failed: 'Failed',
  cancelled: 'Cancelled',
  dry_run: 'Dry run (nothing sent)',
};

/** What stopped a push, in the status column: short; the details say the fix. */
const FAILURE_LABELS: Record<FailureKind, string> = {
  unreachable: 'service unreachable',
  auth: 'credentials refused',
  secret_missing: 'secret missing',
  rejected: 'refused by the service',
  misconfigured: 'wrong service address',
  server: 'resumes automatically',
  rate_limited: 'resumes automatically',
};

/**
 * A push's status in words. "Resumes automatically" only when trying again can help (the service's
 * own error, a rate limit, or a stop such as closing the app); a failure that needs a fix names it.
 */
export function statusLabel(p: Pick<PushInfo, 'status' | 'failure'>): string {
  if (p.status !== 'interrupted' && p.status !== 'failed') return STATUS_LABELS[p.status];
  if (!p.failure) return STATUS_LABELS[p.status];
  return `${p.status === 'failed' ? 'Failed' : 'Interrupted'}: ${FAILURE_LABELS[p.failure.kind]}`;
}

/** The failure with its fix, for the push's row and details; null when nothing failed. */
export function failureText(p: Pick<PushInfo, 'failure' | 'connector'>): string | null {
  return p.failure ? describeFailure(p.failure, p.connector.kind) : null;
}

export const FIELD_LABELS: Record<PushField, string> = {
  first_name: 'First name',
  last_name: 'Last name',
  zip: 'Zip',
  state: 'State',
  market: 'Market',
  age: 'Age',
  product_affinity: 'Product affinity',
  purchase_timeframe: 'Purchase timeframe',
  coupon_code: 'Coupon code',
  entries: 'Entries',
  redemptions: 'Redemptions',
  last_entry: 'Last entry',
};

export const KIND_LABELS: Record<ConnectorConfig['kind'], string> = {
  webhook: 'Signed HTTPS batches (any service)',
  sendgrid: 'SendGrid contacts',
  mailchimp: 'Mailchimp audience',
  csv: 'CSV files in a folder',
};

export function targetOf(c: ConnectorConfig): string {
  switch (c.kind) {
    case 'webhook':
      return c.endpoint;
    case 'sendgrid':
      return c.listIds.length ? `lists ${c.listIds.join(', ')}` : 'all contacts';
    case 'mailchimp':
      return `audience ${c.listId}`;
    case 'csv':
      return c.folder;
  }
}

/** A new Standard Webhooks signing secret, made here and shown once, to give to the sending service. */
export function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

/**
 * What a push's details say about its contacts, from its counts: "every contact was accepted" only when
 * every planned contact was, never for a push whose requests did not go out.
 */
export function pushOutcome(p: Pick<PushInfo, 'counts' | 'batches' | 'lastError' | 'dryRun' | 'failure'>): string {
  const { counts: c, batches: b } = p;
  if (p.dryRun) return 'A dry run: nothing was sent.';
  if (c.planned === 0) return 'Nobody was left to send to.';
  if (c.accepted === c.planned) return 'Every contact was accepted.';
  const parts: string[] = [];
  if (c.accepted > 0) parts.push(`${fmtCount(c.accepted)} of ${fmtCount(c.planned)} contacts accepted`);
  else parts.push(`None of the ${fmtCount(c.planned)} contacts was accepted`);
  if (c.rejected > 0) parts.push(`${fmtCount(c.rejected)} rejected by the service`);
  if (c.failed > 0) parts.push(`${fmtCount(c.failed)} failed`);
  if (c.pending > 0)
    parts.push(
      `${fmtCount(c.pending)} not sent yet (${fmtCount(b.pending + b.failed)} of ${fmtCount(b.total)} requests did not go through)`,
    );
  // A classified failure is shown on its own with its fix (push-failure); an unclassified error stays here.
  return `${parts.join('; ')}.${p.lastError && !p.failure ? ` Last error: ${p.lastError}` : ''}`;
}
