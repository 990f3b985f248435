import { describeFailure, type PushChannel, type PushFailure, type PushInfo } from '../../contract/deliver';
import type { DbClient } from '../db/client';
import { AceError } from '../lib/errors';
import type { Connector, ContactResult, PushContact } from './connector';
import { getTemplate } from '../messages/store';
import { channelMessage } from '../messages/template';
import { pushInfo } from './history';
import { isConnectorProblem } from './failure';
import { capReason, cappedSql, getCap } from './cap';
import { Params } from '../lib/params';

export interface RetryPolicy {
  /** First backoff (ms); doubles each attempt, capped at `maxMs`, with full jitter. */
  baseMs: number;
  maxMs: number;
  /** Attempts of one batch in this run before the push is left "interrupted" (resumed later). */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 500, maxMs: 30_000, maxAttempts: 8 };

export interface RunOptions {
  retry?: RetryPolicy;
  /** Aborted by cancel or shutdown: the batch in flight is not recorded and is sent again on resume. */
  signal?: AbortSignal;
  onProgress?: (p: { pushId: string; batchesDone: number; batches: number; contactsDone: number; contacts: number }) => void;
  /** For tests: how to wait (defaults to a timer that the signal cuts short). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Waits `ms`, or rejects CANCELLED as soon as `signal` aborts (pushes' and syncs' backoff). */
export const abortable = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new AceError('CANCELLED', 'Cancelled.'));
    const t = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(t);
      reject(new AceError('CANCELLED', 'Cancelled.'));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Full jitter: a random wait up to the capped exponential step; Retry-After is a floor. */
export function backoffMs(attempt: number, policy: RetryPolicy, retryAfter?: number, random = Math.random): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  const jittered = Math.round(random() * step);
  return retryAfter !== undefined ? Math.min(Math.max(retryAfter, 0), 10 * 60_000) + Math.round(random() * 250) : jittered;
}

/** Two batches in a row refused for good (400, 422): stop instead of failing them all. */
const STOP_AFTER_FAILED_BATCHES = 2;

/**
 * Attempts at an address that could not be reached (refused, no such host, cut): a wrong address
 * does not heal in seconds, so the person hears about it quickly; a push left so is tried again
 * at the next start, or with Resume.
 */
const UNREACHABLE_ATTEMPTS = 3;

/** A failure as the push's record keeps it: the class for the app, the same words for every reader. */
const fallback = (kind: PushFailure['kind'], reason: string): PushFailure => ({
  kind,
  retryable: kind === 'server',
  status: null,
  detail: reason.slice(0, 300),
  address: null,
});

interface PushRow {
  push_id: string;
  template_id: string | null;
  segment_id: string;
  segment_name: string;
  segment_version: number;
  channel: PushChannel;
  status: string;
}

/**
 * Sends a planned push batch by batch. Each batch's answer is committed with the batch, so a crash
 * or a kill resumes at the first batch not recorded, with the same idempotency key. Before each batch
 * the people in it are checked against the opt-outs again: anyone who opted out since the push was
 * planned is suppressed, never sent.
 */
export async function runPush(db: DbClient, pushId: string, connector: Connector, opts: RunOptions = {}): Promise<PushInfo> {
  const policy = opts.retry ?? DEFAULT_RETRY;
  const sleep = opts.sleep ?? abortable;
  const [push] = await db.rows<PushRow>(
    `SELECT push_id, template_id, segment_id, segment_name, segment_version, channel, status FROM pushes WHERE push_id = $1`,
    [pushId],
  );
  if (!push) throw new AceError('NOT_FOUND', `There is no push ${pushId}.`);
  if (push.status === 'dry_run')
    throw new AceError('BAD_INPUT', `Push ${pushId} was a dry run: nothing is sent. Start a new push to send.`);
  if (['done', 'done_with_failures'].includes(push.status)) return pushInfo(db, pushId);
  if (!connector.channels.includes(push.channel))
    throw new AceError('BAD_INPUT', `A ${connector.kind} connector cannot send ${push.channel}. Choose a connector for ${push.channel}.`);
  // A new run: the last run's failure no longer describes the push.
  await setStatus(db, pushId, 'sending', null, false, null);
  // The message each person gets, rendered from the template as it is now (resumes render the same).
  const template = push.template_id ? await getTemplate(db, push.template_id) : null;
  const withMessage = (cs: PushContact[]) =>
    template ? cs.map((c) => ({ ...c, message: channelMessage(template, push.channel, c.fields) })) : cs;

  const batches = await db.rows<{ batch: number; idempotency_key: string; contacts: number; status: string }>(
    `SELECT batch, idempotency_key, contacts, status FROM push_batches WHERE push_id = $1 ORDER BY batch`,
    [pushId],
  );
  const total = batches.length;
  const contactsTotal = batches.reduce((s, b) => s + Number(b.contacts), 0);
  let batchesDone = batches.filter((b) => b.status !== 'pending').length;
  let contactsDone = batches.filter((b) => b.status !== 'pending').reduce((s, b) => s + Number(b.contacts), 0);
  let failedInARow = 0;

  try {
    for (const b of batches) {
      if (b.status !== 'pending') continue;
      const contacts = withMessage(await suppressAndRead(db, pushId, Number(b.batch), push.channel));
      if (contacts.length === 0) {
        await exec(db, `UPDATE push_batches SET status = 'sent', sent_at = current_timestamp WHERE push_id = $1 AND batch = $2`, [
          pushId,
          b.batch,
        ]);
      } else if (contacts.length > connector.maxBatch) {
        await failBatch(
          db,
          pushId,
          Number(b.batch),
          `This batch has ${contacts.length} contacts; the ${connector.kind} service takes at most ${connector.maxBatch}.`,
        );
      } else {
        const outcome = await sendWithRetries(
          db,
          connector,
          contacts,
          {
            pushId,
            segment: { id: push.segment_id, name: push.segment_name, version: Number(push.segment_version) },
            channel: push.channel,
            batchNumber: Number(b.batch),
            batchCount: total,
            idempotencyKey: b.idempotency_key,
            ...(template ? { template: { id: template.templateId, name: template.name } } : {}),
          },
          policy,
          sleep,
          opts.signal,
        );
        // The push stops at this batch, which stays to send: Resume sends it once the cause is gone.
        const stopAtBatch = async (status: 'interrupted' | 'failed', failure: PushFailure & { batch: number }) => {
          await setStatus(db, pushId, status, `Batch ${b.batch} of ${total}: ${describeFailure(failure, connector.kind)}`, false, failure);
          return pushInfo(db, pushId);
        };
        if (outcome.kind === 'interrupted')
          return stopAtBatch('interrupted', { ...(outcome.failure ?? fallback('server', outcome.reason)), batch: Number(b.batch) });
        if (outcome.kind === 'fail') {
          const failure = { ...(outcome.failure ?? fallback('rejected', outcome.reason)), batch: Number(b.batch) };
          // Bad credentials or a wrong address: no batch can go through until the connector is fixed, and
          // this batch's people were not refused.
          if (isConnectorProblem(failure)) return stopAtBatch('failed', failure);
          await failBatch(db, pushId, Number(b.batch), outcome.reason);
          if (++failedInARow >= STOP_AFTER_FAILED_BATCHES) {
            await setStatus(
              db,
              pushId,
              'failed',
              `Stopped after ${failedInARow} batches were refused: ${describeFailure(failure, connector.kind)}`,
              false,
              failure,
            );
            return pushInfo(db, pushId);
          }
          await setFailure(db, pushId, failure);
        } else {
          failedInARow = 0;
          await recordResults(db, pushId, Number(b.batch), outcome.results);
        }
      }
      batchesDone++;
      contactsDone += Number(b.contacts);
      opts.onProgress?.({ pushId, batchesDone, batches: total, contactsDone, contacts: contactsTotal });
    }
  } catch (e) {
    if (opts.signal?.aborted) {
      // Shutdown or cancel: the batch in flight was not recorded; it goes again (same key) on resume.
      await setStatus(db, pushId, 'interrupted', 'Stopped before it finished; it resumes where it stopped.').catch(() => undefined);
      throw new AceError('CANCELLED', 'Push stopped; it resumes where it stopped.');
    }
    await setStatus(db, pushId, 'interrupted', (e as Error).message).catch(() => undefined);
    throw e;
  }
  const [f] = await db.rows<{ n: unknown }>(
    `SELECT count(*) AS n FROM push_contacts WHERE push_id = $1 AND status IN ('failed', 'rejected')`,
    [pushId],
  );
  await setStatus(db, pushId, Number(f!.n) > 0 ? 'done_with_failures' : 'done', null, true);
  return pushInfo(db, pushId);
}

/** A write statement on the writer connection. */
const exec = (db: DbClient, sql: string, params: (string | number | boolean | null)[]) => db.write((w) => w.run(sql, params));

/** The push's status and last error; its classified failure too when given (null clears it). */
async function setStatus(
  db: DbClient,
  pushId: string,
  status: string,
  error: string | null,
  finished = false,
  failure?: PushFailure | null,
): Promise<void> {
  const sql = `UPDATE pushes SET status = $2, last_error = $3, finished_at = CASE WHEN $4 THEN current_timestamp ELSE finished_at END WHERE push_id = $1`;
  if (failure === undefined) return void (await exec(db, sql, [pushId, status, error, finished]));
  // The status and the failure that explains it, in one commit (on a team lake, one snapshot).
  await db.transaction(async (w) => {
    await w.run(sql, [pushId, status, error, finished]);
    await w.run(SET_FAILURE, [pushId, JSON.stringify({ failure })]);
  });
}

const SET_FAILURE = `UPDATE pushes SET summary = json_merge_patch(coalesce(summary, '{}'::JSON), $2::JSON) WHERE push_id = $1`;

/**
 * Kept in the push's summary JSON rather than a new column: it is read with the summary already, and
 * needs no schema migration. A null removes it (json_merge_patch drops null members).
 */
export async function setFailure(db: DbClient, pushId: string, failure: PushFailure | null): Promise<void> {
  await exec(db, SET_FAILURE, [pushId, JSON.stringify({ failure })]);
}

/** The batch's contacts still to send ($1 the push, $2 the batch). */
const PENDING = `pc.push_id = $1 AND pc.batch = $2 AND pc.status = 'pending'`;
/** Whether the contact (pc) opted out since planning, on any of their addresses ($1 the push, $3 the channel). */
const OPTED_OUT_SINCE = `EXISTS (
  SELECT 1 FROM push_addresses pa JOIN consent_optouts o ON o.address = pa.address
  WHERE pa.push_id = $1 AND pa.entrant = pc.entrant AND (o.channel = $3 OR o.channel = 'all')
    AND (o.opted_out_at IS NULL OR pc.consent_at IS NULL OR o.opted_out_at >= pc.consent_at))`;

/**
 * Suppresses anyone in the batch who opted out since planning (on any of their addresses) or whom the frequency
 * cap now stops, then reads the rest. Most batches have no one who opted out: the read that says so is the answer
 * (on a lake an UPDATE that changed nothing cost ~50 ms a batch, as much as the rest of the batch's bookkeeping).
 */
async function suppressAndRead(db: DbClient, pushId: string, batch: number, channel: PushChannel): Promise<PushContact[]> {
  type Row = { contact_id: string; address: string; fields: string | null; opted_out?: boolean };
  const read = (flag: boolean) =>
    db.rows<Row>(
      `SELECT contact_id, address, fields::VARCHAR AS fields${flag ? `, ${OPTED_OUT_SINCE} AS opted_out` : ''}
       FROM push_contacts pc WHERE ${PENDING} ORDER BY entrant`,
      flag ? [pushId, batch, channel] : [pushId, batch],
    );
  let rows = await read(true);
  const optedOut = rows.some((r) => r.opted_out);
  if (optedOut)
    await exec(
      db,
      `UPDATE push_contacts pc SET status = 'suppressed', reason = 'opted out after the push was planned' WHERE ${PENDING} AND ${OPTED_OUT_SINCE}`,
      [pushId, batch, channel],
    );
  // The frequency cap, again: a push sent since this one was planned may have used someone's allowance.
  const cap = await getCap(db);
  if (cap) {
    const p = new Params();
    const [id, b] = [p.add(pushId), p.add(batch)];
    const addresses = `SELECT entrant, address FROM push_addresses WHERE push_id = ${id}`;
    await exec(
      db,
      `UPDATE push_contacts pc SET status = 'suppressed', reason = ${p.add(capReason(cap))}
       WHERE pc.push_id = ${id} AND pc.batch = ${b} AND pc.status = 'pending' AND pc.entrant IN (${cappedSql(cap, channel, addresses, p, pushId)})`,
      p.values as (string | number | boolean | null)[],
    );
  }
  if (optedOut || cap) rows = await read(false);
  return rows.map((r) => ({
    contactId: r.contact_id,
    address: r.address,
    fields: r.fields ? (JSON.parse(r.fields) as Record<string, string | null>) : {},
  }));
}

type SendResult =
  | { kind: 'done'; results: ContactResult[] }
  | { kind: 'fail'; reason: string; failure?: PushFailure }
  | { kind: 'interrupted'; reason: string; failure?: PushFailure };

async function sendWithRetries(
  db: DbClient,
  connector: Connector,
  contacts: PushContact[],
  ctx: Omit<Parameters<Connector['sendBatch']>[1], 'signal'>,
  policy: RetryPolicy,
  sleep: NonNullable<RunOptions['sleep']>,
  signal?: AbortSignal,
): Promise<SendResult> {
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new AceError('CANCELLED', 'Cancelled.');
    const outcome = await connector.sendBatch(contacts, { ...ctx, signal: signal ?? new AbortController().signal });
    // The attempt that went through is counted with the batch's answer, in its commit (recordResults).
    if (outcome.kind === 'done') return outcome;
    await exec(db, `UPDATE push_batches SET attempts = attempts + 1, last_error = $3 WHERE push_id = $1 AND batch = $2`, [
      ctx.pushId,
      ctx.batchNumber,
      outcome.reason,
    ]);
    if (outcome.kind !== 'retry') return outcome;
    // A timeout may be a slow service and keeps every attempt; a refused or unknown address does not.
    const refused = outcome.failure?.kind === 'unreachable' && !outcome.failure.detail.startsWith('no answer');
    const most = refused ? Math.min(UNREACHABLE_ATTEMPTS, policy.maxAttempts) : policy.maxAttempts;
    if (attempt >= most) return { kind: 'interrupted', reason: `${attempt} attempts, last: ${outcome.reason}`, failure: outcome.failure };
    await sleep(backoffMs(attempt, policy, outcome.retryAfterMs), signal);
  }
}

async function failBatch(db: DbClient, pushId: string, batch: number, reason: string): Promise<void> {
  await db.transaction(async (w) => {
    await w.run(`UPDATE push_contacts SET status = 'failed', reason = $3 WHERE push_id = $1 AND batch = $2 AND status = 'pending'`, [
      pushId,
      batch,
      reason,
    ]);
    await w.run(`UPDATE push_batches SET status = 'failed', last_error = $3 WHERE push_id = $1 AND batch = $2`, [pushId, batch, reason]);
  });
}

/** The batch's answer, committed with the batch and the attempt that brought it: all or nothing. */
async function recordResults(db: DbClient, pushId: string, batch: number, results: ContactResult[]): Promise<void> {
  const rejected = results.filter((r) => r.status === 'rejected');
  await db.transaction(async (w) => {
    for (let i = 0; i < rejected.length; i += 500) {
      const part = rejected.slice(i, i + 500);
      const values = part.map((_, k) => `($${3 + 2 * k}, $${4 + 2 * k})`).join(', ');
      await w.run(
        `UPDATE push_contacts pc SET status = 'rejected', reason = v.reason FROM (VALUES ${values}) v(contact_id, reason)
         WHERE pc.push_id = $1 AND pc.batch = $2 AND pc.contact_id = v.contact_id AND pc.status = 'pending'`,
        [pushId, batch, ...part.flatMap((r) => [r.contactId, r.reason ?? 'rejected by the service'])],
      );
    }
    await w.run(`UPDATE push_contacts SET status = 'accepted' WHERE push_id = $1 AND batch = $2 AND status = 'pending'`, [pushId, batch]);
    await w.run(
      `UPDATE push_batches SET status = 'sent', sent_at = current_timestamp, attempts = attempts + 1, last_error = NULL WHERE push_id = $1 AND batch = $2`,
      [pushId, batch],
    );
  });
}
