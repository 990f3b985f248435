import type { SyncOutputs } from '../../contract/sync';
import type { HandlerTable } from '../handler-types';
import { AceError } from '../lib/errors';
import { previewSync } from './plan';
import { cancelRun, connectorOf, runSync, sendRun } from './runner';
import { deleteSync, getSync, listRuns, listSyncs, saveSync } from './store';

/** The audience sync methods' handlers (docs/sync.md). */
export const syncHandlers: Pick<HandlerTable, keyof SyncOutputs> = {
  'sync.list': async (_i, session) => listSyncs(session.requireDb()),
  'sync.save': async (input, session) => saveSync(session.requireDb(), input),
  'sync.delete': async ({ syncId }, session) => ({ deleted: await deleteSync(session.requireDb(), syncId) }),
  'sync.preview': async ({ syncId }, session) => {
    const sync = await getSync(session.requireDb(), syncId);
    const { config } = await connectorOf(session.deliver, sync);
    return previewSync(session.requireDb(), sync, config);
  },
  'sync.run': async ({ syncId, confirmRemovals }, session) =>
    runSync(session.requireDb(), session.deliver, syncId, { confirmRemovals, events: session.events }),
  'sync.resume': async ({ runId }, session) => {
    const db = session.requireDb();
    const [r] = await db.rows<{ sync_id: string }>(`SELECT sync_id FROM sync_runs WHERE run_id = $1`, [runId]);
    if (!r) throw new AceError('NOT_FOUND', `There is no sync run ${runId}.`);
    return sendRun(db, session.deliver, await getSync(db, r.sync_id), runId, session.events);
  },
  'sync.cancel': async ({ syncId }) => ({ cancelled: cancelRun(syncId) }),
  'sync.runs': async ({ syncId }, session) => listRuns(session.requireDb(), syncId),
};
