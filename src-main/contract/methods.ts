import { z } from 'zod';
import { isoDay } from './day';
import { teamLakeInput } from './lake';
import { deliverMethods, type DeliverOutputs } from './deliver';
import { syncMethods, type SyncOutputs } from './sync';
import { outcomesMethods, type OutcomesOutputs } from './outcomes';
import { repliesMethods, type RepliesOutputs } from './replies';
import { rulesMethods, type RulesOutputs } from './rules';
import { fraudMethods, type FraudOutputs } from './fraud';
import { drawMethods, type DrawOutputs } from './draw';
import { exportLogMethods, type ExportLogOutputs } from './exportLog';
import { messageMethods, type MessageOutputs } from './messages';
import { watchMethods, type WatchOutputs } from './watch';
import { objectiveMethods, type ObjectiveOutputs } from './objectives';
import { dashboardMethods, type DashboardOutputs } from './dashboards';
import { jobMethods, type JobOutputs } from './jobs';
import { geoMethods, type GeoOutputs } from './geo';
import { pivotRowsInput, pivotSpec, pivotValuesInput, savedViewInput, type PivotFieldInfo, type SavedView } from './pivot';
import {
  segmentBreakdownInput,
  segmentCountInput,
  segmentOverlapInput,
  segmentPreviewInput,
  segmentSaveInput,
  type SegmentCount,
  type SegmentInfo,
  type SegmentRule,
} from './segments';
import {
  roiDrillInput,
  roiExplainInput,
  roiInput,
  roiScope,
  type RoiDrill,
  type RoiExplanation,
  type RoiResult,
  type RoiTiming,
  type RoiFilterValues,
} from './roi';
import {
  DATASET_KINDS,
  type AppInfo,
  type ImportHistoryItem,
  type ImportPreview,
  type ImportReport,
  type Overview,
  type WorkspaceInfo,
} from './types';

/**
 * The method table: one entry per API method, `domain.verb`.
 * `input` validates at runtime in the dispatcher; `result` says whether the value
 * is JSON or Arrow IPC bytes (Uint8Array). Output types are declared beside it so the
 * typed client and the handlers share one definition.
 */
const none = z.object({}).strict();
const path = z.string().min(1).max(4096);
const kind = z.enum(DATASET_KINDS);
const taskId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** canonical column -> the file's header (or `=constant`, or `+["A","B"]` for columns joined) */
const mapping = z.record(z.string().max(64), z.string().max(512));
const encoding = z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'utf-16', 'latin-1']);
const decimal = z.enum(['.', ',']);
const sheet = z.string().min(1).max(255);
const importId = z.number().int().positive();

export const methods = {
  'app.info': { input: none, result: 'json' },
  'workspace.info': { input: none, result: 'json' },
  /**
   * Opens a workspace. A team lake's catalog password, when given, is kept as this host keeps secrets (the OS
   * keychain in the desktop app, this session's memory in browser mode), never in the workspace (docs/lake.md).
   */
  'workspace.open': { input: z.object({ path, lakePassword: z.string().min(1).max(1000).optional() }).strict(), result: 'json' },
  /** Creates a new, empty workspace file (refuses an existing file) and opens it. */
  'workspace.create': { input: z.object({ path }).strict(), result: 'json' },
  /**
   * Makes a team lake (docs/lake.md): writes its .acelake file (the catalog's server, database, user, schema and
   * the shared data folder; never the password), keeps the password as this host keeps secrets, and opens it.
   */
  'workspace.createTeamLake': { input: teamLakeInput, result: 'json' },
  'workspace.openDemo': { input: none, result: 'json' },
  /** Workspaces opened lately (newest first), kept in the app's data folder. */
  'workspace.recent': { input: none, result: 'json' },
  /** Host-level: native open dialog (Electron). Browser mode answers UNSUPPORTED. */
  'workspace.pick': { input: none, result: 'json' },
  /** Host-level: native save dialog for a new workspace (Electron). Browser mode answers UNSUPPORTED. */
  'workspace.pickNew': { input: none, result: 'json' },
  'overview.get': { input: none, result: 'json' },
  /** Arrow: day (Utf8 YYYY-MM-DD), entries (Float64). */
  'overview.entriesPerDay': { input: none, result: 'arrow' },
  /** Headers, sample, guessed kind, suggested (or saved) mapping and parse results of the sample. */
  'import.preview': {
    input: z
      .object({
        path,
        kind: kind.optional(),
        mapping: mapping.optional(),
        encoding: encoding.optional(),
        sheet: sheet.optional(),
        decimal: decimal.optional(),
      })
      .strict(),
    result: 'json',
  },
  /** Imports a file (by path on this machine, or an uploaded file's path). Progress as task.progress with taskId. */
  'import.run': {
    input: z
      .object({
        taskId,
        path,
        /** Left out: guessed from the headers (a known export's profile, else the columns), as the preview does. */
        kind: kind.optional(),
        mapping: mapping.optional(),
        encoding: encoding.optional(),
        sheet: sheet.optional(),
        decimal: decimal.optional(),
        dateOrder: z.enum(['MDY', 'DMY']).optional(),
        fileName: z.string().min(1).max(255).optional(),
      })
      .strict(),
    result: 'json',
  },
  'import.cancel': { input: z.object({ taskId }).strict(), result: 'json' },
  /** Host-level: native file picker (Electron). Browser mode answers UNSUPPORTED (drag and drop, or upload). */
  'import.pickFiles': { input: none, result: 'json' },
  /** Host-level: the current window as a PDF (Electron printToPDF). Browser mode answers UNSUPPORTED: the page prints itself. */
  'app.printToPdf': { input: z.object({ landscape: z.boolean().default(true) }).strict(), result: 'json' },
  /**
   * Uploads a dropped file, then imports it by the returned path. Browser mode sends the bytes as they
   * are with `PUT /api/upload/<uploadId>` (web host); `import.uploadChunk` (base64) is the fallback for hosts
   * without it (a desktop window whose dropped file has no path).
   */
  'import.uploadBegin': {
    input: z
      .object({
        fileName: z.string().min(1).max(255),
        size: z
          .number()
          .int()
          .nonnegative()
          .max(64 * 1024 ** 3),
      })
      .strict(),
    result: 'json',
  },
  'import.uploadChunk': {
    input: z.object({ uploadId: taskId, offset: z.number().int().nonnegative(), data: z.string().max(1_000_000) }).strict(),
    result: 'json',
  },
  'import.uploadFinish': { input: z.object({ uploadId: taskId }).strict(), result: 'json' },
  /** Removes an uploaded file that will not be imported (its card was removed). Other paths are refused quietly. */
  'import.uploadDiscard': { input: z.object({ path }).strict(), result: 'json' },
  'import.history': { input: none, result: 'json' },
  'import.rejects': {
    input: z
      .object({ importId, offset: z.number().int().nonnegative().default(0), limit: z.number().int().min(1).max(1000).default(100) })
      .strict(),
    result: 'json',
  },
  /** ROI per group (DOMAIN.md metrics), every media buy of the plan, one "(unattributed)" row, a total. */
  'roi.get': { input: roiInput, result: 'json' },
  /** The formula, the inputs and the rows behind one figure of the ROI table. */
  'roi.explain': { input: roiExplainInput, result: 'json' },
  /** One media buy (null: the unattributed) by keyword, by day, and its entrants. */
  'roi.drill': { input: roiDrillInput, result: 'json' },
  /** Days from entry to redemption, overall or for one media buy (null: unattributed entries). */
  'roi.timing': { input: roiScope.extend({ mediaBuyId: z.string().max(200).nullable().optional() }).strict(), result: 'json' },
  /** The filters' choices (media types, markets, channels): the keys of ROI's groupings, without computing ROI. */
  'roi.filterValues': { input: none, result: 'json' },
  /** Explore: the fields a pivot can use (built-in, then the custom attributes of imported entries). */
  'pivot.fields': { input: none, result: 'json' },
  /**
   * Arrow: the pivot (columns r0.., c0.., level, col_total, m0..). With `requestId`, pivot.cancel
   * interrupts it (a newer change superseded it): it then fails with CANCELLED.
   */
  'pivot.run': {
    // estimate: see runPivot (an estimate carries lo0.., hi0.. bound columns; never for exports or the CLI).
    input: pivotSpec.extend({ requestId: taskId.optional(), estimate: z.enum(['when_slow', 'always']).optional() }),
    result: 'arrow',
  },
  // The pivot limited to a brushed range of entry days (its filters are the others): pivot/brush.ts.
  'pivot.brush': {
    input: pivotSpec.extend({ requestId: taskId.optional(), range: z.object({ from: isoDay, to: isoDay }).strict() }),
    result: 'arrow',
  },
  /**
   * Arrow: the pivot's brush index for the renderer to answer each brush move itself (pivot/brush.ts),
   * or one row of `ace_no_index` (why not: then each move asks pivot.brush).
   */
  'pivot.brushIndex': { input: pivotSpec, result: 'arrow' },
  'pivot.cancel': { input: z.object({ requestId: taskId }).strict(), result: 'json' },
  /** A field's values with entry counts under the other filters (for filter lists with search). */
  'pivot.values': { input: pivotValuesInput, result: 'json' },
  /** Arrow: a page of the entries behind a cell (its filters), in entry time order. */
  'pivot.rows': { input: pivotRowsInput.extend({ requestId: taskId.optional() }), result: 'arrow' },
  'pivot.count': { input: z.object({ filters: pivotRowsInput.shape.filters }).strict(), result: 'json' },
  'views.list': { input: none, result: 'json' },
  /** Saves a view (new without viewId, else replaces it). */
  'views.save': { input: savedViewInput, result: 'json' },
  'views.delete': { input: z.object({ viewId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict(), result: 'json' },
  /** Segments: saved rules over entrants (latest version of each). */
  'segments.list': { input: none, result: 'json' },
  /** Ready-made behaviour segments (editable rules). */
  'segments.templates': { input: none, result: 'json' },
  /** Saves a new segment, or a new version of one (segmentId given). */
  'segments.save': { input: segmentSaveInput, result: 'json' },
  /** People matching a rule, and how many may be messaged per channel (DOMAIN.md consent). */
  'segments.count': { input: segmentCountInput, result: 'json' },
  'segments.preview': { input: segmentPreviewInput, result: 'json' },
  'segments.breakdown': { input: segmentBreakdownInput, result: 'json' },
  'segments.overlap': { input: segmentOverlapInput, result: 'json' },
  ...geoMethods,
  ...deliverMethods,
  ...syncMethods,
  ...outcomesMethods,
  ...repliesMethods,
  ...rulesMethods,
  ...fraudMethods,
  ...drawMethods,
  ...exportLogMethods,
  ...messageMethods,
  ...watchMethods,
  ...objectiveMethods,
  ...dashboardMethods,
  ...jobMethods,
} as const satisfies Record<string, { input: z.ZodType; result: 'json' | 'arrow' }>;

export type MethodName = keyof typeof methods;
export type MethodInput<M extends MethodName> = z.input<(typeof methods)[M]['input']>;

export interface MethodOutputs
  extends
    GeoOutputs,
    DeliverOutputs,
    SyncOutputs,
    OutcomesOutputs,
    RepliesOutputs,
    RulesOutputs,
    FraudOutputs,
    DrawOutputs,
    ExportLogOutputs,
    MessageOutputs,
    WatchOutputs,
    ObjectiveOutputs,
    DashboardOutputs,
    JobOutputs {
  'app.info': AppInfo;
  'workspace.info': WorkspaceInfo | null;
  'workspace.open': WorkspaceInfo;
  'workspace.create': WorkspaceInfo;
  'workspace.createTeamLake': WorkspaceInfo;
  'workspace.openDemo': WorkspaceInfo;
  'workspace.recent': { path: string; name: string; openedAt: string; exists: boolean }[];
  'workspace.pick': WorkspaceInfo | null;
  'workspace.pickNew': WorkspaceInfo | null;
  'overview.get': Overview;
  'overview.entriesPerDay': Uint8Array;
  'import.preview': ImportPreview;
  'import.run': ImportReport;
  'import.cancel': { cancelled: boolean };
  'import.pickFiles': { paths: string[] };
  'app.printToPdf': { pdfBase64: string };
  'import.uploadBegin': { uploadId: string };
  'import.uploadChunk': { received: number };
  'import.uploadFinish': { path: string };
  'import.uploadDiscard': { discarded: boolean };
  'import.history': ImportHistoryItem[];
  'import.rejects': { total: number; rows: { line: number; reason: string; raw: Record<string, unknown> | null }[] };
  'roi.get': RoiResult;
  'roi.explain': RoiExplanation;
  'roi.drill': RoiDrill;
  'roi.timing': RoiTiming;
  'roi.filterValues': RoiFilterValues;
  'pivot.fields': PivotFieldInfo[];
  'pivot.run': Uint8Array;
  'pivot.brush': Uint8Array;
  'pivot.brushIndex': Uint8Array;
  'pivot.cancel': { cancelled: boolean };
  'pivot.values': { values: { value: string | null; entries: number }[]; more: boolean };
  'pivot.rows': Uint8Array;
  'pivot.count': { entries: number };
  'views.list': SavedView[];
  'views.save': SavedView;
  'views.delete': { deleted: boolean };
  'segments.list': SegmentInfo[];
  'segments.templates': { name: string; description: string; rule: SegmentRule }[];
  'segments.save': SegmentInfo;
  'segments.count': SegmentCount;
  'segments.preview': Record<string, unknown>[];
  'segments.breakdown': { value: string | null; people: number }[];
  'segments.overlap': {
    segments: { segmentId: string; name: string; people: number }[];
    pairs: { a: string; b: string; people: number }[];
  };
}
export type MethodOutput<M extends MethodName> = MethodOutputs[M];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
