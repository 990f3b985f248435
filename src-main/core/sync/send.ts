import type { PushFailure } from '../../contract/deliver';
import type { SyncRunInfo } from '../../contract/sync';
import type { DbClient, Writer } from '../db/client';
import type { BatchOutcome, Connector, ContactResult, SyncBatchContext, SyncContact } from '../deliver/connector';
import { isConnectorProblem } from '../deliver/failure';
import { LEASE_RENEW_MS, releaseLease, takeLease } from '../deliver/lease';
import { abortable, backoffMs, DEFAULT_RETRY, type RetryPolicy } from '../deliver/send';
import { AceError } from '../lib/errors';
import { runInfo, type SyncRow } from './store';

export interface SyncSendOptions {
  retry?: RetryPolicy;
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onProgress?: (p: { runId: string; batchesDone: number; batches: number }) => void;
}

/** Two batches in a row refused for good: stop instead of failing them all (as a push does). */
const STOP_AFTER_FAILED_BATCHES = 2;

const setRun = (db: DbClient, runId: string, status: string, error: string | null, finished = false) =>
  db.write((w) =>
    w.run(`UPDATE sync_runs SET status = $2, last_error = $3${finished ? ', finished_at = current_timestamp' : ''} WHERE run_id = $1`, [
      runId,
      status,
      error,
    ]),
  );

/**
 * Sends a planned run batch by batch, exactly once: each batch's answer is committed with the batch and with
 * what the list now holds (sync_state), so a crash or a kill -9 resumes at the first batch not recorded, with
 * the same idempotency key (the service answers a repeated key as before; the CSV drop finds its file). Before
 * each add or update the people in it are checked against the opt-outs again: who opted out since is not sent.
 */
export async function sendSyncRun(
  db: DbClient,
  runId: string,
  sync: SyncRow,
  connector: Connector,
  opts: SyncSendOptions = {},
): Promise<SyncRunInfo> {
  if (!connector.syncBatch)
    throw new AceError('BAD_INPUT', `A ${connector.kind} connector cannot keep a list in sync yet: use a webhook or CSV connector.`);
  await takeLease(db, runId);
  const renew = setInterval(() => void takeLease(db, runId).catch(() => undefined), LEASE_RENEW_MS);
  renew.unref();
  try {
    return await sendHeld(db, runId, sync, connector, opts);
  } finally {
    clearInterval(renew);
    await releaseLease(db, runId);
  }
}

async function sendHeld(db: DbClient, runId: string, sync: SyncRow, connector: Connector, opts: SyncSendOptions): Promise<SyncRunInfo> {
  const policy = opts.retry ?? DEFAULT_RETRY;
  const sleep = opts.sleep ?? abortable;
  const [run] = await db.rows<{ segment_version: unknown; name: string | null }>(
    `SELECT r.segment_version, (SELECT name FROM segments s WHERE s.segment_id = $2 AND s.version = r.segment_version) AS name FROM sync_runs r WHERE r.run_id = $1`,
    [runId, sync.segmentId],
  );
  if (!run) throw new AceError('NOT_FOUND', `There is no sync run ${runId}.`);
  await setRun(db, runId, 'sending', null);
  const batches = await db.rows<{ batch: unknown; op: SyncBatchContext['op']; idempotency_key: string; status: string }>(
    `SELECT batch, op, idempotency_key, status FROM sync_batches WHERE run_id = $1 ORDER BY batch`,
    [runId],
  );
  let done = batches.filter((b) => b.status !== 'pending').length;
  let failedInARow = 0;
  try {
    for (const b of batches) {
      if (b.status !== 'pending') continue;
      const batch = Number(b.batch);
      if (b.op !== 'remove') await suppressOptedOut(db, runId, batch, sync.channel);
      const rows = await db.rows<{ contact_id: string; address: string; previous_address: string | null; fields: string | null }>(
        `SELECT contact_id, address, previous_address, fields::VARCHAR AS fields FROM sync_ops WHERE run_id = $1 AND batch = $2 AND status = 'pending' ORDER BY entrant`,
        [runId, batch],
      );
      const contacts: SyncContact[] = rows.map((r) => ({
        contactId: r.contact_id,
        address: r.address,
        previousAddress: r.previous_address,
        fields: b.op === 'remove' || !r.fields ? {} : (JSON.parse(r.fields) as Record<string, string | null>),
      }));
      const ctx: Omit<SyncBatchContext, 'signal'> = {
        syncId: sync.syncId,
        runId,
        list: sync.name,
        segment: { id: sync.segmentId, name: run.name ?? sync.segmentId, version: Number(run.segment_version) },
        channel: sync.channel,
        op: b.op,
        batchNumber: batch,
        batchCount: batches.length,
        idempotencyKey: b.idempotency_key,
      };
      const outcome = contacts.length
        ? await sendWithRetries(db, connector, contacts, ctx, policy, sleep, opts.signal)
        : { kind: 'done' as const, results: [] as ContactResult[] };
      if (outcome.kind === 'interrupted') {
        await setRun(db, runId, 'interrupted', `Batch ${batch} of ${batches.length}: ${outcome.reason}`);
        return runInfo(db, runId);
      }
      if (outcome.kind === 'fail') {
        const failure = outcome.failure;
        // A connector problem (credentials, address): this batch's people were not refused; it stays to send.
        if (failure && isConnectorProblem(failure)) {
          await setRun(db, runId, 'failed', `Batch ${batch} of ${batches.length}: ${outcome.reason}`);
          return runInfo(db, runId);
        }
        await failBatch(db, runId, batch, outcome.reason);
        if (++failedInARow >= STOP_AFTER_FAILED_BATCHES) {
          await setRun(db, runId, 'failed', `Stopped after ${failedInARow} batches were refused: ${outcome.reason}`);
          return runInfo(db, runId);
        }
      } else {
        failedInARow = 0;
        await recordBatch(db, sync.syncId, runId, batch, b.op, outcome.results);
      }
      opts.onProgress?.({ runId, batchesDone: ++done, batches: batches.length });
    }
  } catch (e) {
    const stopped = opts.signal?.aborted === true;
    await setRun(
      db,
      runId,
      'interrupted',
      stopped ? 'Stopped before it finished; resume it to send the rest.' : (e as Error).message,
    ).catch(() => undefined);
    if (stopped) throw new AceError('CANCELLED', 'Sync stopped before it finished; Resume sends the rest (nothing is sent twice).');
    throw e;
  }
  const [f] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM sync_ops WHERE run_id = $1 AND status IN ('failed', 'rejected')`, [
    runId,
  ]);
  await setRun(db, runId, Number(f!.n) > 0 ? 'done_with_failures' : 'done', null, true);
  return runInfo(db, runId);
}

type Sent = Exclude<BatchOutcome, { kind: 'retry' }> | { kind: 'interrupted'; reason: string; failure?: PushFailure };

async function sendWithRetries(
  db: DbClient,
  connector: Connector,
  contacts: SyncContact[],
  ctx: Omit<SyncBatchContext, 'signal'>,
  policy: RetryPolicy,
  sleep: NonNullable<SyncSendOptions['sleep']>,
  signal?: AbortSignal,
): Promise<Sent> {
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new AceError('CANCELLED', 'Cancelled.');
    const outcome = await connector.syncBatch!(contacts, { ...ctx, signal: signal ?? new AbortController().signal });
    await db.write((w) =>
      w.run(`UPDATE sync_batches SET attempts = attempts + 1, last_error = $3 WHERE run_id = $1 AND batch = $2`, [
        ctx.runId,
        ctx.batchNumber,
        outcome.kind === 'done' ? null : outcome.reason,
      ]),
    );
    if (outcome.kind !== 'retry') return outcome;
    if (attempt >= policy.maxAttempts)
      return { kind: 'interrupted', reason: `${attempt} attempts, last: ${outcome.reason}`, failure: outcome.failure };
    await sleep(backoffMs(attempt, policy, outcome.retryAfterMs), signal);
  }
}

/** Who opted out since the run was planned (at or after their latest opt-in, or undated) is not added or updated. */
async function suppressOptedOut(db: DbClient, runId: string, batch: number, channel: string): Promise<void> {
  await db.write((w) =>
    w.run(
      `UPDATE sync_ops SET status = 'suppressed', result = 'opted out after the run was planned'
       WHERE run_id = $1 AND batch = $2 AND status = 'pending' AND EXISTS (
         SELECT 1 FROM consent_optouts o WHERE o.address = sync_ops.address AND (o.channel = $3 OR o.channel = 'all')
           AND (o.opted_out_at IS NULL OR sync_ops.consent_at IS NULL OR o.opted_out_at >= sync_ops.consent_at))`,
      [runId, batch, channel],
    ),
  );
}

async function failBatch(db: DbClient, runId: string, batch: number, reason: string): Promise<void> {
  await db.transaction(async (w) => {
    await w.run(`UPDATE sync_ops SET status = 'failed', result = $3 WHERE run_id = $1 AND batch = $2 AND status = 'pending'`, [
      runId,
      batch,
      reason,
    ]);
    await w.run(`UPDATE sync_batches SET status = 'failed', last_error = $3 WHERE run_id = $1 AND batch = $2`, [runId, batch, reason]);
  });
}

/** The batch's answer and what the list now holds, in one transaction: all or nothing. */
async function recordBatch(
  db: DbClient,
  syncId: string,
  runId: string,
  batch: number,
  op: string,
  results: ContactResult[],
): Promise<void> {
  const rejected = results.filter((r) => r.status === 'rejected');
  await db.transaction(async (w: Writer) => {
    for (const r of rejected)
      await w.run(`UPDATE sync_ops SET status = 'rejected', result = $4 WHERE run_id = $1 AND batch = $2 AND contact_id = $3`, [
        runId,
        batch,
        r.contactId,
        r.reason ?? 'refused by the service',
      ]);
    await w.run(`UPDATE sync_ops SET status = 'accepted' WHERE run_id = $1 AND batch = $2 AND status = 'pending'`, [runId, batch]);
    // The person's listed rows go (by their id now, and by the address the list held them under: ids change
    // when the identity graph joins people), and what the list holds now comes in.
    const ops = `FROM sync_ops WHERE run_id = $2 AND batch = $3 AND status = 'accepted'`;
    // A removal takes just the listed address (a person listed twice keeps their other row).
    await w.run(
      op === 'remove'
        ? `DELETE FROM sync_state WHERE sync_id = $1 AND address IN (SELECT address ${ops})`
        : `DELETE FROM sync_state WHERE sync_id = $1 AND (entrant IN (SELECT entrant ${ops})
             OR address IN (SELECT address ${ops} UNION ALL SELECT previous_address ${ops}))`,
      [syncId, runId, batch],
    );
    if (op !== 'remove')
      await w.run(
        `INSERT INTO sync_state SELECT $1, entrant, contact_id, address, print, current_timestamp FROM sync_ops WHERE run_id = $2 AND batch = $3 AND status = 'accepted'`,
        [syncId, runId, batch],
      );
    await w.run(`UPDATE sync_batches SET status = 'sent', sent_at = current_timestamp WHERE run_id = $1 AND batch = $2`, [runId, batch]);
  });
}
