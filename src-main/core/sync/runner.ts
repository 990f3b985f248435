import type { SyncRunInfo } from '../../contract/sync';
import type { DbClient } from '../db/client';
import type { DeliverService } from '../deliver/service';
import type { EventBus } from '../lib/events';
import { planSyncRun } from './plan';
import { sendSyncRun } from './send';
import { getSync, unfinishedRuns, type SyncRow } from './store';

/** The sync's connector with its secret, and its batch size (the service's limit, the sync's, Deliver's). */
export async function connectorOf(deliver: DeliverService, sync: SyncRow) {
  const { connector, config } = await deliver.savedConnector(sync.connectorId, sync.fields);
  const batchSize = Math.min(connector.maxBatch, sync.batchSize ?? Infinity, deliver.sendOptions.maxBatch ?? Infinity);
  return { connector, config, batchSize };
}

/** Runs being sent in this process, by run id, with their sync: Cancel stops one (it stays resumable). */
const running = new Map<string, { controller: AbortController; syncId: string }>();

/** Stops the sync's run being sent here (its batch in flight is sent again on resume); false when none is. */
export function cancelRun(syncId: string): boolean {
  const found = [...running.values()].filter((r) => r.syncId === syncId);
  for (const r of found) r.controller.abort();
  return found.length > 0;
}

/**
 * Sends (or resumes) a planned run with the sync's connector and Deliver's retry policy. With `events`, its
 * progress goes out as `task.progress` (task `sync-<sync id>`, cancellable) and its end as `task.finished`.
 */
export async function sendRun(
  db: DbClient,
  deliver: DeliverService,
  sync: SyncRow,
  runId: string,
  events?: EventBus,
): Promise<SyncRunInfo> {
  const { connector } = await connectorOf(deliver, sync);
  const controller = new AbortController();
  running.set(runId, { controller, syncId: sync.syncId });
  const taskId = `sync-${sync.syncId}`;
  const label = `Syncing “${sync.name}”`;
  try {
    const info = await sendSyncRun(db, runId, sync, connector, {
      retry: deliver.sendOptions.retry,
      signal: controller.signal,
      onProgress: (p) => events?.emit('task.progress', { taskId, label, done: p.batchesDone, total: p.batches, cancellable: true }),
    });
    events?.emit('task.finished', { taskId, ok: true });
    return info;
  } catch (e) {
    events?.emit('task.finished', {
      taskId,
      ok: false,
      cancelled: controller.signal.aborted,
      message: controller.signal.aborted ? 'Stopped: resume it to send the rest.' : (e as Error).message,
    });
    throw e;
  } finally {
    running.delete(runId);
  }
}

/** A new run planned and sent; `orResume`: an unfinished run of the sync is resumed instead (what a schedule does). */
export async function runSync(
  db: DbClient,
  deliver: DeliverService,
  syncId: string,
  o: { confirmRemovals?: boolean; orResume?: boolean; events?: EventBus } = {},
): Promise<SyncRunInfo> {
  const sync = await getSync(db, syncId);
  if (o.orResume) {
    const [open] = await unfinishedRuns(db, syncId);
    if (open) return sendRun(db, deliver, sync, open.run_id, o.events);
  }
  const { batchSize } = await connectorOf(deliver, sync);
  return sendRun(db, deliver, sync, await planSyncRun(db, sync, { confirmRemovals: o.confirmRemovals, batchSize }), o.events);
}

/**
 * At start (the app, `ace serve`): runs a crash, a kill or a shutdown cut off are sent on from where they
 * stopped, as pushes are. One stopped by its connector (a key refused, a wrong address) waits for Resume.
 */
export async function resumeUnfinishedRuns(db: DbClient, deliver: DeliverService, events?: EventBus): Promise<string[]> {
  const done: string[] = [];
  for (const r of await unfinishedRuns(db)) {
    if (running.has(r.run_id)) continue;
    const sync = await getSync(db, r.sync_id).catch(() => null);
    if (!sync) continue; // deleted since: its runs stay as history
    await sendRun(db, deliver, sync, r.run_id, events);
    done.push(r.run_id);
  }
  return done;
}
