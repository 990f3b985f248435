import { AceError } from './lib/errors';
import { cancelTask, runImportTask } from './import/task';
import { importHistory, rejectsPage } from './import/history';
import { previewFile } from './import/preview';
import { entriesPerDay, overview } from './overview';
import { brushIndexTable, brushPivot } from './pivot/brush';
import { deleteView, listViews, pivotCount, pivotFields, pivotRows, pivotValues, runPivot, saveView } from './pivot/run';
import { geoHandlers } from './geo/handlers';
import { deliverHandlers } from './deliver/handlers';
import { syncHandlers } from './sync/handlers';
import { outcomesHandlers } from './outcomes/handlers';
import { repliesHandlers } from './replies/handlers';
import { rulesHandlers } from './rules/handlers';
import { fraudHandlers } from './fraud/handlers';
import { drawHandlers } from './draw/handlers';
import { messageHandlers } from './messages/handlers';
import { watchHandlers } from './watch/handlers';
import { objectiveHandlers } from './objectives/handlers';
import { dashboardHandlers } from './dashboards/handlers';
import { jobHandlers } from './jobs/handlers';
import { listExports } from './export/log';
import { typedPath } from './workspace/typed-path';
import { drillRoi, roiTiming } from './roi/drill';
import { SEGMENT_TEMPLATES } from './segments/templates';
import { breakdownSegment, countSegment, listSegments, overlapSegments, previewSegment, saveSegment } from './segments/run';
import { explainRoi } from './roi/explain';
import { getRoi } from './roi/metrics';
import { roiFilterValues } from './roi/filter-values';
import type { Session } from './session';

import type { HandlerTable } from './handler-types';
import { writeTeamLakeFile } from './engine/lake-password';
export type { Handler, HandlerTable, HostContext } from './handler-types';

/** Runs `fn` under an abort signal that `requestId`'s cancel (or the session closing) triggers. */
async function cancellable<T>(session: Session, requestId: string | undefined, fn: (signal?: AbortSignal) => Promise<T>): Promise<T> {
  if (!requestId) return fn();
  const controller = new AbortController();
  session.tasks.get(requestId)?.abort();
  session.tasks.set(requestId, controller);
  try {
    return await fn(controller.signal);
  } finally {
    if (session.tasks.get(requestId) === controller) session.tasks.delete(requestId);
  }
}

async function noDialogs(): Promise<never> {
  throw new AceError('UNSUPPORTED', 'File dialogs are only available in the desktop app. Type the workspace path instead.');
}

export const handlers: HandlerTable = {
  'app.info': async (_i, session, host) => ({
    version: host.version,
    host: host.host,
    capabilities: { nativeDialogs: host.nativeDialogs },
    workspace: session.isOpen ? await session.info() : null,
  }),
  'workspace.info': async (_i, session) => (session.isOpen ? session.info() : null),
  'workspace.open': async ({ path, lakePassword }, session, host) => session.open(typedPath(path, host), { lakePassword }),
  // Typed in a window, a new workspace goes where it says or nowhere: no folders are made for it.
  'workspace.create': async ({ path }, session, host) => session.create(typedPath(path, host), { makeFolders: host.host === 'cli' }),
  'workspace.createTeamLake': async (input, session, host) => {
    const made = writeTeamLakeFile(session.secrets, { ...input, path: typedPath(input.path, host) });
    try {
      return await session.open(typedPath(input.path, host), { create: true });
    } catch (e) {
      // Nothing half-made stays: neither the file nor the password.
      made.undo();
      throw e;
    }
  },
  'workspace.openDemo': async (_i, session) => session.openDemo(),
  'workspace.recent': async (_i, session) => session.recent.list(),
  'workspace.pick': noDialogs,
  'workspace.pickNew': noDialogs,
  'overview.get': async (_i, session) => overview(session),
  'overview.entriesPerDay': async (_i, session) => entriesPerDay(session),
  'import.preview': async (input, session) => previewFile(session.requireDb(), input),
  'import.run': async (input, session) => runImportTask(session, input),
  'import.cancel': async ({ taskId }, session) => ({ cancelled: cancelTask(session, taskId) }),
  'import.pickFiles': noDialogs,
  'app.printToPdf': async () => {
    throw new AceError('UNSUPPORTED', 'Printing to PDF from the app is a desktop feature: in the browser, use Print and "Save as PDF".');
  },
  'import.uploadBegin': async ({ fileName, size }, session) => ({ uploadId: session.uploads.begin(fileName, size) }),
  'import.uploadChunk': async ({ uploadId, offset, data }, session) => ({ received: session.uploads.chunk(uploadId, offset, data) }),
  'import.uploadFinish': async ({ uploadId }, session) => ({ path: session.uploads.finish(uploadId) }),
  'roi.get': async (input, session) => getRoi(session.requireDb(), input),
  'roi.explain': async (input, session) => explainRoi(session.requireDb(), input),
  'roi.drill': async (input, session) => drillRoi(session.requireDb(), input),
  'roi.timing': async (input, session) => roiTiming(session.requireDb(), input),
  'roi.filterValues': async (_i, session) => roiFilterValues(session.requireDb()),
  'pivot.fields': async (_i, session) => pivotFields(session.requireDb()),
  'pivot.run': async ({ requestId, estimate, ...spec }, session) =>
    cancellable(session, requestId, (signal) => runPivot(session.requireDb(), spec, signal, estimate)),
  'pivot.brush': async ({ requestId, range, ...spec }, session) =>
    cancellable(session, requestId, (signal) => brushPivot(session.requireDb(), spec, range, signal)),
  'pivot.brushIndex': async (spec, session) => brushIndexTable(session.requireDb(), spec),
  'pivot.cancel': async ({ requestId }, session) => ({ cancelled: cancelTask(session, requestId) }),
  'pivot.values': async (input, session) => pivotValues(session.requireDb(), input),
  'pivot.rows': async ({ requestId, ...input }, session) =>
    cancellable(session, requestId, (signal) => pivotRows(session.requireDb(), input, signal)),
  'pivot.count': async (input, session) => pivotCount(session.requireDb(), input),
  'views.list': async (_i, session) => listViews(session.requireDb()),
  'views.save': async (input, session) => saveView(session.requireDb(), input),
  'views.delete': async ({ viewId }, session) => deleteView(session.requireDb(), viewId),
  'segments.list': async (_i, session) => listSegments(session.requireDb()),
  'segments.templates': async () => SEGMENT_TEMPLATES,
  'segments.save': async (input, session) => saveSegment(session.requireDb(), input),
  'segments.count': async ({ rule }, session) => countSegment(session.requireDb(), rule),
  'segments.preview': async ({ rule, limit }, session) => previewSegment(session.requireDb(), rule, limit),
  'segments.breakdown': async ({ rule, by }, session) => breakdownSegment(session.requireDb(), rule, by),
  'segments.overlap': async ({ segmentIds }, session) => overlapSegments(session.requireDb(), segmentIds),
  ...geoHandlers,
  ...deliverHandlers,
  ...syncHandlers,
  ...outcomesHandlers,
  ...repliesHandlers,
  ...rulesHandlers,
  ...fraudHandlers,
  ...drawHandlers,
  ...messageHandlers,
  ...watchHandlers,
  ...objectiveHandlers,
  ...dashboardHandlers,
  ...jobHandlers,
  'import.uploadDiscard': async ({ path }, session) => ({ discarded: session.uploads.discard(path) }),
  'import.history': async (_i, session) => importHistory(session.requireDb()),
  'exports.log': async ({ limit }, session) => listExports(session.requireDb(), limit),
  'import.rejects': async ({ importId, offset, limit }, session) => rejectsPage(session.requireDb(), importId, offset, limit),
};
