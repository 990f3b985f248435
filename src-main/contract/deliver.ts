import { z } from 'zod';
import type { ConnectionTest, PushFailure } from './deliver-failure';

export * from './deliver-failure';

/**
 * Deliver: pushing a saved segment to a sending service. A push is planned whole (numbered batches,
 * stable idempotency keys, only people who may be messaged on the channel) before its first request,
 * then sent batch by batch; it resumes after a crash without sending a delivered batch again.
 */

export const PUSH_CHANNELS = ['email', 'sms'] as const;
export type PushChannel = (typeof PUSH_CHANNELS)[number];

/** Person fields a push may carry to the sending service (beside the address). */
export const PUSH_FIELDS = [
  'first_name',
  'last_name',
  'zip',
  'state',
  'market',
  'age',
  'product_affinity',
  'purchase_timeframe',
  'coupon_code',
  'entries',
  'redemptions',
  'last_entry',
] as const;
export type PushField = (typeof PUSH_FIELDS)[number];

/** Why a member of the segment is not in the push. */
export const EXCLUSION_REASONS = [
  'no_address',
  'no_consent',
  'opted_out',
  'invalid_address',
  'duplicate_address',
  'already_sent',
  'frequency_cap',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** At most `max` messages per person per `days` days on each channel, across all pushes (deliver/cap.ts). */
export const frequencyCap = z.object({ max: z.number().int().min(1).max(100), days: z.number().int().min(1).max(365) }).strict();
export type FrequencyCap = z.infer<typeof frequencyCap>;

/** What one message costs on each channel, in the workspace's currency (null: not known): push results' cost. */
const perMessage = z.number().min(0).max(100).nullable();
export const messageCosts = z.object({ email: perMessage, sms: perMessage }).strict();
export type MessageCosts = z.infer<typeof messageCosts>;
/** https anywhere; plain http only to this machine (a local relay or test server). */
export const endpointUrl = z
  .string()
  .max(2000)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname));
    } catch {
      return false;
    }
  }, 'an https:// URL (plain http:// only to 127.0.0.1 or localhost)');

export const connectorConfig = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('webhook'), endpoint: endpointUrl, timeoutMs: z.number().int().min(1000).max(120_000).default(15_000) })
    .strict(),
  z
    .object({
      kind: z.literal('sendgrid'),
      listIds: z.array(z.string().min(1).max(100)).max(10).default([]),
      baseUrl: endpointUrl.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('mailchimp'), listId: z.string().min(1).max(100), baseUrl: endpointUrl.optional() }).strict(),
  z.object({ kind: z.literal('csv'), folder: z.string().min(1).max(4096) }).strict(),
]);
export type ConnectorConfig = z.infer<typeof connectorConfig>;

export interface ConnectorInfo {
  connectorId: string;
  name: string;
  config: ConnectorConfig;
  /** Whether a secret (signing secret, API key) is available to this app for it: never the secret itself. */
  hasSecret: boolean;
  /** Where the secret is kept: the OS keychain (desktop), an environment variable, or this session's memory. */
  secretSource: 'keychain' | 'env' | 'session' | 'none';
}

const pushTarget = {
  segmentId: id,
  /** A saved version; the latest when left out. */
  version: z.number().int().positive().optional(),
  channel: z.enum(PUSH_CHANNELS),
  fields: z.array(z.enum(PUSH_FIELDS)).max(PUSH_FIELDS.length).default(['first_name']),
  /** A message template to carry, rendered per person (its merge fields are sent too). */
  templateId: id.optional(),
  /**
   * Hold out this share of the people who may be messaged: they are sent nothing, and the push's results
   * compare them with the recipients (docs/lift-method.md). Chosen by the seed, recorded with the push.
   */
  holdout: z
    .object({
      share: z.number().min(0.01).max(0.5),
      seed: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/)
        .optional(),
    })
    .strict()
    .optional(),
};
export type Holdout = { share: number; seed?: string };

/**
 * The connector: a saved one, or (the command line) one given inline, whose secret the host holds for
 * this session only. Neither is refused with "Choose a connector".
 */
const pushConnector = { connectorId: id.optional(), config: connectorConfig.optional() };
export const pushPreviewInput = z.object({ ...pushTarget, ...pushConnector }).strict();
export const pushStartInput = z.object({ ...pushTarget, ...pushConnector, dryRun: z.boolean().default(false) }).strict();

export interface PushPreview {
  segment: { id: string; name: string; version: number };
  channel: PushChannel;
  people: number;
  /** People who will get the message: one address each (the held-out not counted). */
  reachable: number;
  /** People who could be messaged but are held out to measure the lift (0 without a holdout). */
  heldOut: number;
  excluded: Record<ExclusionReason, number>;
  batches: number;
  batchSize: number;
  /** The first request as it would be sent (the first contacts of batch 1). */
  samplePayload: unknown;
}

export type PushStatus = 'planned' | 'sending' | 'interrupted' | 'done' | 'done_with_failures' | 'failed' | 'cancelled' | 'dry_run';

export interface PushInfo {
  pushId: string;
  segment: { id: string; name: string; version: number };
  channel: PushChannel;
  connector: { id: string | null; kind: string; target: string };
  status: PushStatus;
  createdAt: string;
  finishedAt: string | null;
  createdBy: string | null;
  dryRun: boolean;
  retryOf: string | null;
  scheduleId: string | null;
  lastError: string | null;
  /** Why it stopped or failed, classified (unreachable, bad credentials, refused...); null when nothing failed. */
  failure: PushFailure | null;
  counts: { planned: number; accepted: number; rejected: number; failed: number; suppressed: number; pending: number; heldOut: number };
  /** The holdout the push was planned with: its share, seed (to re-run the split) and people. */
  holdout: { share: number; seed: string; people: number } | null;
  batches: { total: number; sent: number; failed: number; pending: number };
  excluded: Record<ExclusionReason, number>;
}

export interface PushDetail extends PushInfo {
  /** Contacts not delivered, with the service's reason (first 500). */
  problems: { contactId: string; address: string; status: string; reason: string | null }[];
}

export const scheduleSaveInput = z
  .object({
    scheduleId: id.optional(),
    segmentId: id,
    connectorId: id,
    channel: z.enum(PUSH_CHANNELS),
    fields: z.array(z.enum(PUSH_FIELDS)).max(PUSH_FIELDS.length).default(['first_name']),
    /** First run, local time ISO (YYYY-MM-DDTHH:MM). */
    firstRunAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/),
    /** Repeat every N days (a recurring push sends only people it has not sent to before); once when left out. */
    everyDays: z.number().int().min(1).max(365).optional(),
    /**
     * Send to each person at their best hour in their local time (outcomes/best-time.ts) over the 24 hours
     * from the first run, instead of to everyone at once; the last run sends to anyone left (their hour passed
     * while nothing ran). Once only (not with everyDays).
     */
    atBestHour: z.boolean().default(false),
  })
  .strict();

export interface ScheduleInfo {
  scheduleId: string;
  segmentId: string;
  segmentName: string | null;
  connectorId: string;
  channel: PushChannel;
  fields: PushField[];
  everyDays: number | null;
  /** Sends to each person at their best local hour until `until` (the first run + 24 hours). */
  atBestHour: boolean;
  until: string | null;
  nextRunAt: string | null;
  lastRunAt: string | null;
  enabled: boolean;
  /** The latest run: the push it started, or why it could not start (background failures are shown, not lost). */
  lastRun?: { at: string; pushId: string | null; error: string | null } | null;
}

export const deliverMethods = {
  'connectors.list': { input: z.object({}).strict(), result: 'json' },
  /** Saves a connector; its secret (if given) goes to the secret store, never the workspace. */
  'connectors.save': {
    input: z
      .object({
        connectorId: id.optional(),
        name: z.string().min(1).max(120),
        config: connectorConfig,
        secret: z.string().min(1).max(4096).optional(),
      })
      .strict(),
    result: 'json',
  },
  'connectors.delete': { input: z.object({ connectorId: id }).strict(), result: 'json' },
  /**
   * One harmless signed request to the service (webhook: an `ace.push.ping`; SendGrid: its scopes;
   * Mailchimp: the audience), and what came back. A saved connector, or the form's values before
   * saving (the secret typed in, else the saved one); the secret never comes back.
   */
  'connectors.test': {
    input: z
      .object({ connectorId: id.optional(), config: connectorConfig.optional(), secret: z.string().min(1).max(4096).optional() })
      .strict(),
    result: 'json',
  },
  /** Who would get the message and who not, and why; the first request as it would be sent. */
  'push.preview': { input: pushPreviewInput, result: 'json' },
  /** Plans the push and starts sending in the background (progress as task events). */
  'push.start': { input: pushStartInput, result: 'json' },
  'push.list': { input: z.object({}).strict(), result: 'json' },
  'push.get': { input: z.object({ pushId: id }).strict(), result: 'json' },
  /** A new push of just the contacts that failed or were rejected (consent checked again). */
  'push.retryFailed': { input: z.object({ pushId: id }).strict(), result: 'json' },
  'push.resume': { input: z.object({ pushId: id }).strict(), result: 'json' },
  'push.cancel': { input: z.object({ pushId: id }).strict(), result: 'json' },
  /**
   * The push's segment run again as the push saw it: on a lake at the snapshot the push read (the same people
   * however much was imported since), on a DuckDB file on today's data; compared with what the push recorded.
   */
  'push.rerunSegment': { input: z.object({ pushId: id }).strict(), result: 'json' },
  /** The workspace's frequency cap (null: none). */
  'push.cap': { input: z.object({}).strict(), result: 'json' },
  /** Sets the cap, or removes it with null; applied to every push planned or batch sent from now on. */
  'push.setCap': { input: z.object({ cap: frequencyCap.nullable() }).strict(), result: 'json' },
  /** What a message costs per channel (both null until set). */
  'push.costs': { input: z.object({}).strict(), result: 'json' },
  'push.setCosts': { input: z.object({ costs: messageCosts }).strict(), result: 'json' },
  'schedules.list': { input: z.object({}).strict(), result: 'json' },
  'schedules.save': { input: scheduleSaveInput, result: 'json' },
  'schedules.delete': { input: z.object({ scheduleId: id }).strict(), result: 'json' },
} as const;

/** A push's segment run again (push.rerunSegment). */
export interface SegmentRerun {
  pushId: string;
  /** The lake snapshot it was run at (null: a DuckDB file, run on today's data). */
  snapshot: number | null;
  /** People the segment matched when the push was planned (null: planned before pushes recorded it). */
  recorded: number | null;
  /** People it matches run again (at the snapshot on a lake). */
  again: number;
  /** People it matches on today's data. */
  now: number;
  /** The same people as recorded (not just as many). */
  same: boolean;
  message: string;
}

export interface DeliverOutputs {
  'connectors.list': ConnectorInfo[];
  'connectors.save': ConnectorInfo;
  'connectors.delete': { deleted: boolean };
  'connectors.test': ConnectionTest;
  'push.preview': PushPreview;
  'push.start': PushInfo;
  'push.list': PushInfo[];
  'push.get': PushDetail;
  'push.retryFailed': PushInfo;
  'push.resume': PushInfo;
  'push.cancel': { cancelled: boolean };
  'push.rerunSegment': SegmentRerun;
  'push.cap': FrequencyCap | null;
  'push.setCap': FrequencyCap | null;
  'push.costs': MessageCosts;
  'push.setCosts': MessageCosts;
  'schedules.list': ScheduleInfo[];
  'schedules.save': ScheduleInfo;
  'schedules.delete': { deleted: boolean };
}
