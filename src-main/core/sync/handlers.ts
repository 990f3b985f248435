import type { SyncOutputs } from '../../contract/sync';
import type { HandlerTable } from '../handler-types';
import type { Session } from '../session';
import { AceError } from '../lib/errors';
import { previewSync, planSyncRun } from './plan';
import { sendSyncRun } from './send';
import { deleteSync, getSync, listRuns, listSyncs, saveSync, type SyncRow } from './store';

/** The sync's connector with its secret, and its batch size (the service's limit, or smaller as Deliver is set). */
async function connectorOf(session: Session, sync: SyncRow) {
  const { connector, config } = await session.deliver.savedConnector(sync.connectorId, sync.fields);
  const batchSize = Math.min(connector.maxBatch, sync.batchSize ?? Infinity, session.deliver.sendOptions.maxBatch ?? Infinity);
  return { connector, config, batchSize };
}

async function send(session: Session, sync: SyncRow, runId: string) {
  const { connector } = await connectorOf(session, sync);
  return sendSyncRun(session.requireDb(), runId, sync, connector, { retry: session.deliver.sendOptions.retry });
}

/** The audience sync methods' handlers (docs/sync.md). */
export const syncHandlers: Pick<HandlerTable, keyof SyncOutputs> = {
  'sync.list': async (_i, session) => listSyncs(session.requireDb()),
  'sync.save': async (input, session) => saveSync(session.requireDb(), input),
  'sync.delete': async ({ syncId }, session) => ({ deleted: await deleteSync(session.requireDb(), syncId) }),
  'sync.preview': async ({ syncId }, session) => {
    const sync = await getSync(session.requireDb(), syncId);
    const { config } = await connectorOf(session, sync);
    return previewSync(session.requireDb(), sync, config.kind);
  },
  'sync.run': async ({ syncId, confirmRemovals }, session) => {
    const db = session.requireDb();
    const sync = await getSync(db, syncId);
    const { batchSize } = await connectorOf(session, sync);
    const runId = await planSyncRun(db, sync, { confirmRemovals, batchSize });
    return send(session, sync, runId);
  },
  'sync.resume': async ({ runId }, session) => {
    const db = session.requireDb();
    const [r] = await db.rows<{ sync_id: string }>(`SELECT sync_id FROM sync_runs WHERE run_id = $1`, [runId]);
    if (!r) throw new AceError('NOT_FOUND', `There is no sync run ${runId}.`);
    return send(session, await getSync(db, r.sync_id), runId);
  },
  'sync.runs': async ({ syncId }, session) => listRuns(session.requireDb(), syncId),
};
