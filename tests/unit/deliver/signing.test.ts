import { describe, expect, it } from 'vitest';
import { signWebhook, newWebhookSecret } from '../../../src-main/core/deliver/signing';
import { verifySignature } from '../../support/sending/server';

/** The Standard Webhooks specification's published test vector: what any receiver's library checks. */
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TS = 1614265330;
const BODY = '{"test": 2432232314}';

describe('Standard Webhooks signatures', () => {
  it('the app signs the spec vector as the spec says', () => {
    expect(signWebhook(SECRET, ID, TS, BODY)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('the test server verifies it independently, and refuses a changed body, an old timestamp, another secret', () => {
    const sig = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
    expect(verifySignature(SECRET, ID, String(TS), BODY, sig, TS + 10)).toBe(true);
    expect(verifySignature(SECRET, ID, String(TS), BODY, `v1,bad v1,${sig.slice(3)}`, TS)).toBe(true);
    expect(verifySignature(SECRET, ID, String(TS), BODY.replace('2', '3'), sig, TS)).toBe(false);
    expect(verifySignature(SECRET, ID, String(TS), BODY, sig, TS + 301)).toBe(false);
    expect(verifySignature(newWebhookSecret(), ID, String(TS), BODY, sig, TS)).toBe(false);
  });
});
