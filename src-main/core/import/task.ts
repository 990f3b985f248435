import type { DatasetKind, DateOrder, ImportReport, WorkspaceInfo } from '../../contract/types';
import { AceError } from '../lib/errors';
import { importFile } from './importer';
import type { Mapping } from './mapping';
import type { EncodingChoice } from './sniff';
import type { DecimalMark } from './numbers';
import type { DbClient } from '../db/client';
import type { EventBus } from '../lib/events';

/** What an import task needs of the session (the session is one); named here so this module does not depend on it. */
export interface TaskHost {
  requireDb(): DbClient;
  readonly tasks: Map<string, AbortController>;
  readonly events: EventBus;
  info(): Promise<WorkspaceInfo>;
  readonly uploads: { discard(path: string): unknown };
}

export interface ImportRequest {
  taskId: string;
  path: string;
  kind?: DatasetKind;
  mapping?: Mapping;
  encoding?: EncodingChoice;
  sheet?: string;
  decimal?: DecimalMark;
  dateOrder?: DateOrder;
  fileName?: string;
}

/** Runs an import as a cancellable task that reports progress events, then tells every screen. */
export async function runImportTask(session: TaskHost, req: ImportRequest): Promise<ImportReport> {
  const db = session.requireDb();
  if (session.tasks.has(req.taskId)) throw new AceError('BAD_INPUT', `A task called ${req.taskId} is already running.`);
  const controller = new AbortController();
  session.tasks.set(req.taskId, controller);
  const name = req.fileName ?? req.path.split(/[\\/]/).pop()!;
  try {
    const report = await importFile(db, {
      ...req,
      signal: controller.signal,
      onProgress: (p) =>
        session.events.emit('task.progress', {
          taskId: req.taskId,
          label: `Importing ${name}: ${p.phase.toLowerCase()}`,
          done: Math.round(p.fraction * 1000),
          total: 1000,
          rows: p.rows,
          rowsPerSecond: p.rowsPerSecond,
          cancellable: true,
        }),
    });
    session.events.emit('task.finished', { taskId: req.taskId, ok: true, message: report.message });
    if (report.status === 'imported') session.events.emit('workspace.changed', { workspace: await session.info() });
    return report;
  } catch (e) {
    const cancelled = controller.signal.aborted;
    session.events.emit('task.finished', {
      taskId: req.taskId,
      ok: false,
      message: cancelled ? 'Import cancelled; nothing was changed.' : (e as Error).message,
    });
    if (cancelled) throw new AceError('CANCELLED', 'Import cancelled. Nothing was changed in the workspace.');
    throw e;
  } finally {
    session.tasks.delete(req.taskId);
    // The renderer uploads the file again if the person retries.
    session.uploads.discard(req.path);
  }
}

export function cancelTask(session: TaskHost, taskId: string): boolean {
  const c = session.tasks.get(taskId);
  c?.abort();
  return !!c;
}
