import type { SyncRunInfo } from '../../contract/sync';
import type { DbClient } from '../db/client';
import type { DeliverService } from '../deliver/service';
import { planSyncRun } from './plan';
import { sendSyncRun } from './send';
import { getSync, type SyncRow } from './store';

/** The sync's connector with its secret, and its batch size (the service's limit, the sync's, Deliver's). */
export async function connectorOf(deliver: DeliverService, sync: SyncRow) {
  const { connector, config } = await deliver.savedConnector(sync.connectorId, sync.fields);
  const batchSize = Math.min(connector.maxBatch, sync.batchSize ?? Infinity, deliver.sendOptions.maxBatch ?? Infinity);
  return { connector, config, batchSize };
}

/** Sends (or resumes) a planned run with the sync's connector and Deliver's retry policy. */
export async function sendRun(db: DbClient, deliver: DeliverService, sync: SyncRow, runId: string): Promise<SyncRunInfo> {
  const { connector } = await connectorOf(deliver, sync);
  return sendSyncRun(db, runId, sync, connector, { retry: deliver.sendOptions.retry });
}

/** A new run planned and sent; `orResume`: an unfinished run of the sync is resumed instead (what a schedule does). */
export async function runSync(
  db: DbClient,
  deliver: DeliverService,
  syncId: string,
  o: { confirmRemovals?: boolean; orResume?: boolean } = {},
): Promise<SyncRunInfo> {
  const sync = await getSync(db, syncId);
  if (o.orResume) {
    const [open] = await db.rows<{ run_id: string }>(
      `SELECT DISTINCT r.run_id FROM sync_runs r JOIN sync_batches b USING (run_id) WHERE r.sync_id = $1 AND b.status = 'pending' LIMIT 1`,
      [syncId],
    );
    if (open) return sendRun(db, deliver, sync, open.run_id);
  }
  const { batchSize } = await connectorOf(deliver, sync);
  return sendRun(db, deliver, sync, await planSyncRun(db, sync, { confirmRemovals: o.confirmRemovals, batchSize }));
}
