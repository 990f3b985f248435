import { describe, expect, it } from 'vitest';
import type { PushFailure } from '../../../src-main/contract/deliver';
import { failureText, pushOutcome, statusLabel } from '../../../src-renderer/features/deliver/labels';

const push = (
  counts: Partial<Record<'planned' | 'accepted' | 'rejected' | 'failed' | 'suppressed' | 'pending', number>>,
  batches = {},
  lastError: string | null = null,
) => ({
  dryRun: false,
  lastError,
  failure: null as PushFailure | null,
  counts: { planned: 0, accepted: 0, rejected: 0, failed: 0, suppressed: 0, pending: 0, heldOut: 0, ...counts },
  batches: { total: 1, sent: 0, failed: 0, pending: 0, ...batches },
});

describe("a push's details say what happened to its contacts, never more", () => {
  it('says every contact was accepted only when each one was', () => {
    expect(pushOutcome(push({ planned: 3, accepted: 3 }, { sent: 1 }))).toBe('Every contact was accepted.');
  });

  it('a push whose one request never went out after its attempts is not "accepted"', () => {
    const s = pushOutcome(push({ planned: 1, pending: 1 }, { total: 1, failed: 1 }, 'connect ECONNREFUSED 127.0.0.1:9'));
    expect(s).toBe(
      'None of the 1 contacts was accepted; 1 not sent yet (1 of 1 requests did not go through). Last error: connect ECONNREFUSED 127.0.0.1:9',
    );
    expect(s).not.toMatch(/Every contact/);
  });

  it('counts rejections and failures beside the accepted', () => {
    expect(pushOutcome(push({ planned: 10, accepted: 7, rejected: 2, failed: 1 }, { total: 1, sent: 1 }))).toBe(
      '7 of 10 contacts accepted; 2 rejected by the service; 1 failed.',
    );
    expect(pushOutcome({ ...push({ planned: 4 }), dryRun: true })).toBe('A dry run: nothing was sent.');
  });
});

describe('a stopped push says why and what to do; "resumes automatically" only when trying again helps', () => {
  const failure = (kind: PushFailure['kind'], status: number | null, retryable: boolean): PushFailure => ({
    kind,
    retryable,
    status,
    detail: kind === 'unreachable' ? 'connection refused: nothing is listening at that address' : 'bad signature',
    address: 'https://send.example/ace',
    batch: 1,
  });
  const connector = { id: 'c1', kind: 'webhook', target: 'https://send.example/ace' };

  it('names the class in the status column', () => {
    expect(statusLabel({ status: 'interrupted', failure: null })).toBe('Interrupted: resumes automatically');
    expect(statusLabel({ status: 'interrupted', failure: failure('server', 503, true) })).toBe('Interrupted: resumes automatically');
    expect(statusLabel({ status: 'interrupted', failure: failure('unreachable', null, true) })).toBe('Interrupted: service unreachable');
    expect(statusLabel({ status: 'failed', failure: failure('auth', 401, false) })).toBe('Failed: credentials refused');
    expect(statusLabel({ status: 'failed', failure: failure('secret_missing', null, false) })).toBe('Failed: secret missing');
    expect(statusLabel({ status: 'done', failure: null })).toBe('Done');
  });

  it('says the fix in the details, and leaves the classified error out of the contact summary', () => {
    const p = {
      ...push({ planned: 5, pending: 5 }, { total: 1, pending: 1 }, 'Batch 1 of 1: ...'),
      failure: failure('auth', 401, false),
      connector,
    };
    expect(failureText(p)).toBe(
      'The service at https://send.example/ace refused the credentials (401: bad signature) — re-enter the signing secret in Connectors (Edit), then Resume.',
    );
    expect(pushOutcome(p)).toBe('None of the 5 contacts was accepted; 5 not sent yet (1 of 1 requests did not go through).');
    const down = { ...p, failure: failure('unreachable', null, true) };
    expect(failureText(down)).toMatch(/could not be reached .* check the endpoint address or your network, then Resume\.$/);
    expect(failureText(down)).not.toMatch(/automatically/);
  });
});
