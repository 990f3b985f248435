import { describe, expect, it } from 'vitest';
import { pushOutcome } from '../../../src-renderer/features/deliver/labels';

const push = (
  counts: Partial<Record<'planned' | 'accepted' | 'rejected' | 'failed' | 'suppressed' | 'pending', number>>,
  batches = {},
  lastError: string | null = null,
) => ({
  dryRun: false,
  lastError,
  counts: { planned: 0, accepted: 0, rejected: 0, failed: 0, suppressed: 0, pending: 0, ...counts },
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
