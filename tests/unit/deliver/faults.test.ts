import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pushDetail, pushInfo } from '../../../src-main/core/deliver/history';
import { backoffMs } from '../../../src-main/core/deliver/send';
import { saveSegment } from '../../../src-main/core/segments/run';
import { Session } from '../../../src-main/core/session';
import { rebuildFacts } from '../../../src-main/core/derived/facts';
import { startSendServer, type SendServer } from '../../support/sending/server';
import { tempDir } from '../helpers/tmp';
import { builtWorkerUrl } from '../helpers/worker';
import { assertEngine, workspacePath } from '../helpers/engine';

/**
 * A push against a real sending-service test server on 127.0.0.1 that injects each fault the issue
 * names. After every scenario: each eligible contact was delivered exactly once (by idempotency key),
 * nobody else was, and the push's record says what happened.
 */
const dir = tempDir('ace-faults-');
let s: Session;
let server: SendServer;
let connectorId = '';
let segmentId = '';
const FAST = { baseMs: 20, maxMs: 200, maxAttempts: 6 };

beforeAll(async () => {
  server = await startSendServer();
  // Small batches so a push has several, and quick retries.
  s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir, deliver: { retry: FAST, maxBatch: 100 } });
  await s.open(workspacePath(dir, 'faults.duckdb'), { create: true });
  assertEngine(s);
  await s.generateDemo({ entries: 2500, seed: 7 });
  const seg = await saveSegment(s.requireDb(), { name: 'SMS entrants', rule: { type: 'response', field: 'channel', values: ['sms'] } });
  segmentId = seg.segmentId;
  connectorId = (
    await s.deliver.saveConnector({
      name: 'Local',
      config: { kind: 'webhook', endpoint: server.endpoint, timeoutMs: 1500 },
      secret: server.secret,
    })
  ).connectorId;
});
afterAll(async () => {
  await s.close();
  await server.close();
});
beforeEach(() => server.reset());

/** Plans and sends the segment by email; returns the push's final record and who should have got it. */
async function push() {
  const preview = await s.deliver.preview({ segment: segmentId, channel: 'email', fields: ['first_name'], connectorId });
  const started = await s.deliver.start({ segment: segmentId, channel: 'email', fields: ['first_name'], connectorId });
  await s.deliver.idle();
  const info = await pushInfo(s.requireDb(), started.pushId);
  const planned = await s.requireDb().rows<{ address: string }>(`SELECT address FROM push_contacts WHERE push_id = $1`, [started.pushId]);
  return { preview, info, addresses: planned.map((r) => r.address), pushId: started.pushId };
}

function expectExactlyOnce(addresses: string[]) {
  const delivered = server.addressesDelivered();
  expect(delivered.size).toBe(addresses.length);
  for (const a of addresses) expect(delivered.get(a)).toBe(1);
}

describe('a push under faults', () => {
  it('plain: every reachable contact once, in batches no bigger than planned, every request signed', async () => {
    const { preview, info, addresses, pushId } = await push();
    expect(info.status).toBe('done');
    // The preview's sample payload shows the first three of the planned contacts (by person).
    const first = await s
      .requireDb()
      .rows<{ contact_id: string }>(`SELECT contact_id FROM push_contacts WHERE push_id = $1 ORDER BY entrant LIMIT 3`, [pushId]);
    expect((preview.samplePayload as { contacts: { contact_id: string }[] }).contacts.map((c) => c.contact_id)).toEqual(
      first.map((r) => r.contact_id),
    );
    // Several batches, so faults can hit one and not the others.
    expect(info.batches.total).toBeGreaterThanOrEqual(2);
    expect(addresses.length).toBe(preview.reachable);
    expect(info.counts.accepted).toBe(preview.reachable);
    expect(info.batches.total).toBe(Math.ceil(preview.reachable / 100));
    expectExactlyOnce(addresses);
    expect(server.requests().every((r) => r.signatureValid)).toBe(true);
    expect(server.deliveries().every((d) => d.addresses.length <= 100)).toBe(true);
  });

  it('429 with Retry-After (seconds and an HTTP date): waits, then sends each batch once', async () => {
    server.fault({ kind: 'rate-limit', retryAfter: 1 }, { times: 1, batch: 1 });
    server.fault({ kind: 'rate-limit', retryAfter: 'http-date' }, { times: 1, batch: 2 });
    const t0 = Date.now();
    const { info, addresses } = await push();
    expect(info.status).toBe('done');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(server.requests().filter((r) => r.status === 429)).toHaveLength(2);
    expectExactlyOnce(addresses);
  });

  it('500 and 503: retried with backoff until the service recovers', async () => {
    server.fault({ kind: 'status', status: 500 }, { times: 2, batch: 1 });
    server.fault({ kind: 'status', status: 503 }, { times: 1, batch: 2 });
    const { info, addresses } = await push();
    expect(info.status).toBe('done');
    expect(server.requests().filter((r) => r.status >= 500)).toHaveLength(3);
    expectExactlyOnce(addresses);
    // Each batch records every attempt it took, the one that went through too: as many as the service saw.
    const batches = await s
      .requireDb()
      .rows<{ batch: number; attempts: number; status: string }>(
        `SELECT batch, attempts, status FROM push_batches WHERE push_id = $1 ORDER BY batch`,
        [info.pushId],
      );
    for (const b of batches) {
      expect(b.status).toBe('sent');
      expect(Number(b.attempts)).toBe(server.requests().filter((r) => r.key === `${info.pushId}-b${b.batch}`).length);
    }
    expect(batches.slice(0, 2).map((b) => Number(b.attempts))).toEqual([3, 2]);
  });

  it('a timeout and a connection reset mid-body: the batch goes again with the same key', async () => {
    server.fault({ kind: 'timeout' }, { times: 1, batch: 1 });
    server.fault({ kind: 'reset-mid-body' }, { times: 1, batch: 2 });
    const { info, addresses } = await push();
    expect(info.status).toBe('done');
    expectExactlyOnce(addresses);
    const keys = server.requests().map((r) => r.key);
    expect(keys.filter((k) => k === `${info.pushId}-b1`).length).toBeGreaterThanOrEqual(2);
  });

  it('the service took the batch but the answer was lost: the retry is recognised by its key, nobody gets it twice', async () => {
    server.fault({ kind: 'reset-after-commit' }, { times: 1, batch: 1 });
    const { info, addresses } = await push();
    expect(info.status).toBe('done');
    expectExactlyOnce(addresses);
    expect(server.deliveries().filter((d) => d.batch === 1)).toHaveLength(1);
  });

  it('partial rejections are recorded per contact; "retry failed" sends only those, consent checked again', async () => {
    const first = await push();
    const rejected = first.addresses.slice(3, 6);
    server.reset();
    server.fault({ kind: 'reject', addresses: rejected, reason: 'mailbox unavailable' }, { times: 1, batch: 1 });
    const { info, addresses } = await push();
    expect(info.status).toBe('done_with_failures');
    expect(info.counts.rejected).toBe(3);
    expect(info.counts.accepted).toBe(addresses.length - 3);
    const detail = await pushDetail(s.requireDb(), info.pushId);
    expect(detail.problems.map((p) => p.address).sort()).toEqual([...rejected].sort());
    expect(detail.problems.every((p) => p.reason === 'mailbox unavailable')).toBe(true);
    server.reset();
    const retry = await s.deliver.retryFailed(info.pushId);
    await s.deliver.idle();
    const after = await pushInfo(s.requireDb(), retry.pushId);
    expect(after.retryOf).toBe(info.pushId);
    expect(after.status).toBe('done');
    expect([...server.addressesDelivered().keys()].sort()).toEqual([...rejected].sort());
    // Retrying the same push again finds nobody left: those three were delivered by the retry.
    await expect(s.deliver.retryFailed(info.pushId)).rejects.toThrow(/no failed or rejected contacts left/);
  });

  it('slow answers are waited for; a service that stays down leaves the push interrupted, and Resume finishes it without repeats', async () => {
    server.fault({ kind: 'slow', ms: 400 }, { times: 1, batch: 1 });
    server.fault({ kind: 'status', status: 503 }, { times: FAST.maxAttempts, batch: 2 });
    const { info, addresses } = await push();
    expect(info.status).toBe('interrupted');
    expect(info.lastError).toMatch(/503/);
    // A service error is worth trying again: the only class that says it resumes by itself.
    expect(info.failure).toMatchObject({ kind: 'server', retryable: true, status: 503, batch: 2 });
    expect(info.lastError).toMatch(/resumes automatically/);
    expect(info.batches.sent).toBe(1);
    const resumed = await s.deliver.resume(info.pushId);
    expect(['sending', 'interrupted']).toContain(resumed.status);
    await s.deliver.idle();
    expect((await pushInfo(s.requireDb(), info.pushId)).status).toBe('done');
    expectExactlyOnce(addresses);
  });

  it('someone who opts out after the push was planned is suppressed before their batch goes', async () => {
    server.fault({ kind: 'status', status: 503 }, { times: FAST.maxAttempts, batch: 1 });
    const { info, addresses } = await push();
    expect(info.status).toBe('interrupted');
    const quitter = addresses[0]!;
    await s.requireDb().transaction(async (w) => {
      await w.run(
        `INSERT INTO optouts (channel, address, opted_out_at, reason, import_id, line) VALUES ('email', ?, current_timestamp::TIMESTAMP, 'STOP', 990, 1)`,
        [quitter],
      );
      await rebuildFacts(w);
    });
    await s.deliver.resume(info.pushId);
    await s.deliver.idle();
    const done = await pushInfo(s.requireDb(), info.pushId);
    expect(done.status).toBe('done');
    expect(done.counts.suppressed).toBe(1);
    expect(server.timesDelivered(quitter)).toBe(0);
    expectExactlyOnce(addresses.filter((a) => a !== quitter));
    await s.requireDb().transaction(async (w) => {
      await w.run(`DELETE FROM optouts WHERE import_id = 990`);
      await rebuildFacts(w);
    });
  });

  it('a wrong secret is found before anything is planned: preview and send say so, with the fix', async () => {
    const bad = await s.deliver.saveConnector({
      name: 'Wrong secret',
      config: { kind: 'webhook', endpoint: server.endpoint, timeoutMs: 1500 },
      secret: 'whsec_d3JvbmdzZWNyZXR3cm9uZ3NlY3JldA==',
    });
    const before = (await s.requireDb().rows<{ n: unknown }>(`SELECT count(*) AS n FROM pushes`))[0]!.n;
    const req = { segment: segmentId, channel: 'email' as const, fields: [], connectorId: bad.connectorId };
    await expect(s.deliver.preview(req)).rejects.toThrow(/refused the credentials \(401.*re-enter the signing secret/);
    await expect(s.deliver.start(req)).rejects.toThrow(
      /Nothing was planned\. The service at http:\/\/127\.0\.0\.1:\d+\/push refused the credentials/,
    );
    expect((await s.requireDb().rows<{ n: unknown }>(`SELECT count(*) AS n FROM pushes`))[0]!.n).toBe(before);
    expect(server.requests().filter((r) => !r.key?.startsWith('ping_'))).toHaveLength(0);
  });

  it('credentials refused mid-push stop it at once as failed, its people still to send; Resume after the fix sends them', async () => {
    // The service stops taking the secret (rotated on its side) after the push was checked and planned.
    server.fault({ kind: 'status', status: 401 }, { times: 1, batch: 2 });
    const { info, addresses } = await push();
    expect(info.status).toBe('failed');
    expect(info.failure).toMatchObject({ kind: 'auth', retryable: false, status: 401, batch: 2 });
    expect(info.lastError).toMatch(
      /refused the credentials \(401: signature does not match.*re-enter the signing secret in Connectors \(Edit\), then Resume/,
    );
    expect(info.lastError).not.toMatch(/automatically/);
    // Nobody was refused: batch 2 was not failed, it waits with the rest.
    expect(info.batches).toMatchObject({ sent: 1, failed: 0, pending: info.batches.total - 1 });
    expect(info.counts.failed).toBe(0);
    await s.deliver.resume(info.pushId);
    await s.deliver.idle();
    const done = await pushInfo(s.requireDb(), info.pushId);
    expect(done.status).toBe('done');
    expect(done.failure).toBeNull();
    expectExactlyOnce(addresses);
  });

  it("a batch the service refuses (422) fails its contacts with the service's message; the others go", async () => {
    server.fault({ kind: 'status', status: 422 }, { times: 1, batch: 1 });
    const { info, addresses } = await push();
    expect(info.status).toBe('done_with_failures');
    expect(info.failure).toMatchObject({ kind: 'rejected', retryable: false, status: 422, batch: 1 });
    expect(info.failure!.detail).toMatch(/not a known merge field/);
    expect(info.batches.failed).toBe(1);
    expect(server.addressesDelivered().size).toBe(addresses.length - info.counts.failed);
  });

  it('a service that goes away mid-push leaves it interrupted as unreachable, after a few quick attempts', async () => {
    server.fault({ kind: 'reset-mid-body' }, { times: 10, batch: 1 });
    const { info } = await push();
    expect(info.status).toBe('interrupted');
    expect(info.failure).toMatchObject({ kind: 'unreachable', retryable: true, status: null, batch: 1 });
    expect(info.lastError).toMatch(
      /could not be reached \(the connection was cut\) — check the endpoint address or your network, then Resume/,
    );
    expect(info.lastError).not.toMatch(/automatically/);
    expect(server.requests().filter((r) => r.fault === 'reset-mid-body')).toHaveLength(3);
  });

  it('a push whose secret is gone (browser mode restarted) fails as "secret missing", and sends once it is entered again', async () => {
    server.fault({ kind: 'status', status: 503 }, { times: FAST.maxAttempts, batch: 1 });
    const { info, addresses } = await push();
    expect(info.status).toBe('interrupted');
    // The session that held the secret ended; the push is resumed (as at the next start) without it.
    s.secrets.delete(connectorId);
    await s.deliver.resume(info.pushId);
    await s.deliver.idle();
    const stopped = await pushInfo(s.requireDb(), info.pushId);
    expect(stopped.status).toBe('failed');
    expect(stopped.failure).toMatchObject({ kind: 'secret_missing', retryable: false });
    expect(stopped.lastError).toMatch(/has no signing secret .*Enter it in Deliver > Connectors \(Edit\)/);
    // Entered again (Connectors > Edit keeps the rest of the connector): Resume sends everyone once.
    await s.deliver.saveConnector({
      connectorId,
      name: 'Local',
      config: { kind: 'webhook', endpoint: server.endpoint, timeoutMs: 1500 },
      secret: server.secret,
    });
    await s.deliver.resume(info.pushId);
    await s.deliver.idle();
    expect((await pushInfo(s.requireDb(), info.pushId)).status).toBe('done');
    expectExactlyOnce(addresses);
  });

  it('backoff: full jitter under a doubling cap; Retry-After is a floor', () => {
    const p = { baseMs: 500, maxMs: 30_000, maxAttempts: 8 };
    expect(backoffMs(1, p, undefined, () => 1)).toBe(500);
    expect(backoffMs(4, p, undefined, () => 1)).toBe(4000);
    expect(backoffMs(10, p, undefined, () => 1)).toBe(30_000);
    expect(backoffMs(3, p, undefined, () => 0)).toBe(0);
    expect(backoffMs(1, p, 2000, () => 0)).toBe(2000);
  });
});
