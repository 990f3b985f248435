import { z } from 'zod';
import type { JobKind, JobOutput } from './events';
import { dashboardPdfInput } from './dashboards';
import { personalColumns } from './exportLog';
import { pivotFilter } from './pivot';
import { roiInput } from './roi';
import { segmentExportInput } from './segments';

/**
 * Jobs: long work with an id, a kind, progress (`task.progress` with `kind`), cancel, and a file as
 * its output (`task.finished` with `output`). A start method answers at once with the job's id; the
 * file is written while the job runs, never returned inside a JSON reply.
 *
 * Where the file goes: with `path` (the desktop app's save dialog, via `jobs.pickSavePath`; the CLI),
 * there; without it (browser mode), a private temp file the web host serves once at `downloadUrl`.
 * `jobId` lets the caller follow its events from the first one (it subscribes before it starts).
 */
const jobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const target = {
  jobId: jobId.optional(),
  /** Desktop/CLI: the file to write (absolute). Browser mode refuses it: it downloads instead. */
  path: z.string().min(1).max(4096).optional(),
};
const drawId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const jobMethods = {
  /** Jobs running or finished lately (exports, PDFs), and running imports and pushes. */
  'jobs.list': { input: z.object({}).strict(), result: 'json' },
  'jobs.get': { input: z.object({ jobId }).strict(), result: 'json' },
  /** Cancels a job (an export, an import, a push). A cancelled export leaves no file. */
  'jobs.cancel': { input: z.object({ jobId }).strict(), result: 'json' },
  /**
   * Host-level: where to save a job's file. The desktop app answers with its save dialog (null when the
   * person cancels); the core's default answers a free name in ~/Downloads; browser mode: UNSUPPORTED.
   */
  'jobs.pickSavePath': {
    input: z
      .object({
        fileName: z.string().min(1).max(255),
        filters: z
          .array(z.object({ name: z.string().max(80), extensions: z.array(z.string().regex(/^[a-z0-9]{1,8}$/)).max(8) }).strict())
          .max(4)
          .default([]),
      })
      .strict(),
    result: 'json',
  },
  /** Members of a rule as CSV or XLSX (one path for both), chosen columns, spreadsheet-safe. */
  'segments.export': {
    input: segmentExportInput
      .extend({
        format: z.enum(['csv', 'xlsx']).default('csv'),
        /** What is exported, in words, for the export log ("Segment “Redeemers” members"). */
        what: z.string().min(1).max(300).optional(),
        fileName: z.string().min(1).max(255).optional(),
        ...target,
      })
      .strict(),
    result: 'json',
  },
  /** Every entry behind Explore's filters, streamed by DuckDB to the file (flat memory at any size). */
  'pivot.exportRows': {
    input: z
      .object({
        filters: z.array(pivotFilter).max(60).default([]),
        format: z.enum(['csv', 'tsv']).default('csv'),
        /** Personal columns to include (none unless chosen); a file with any is recorded in the export log. */
        personal: personalColumns.default([]),
        /** What the rows are, in words, for the export log ("Explore drill: Radio › sms"). */
        what: z.string().min(1).max(300).optional(),
        fileName: z.string().min(1).max(255).optional(),
        ...target,
      })
      .strict(),
    result: 'json',
  },
  /** Every reject of an import as CSV (line, reason, the original values). */
  'import.exportRejects': { input: z.object({ importId: z.number().int().positive(), ...target }).strict(), result: 'json' },
  /** The dashboard or presentation PDF (pdfkit), written to the file as it is made. */
  'dashboards.exportPdf': { input: dashboardPdfInput.extend(target), result: 'json' },
  /** The draw's audit report PDF. */
  'draw.exportReport': { input: z.object({ drawId, ...target }).strict(), result: 'json' },
  /** The public winners list (prize, value, first name and last initial, city, state) as CSV; logged as personal data. */
  'draw.exportWinners': { input: z.object({ ...target }).strict(), result: 'json' },
  /**
   * The ROI table as CSV or XLSX (every group, the unattributed row, the total; the metric catalogue's
   * headers and number formats), or spend and revenue per group as an SVG chart.
   */
  'roi.export': {
    input: roiInput
      .extend({ format: z.enum(['csv', 'xlsx', 'svg']).default('csv'), fileName: z.string().min(1).max(255).optional(), ...target })
      .strict(),
    result: 'json',
  },
} as const;

/** The few job methods whose input is bigger by nature (a PDF's chart images). */
export const JOB_BODY_LIMITS = { 'dashboards.exportPdf': 48 * 1024 * 1024 } as const;

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobInfo {
  jobId: string;
  kind: JobKind;
  label: string;
  state: JobState;
  done: number;
  total: number;
  rows?: number;
  cancellable: boolean;
  message?: string;
  output?: JobOutput;
  startedAt: string;
}

export interface JobStarted {
  jobId: string;
  fileName: string;
}

export interface JobOutputs {
  'jobs.list': JobInfo[];
  'jobs.get': JobInfo;
  'jobs.cancel': { cancelled: boolean };
  'jobs.pickSavePath': { path: string | null };
  'segments.export': JobStarted;
  'pivot.exportRows': JobStarted;
  'import.exportRejects': JobStarted;
  'dashboards.exportPdf': JobStarted;
  'draw.exportReport': JobStarted;
  'draw.exportWinners': JobStarted;
  'roi.export': JobStarted;
}
