import { z } from 'zod';
import { PUSH_CHANNELS, PUSH_FIELDS, type PushChannel, type PushField } from './deliver';

/**
 * Audience sync (docs/sync.md): keep a list in a sending service equal to a segment as it changes. Upsert adds
 * and updates, never removes; mirror also removes who left (or may no longer be messaged).
 */
export const SYNC_MODES = ['upsert', 'mirror'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

export const SYNC_OPS = ['remove', 'update', 'add'] as const;
export type SyncOp = (typeof SYNC_OPS)[number];

/** Why a person is added, updated or removed (or kept on the list by upsert although they left). */
export const SYNC_REASONS = [
  'joined',
  'address_changed',
  'details_changed',
  'left_segment',
  'opted_out',
  'no_consent',
  'no_address',
  'invalid_address',
  'duplicate_address',
] as const;
export type SyncReason = (typeof SYNC_REASONS)[number];

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const syncSaveInput = z
  .object({
    syncId: id.optional(),
    name: z.string().trim().min(1, 'Name is empty: fill it in').max(120),
    segmentId: id,
    channel: z.enum(PUSH_CHANNELS),
    fields: z.array(z.enum(PUSH_FIELDS)).max(PUSH_FIELDS.length).default([]),
    connectorId: id,
    mode: z.enum(SYNC_MODES),
    /** A run that would remove more than this share of the list (percent) waits for a confirmation. */
    guardPct: z.number().min(0).max(100).default(10),
    /** People per request, below the service's own limit (default: its limit). */
    batchSize: z.number().int().min(1).max(100_000).optional(),
    /** Runs by itself every N hours while the app or ace serve runs (null or left out: when asked). */
    everyHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .nullable()
      .optional(),
  })
  .strict();
export type SyncSaveInput = z.input<typeof syncSaveInput>;

export interface SyncInfo {
  syncId: string;
  name: string;
  segment: { id: string; name: string };
  channel: PushChannel;
  fields: PushField[];
  connectorId: string;
  /** What the connector is (webhook, csv…) and where it points, never a secret. */
  target: string;
  mode: SyncMode;
  guardPct: number;
  batchSize: number | null;
  /** Runs by itself every N hours (null: when asked); the next run (local time), and why the last scheduled one did not run. */
  everyHours: number | null;
  nextRunAt: string | null;
  scheduleNote: string | null;
  /** People on the list as last synced. */
  listSize: number;
  lastRun: SyncRunInfo | null;
}

export type SyncRunStatus = 'sending' | 'done' | 'done_with_failures' | 'interrupted' | 'failed';

export interface SyncRunInfo {
  runId: string;
  syncId: string;
  segmentVersion: number;
  status: SyncRunStatus;
  startedAt: string;
  finishedAt: string | null;
  /** Operations planned by kind; `unchanged` were left alone. */
  planned: Record<SyncOp | 'unchanged', number>;
  /** Operations the service took, by kind. */
  done: Record<SyncOp, number>;
  /** Refused by the service or failed for good. */
  failed: number;
  /** Adds and updates not sent: the person opted out after the run was planned. */
  suppressed: number;
  lastError: string | null;
}

export interface SyncExample {
  op: SyncOp | 'kept';
  contactId: string;
  address: string;
  previousAddress: string | null;
  reason: SyncReason;
}

export interface SyncPreview {
  syncId: string;
  segment: { id: string; name: string; version: number };
  mode: SyncMode;
  listSize: number;
  add: number;
  update: number;
  remove: number;
  unchanged: number;
  /** Upsert only: people on the list who would be removed in mirror mode (never updated or re-added). */
  kept: number;
  /** Each kind's count by reason. */
  reasons: Partial<Record<SyncReason, number>>;
  /** The first few of each kind. */
  examples: SyncExample[];
  /** The removals' share of the list and the guard's limit; over it, a run needs a confirmation. */
  guard: { removeShare: number; limitPct: number; trips: boolean };
  /** The first request as it would be sent (webhook: the JSON body), or null when nothing would change. */
  firstRequest: unknown;
}

export const syncMethods = {
  'sync.list': { input: z.object({}).strict(), result: 'json' },
  /** Saves a sync (a new one without syncId); the connector must be one that can sync (webhook, csv). */
  'sync.save': { input: syncSaveInput, result: 'json' },
  'sync.delete': { input: z.object({ syncId: id }).strict(), result: 'json' },
  /** What the next run would add, update and remove, and why; nothing is sent or recorded. */
  'sync.preview': { input: z.object({ syncId: id }).strict(), result: 'json' },
  /**
   * Plans and sends a run: only the difference from the last synced state. Refused when the guard trips unless
   * `confirmRemovals`, and while an earlier run of the sync is unfinished (resume it).
   */
  'sync.run': { input: z.object({ syncId: id, confirmRemovals: z.boolean().optional() }).strict(), result: 'json' },
  /** Sends what an interrupted run has left, with the same idempotency keys. */
  'sync.resume': { input: z.object({ runId: id }).strict(), result: 'json' },
  /** Stops the sync's run being sent here (it stays resumable: the batch in flight goes again on resume). */
  'sync.cancel': { input: z.object({ syncId: id }).strict(), result: 'json' },
  'sync.runs': { input: z.object({ syncId: id }).strict(), result: 'json' },
} as const;

export interface SyncOutputs {
  'sync.list': SyncInfo[];
  'sync.save': SyncInfo;
  'sync.delete': { deleted: boolean };
  'sync.preview': SyncPreview;
  'sync.run': SyncRunInfo;
  'sync.resume': SyncRunInfo;
  'sync.cancel': { cancelled: boolean };
  'sync.runs': SyncRunInfo[];
}
