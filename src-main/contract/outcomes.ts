import { z } from 'zod';
import type { MessageEvent } from './types';

/**
 * Outcomes: what happened after each push. The sending services' events (imported as `message_events`)
 * tied back to the pushes, and what the recipients did afterwards (entries, redemptions, revenue within
 * a window), compared with the people a push held out (docs/outcomes.md, docs/lift-method.md).
 */

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const outcomesInput = z
  .object({
    /** One push; every push (not dry runs) when left out. */
    pushId: id.optional(),
    /** Days after the send in which entries, redemptions and revenue count (default 14). */
    windowDays: z.number().int().min(1).max(365).default(14),
  })
  .strict();

/** How many people of a push had each event (each person once per event). */
export type EventCounts = Record<MessageEvent, number>;

/** What a group of people did in the window after the send. */
export interface GroupResult {
  people: number;
  /** People with at least one entry / redemption in the window, and the totals. */
  entrants: number;
  entries: number;
  redeemers: number;
  redemptions: number;
  /** Sum of order amounts of those redemptions (to the cent, as a decimal string's number). */
  revenue: number;
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** Sent against held out (docs/lift-method.md); null parts when a group is too small to say. */
export interface LiftSummary {
  heldOut: GroupResult;
  rateDiff: Interval | null;
  revenueDiff: Interval | null;
  incrementalRedemptions: Interval | null;
  incrementalRevenue: Interval | null;
  significant: { rate: boolean; revenue: boolean };
  pValue: { rate: number | null; revenue: number | null };
  note: string | null;
}

export interface PushResult {
  pushId: string;
  segmentName: string;
  channel: string;
  templateId: string | null;
  /** When its first batch went out, on this machine's clock as the push history shows it; null when nothing was sent. */
  sentAt: string | null;
  /** Contacts the service accepted. */
  sent: number;
  events: EventCounts;
  /** Events tied to this push, by how they were tied. */
  linked: { byPushId: number; byBatch: number; byAddress: number };
  recipients: GroupResult;
  /** Present when the push held people out. */
  lift: LiftSummary | null;
  /** sent × the channel's cost per message (Deliver > message costs), to the cent; null while that cost is not set. */
  cost: number | null;
  /** cost / the recipients' redemptions in the window; null when either is missing or zero. */
  costPerRedemption: number | null;
  /** cost / incremental redeemers (the lift's estimate), when the push held people out and that estimate is above zero. */
  costPerIncrementalRedeemer: number | null;
}

export interface OutcomesResult {
  windowDays: number;
  pushes: PushResult[];
  /** Per message template (pushes without one under null): sums of the pushes'. */
  byTemplate: {
    templateId: string | null;
    templateName: string | null;
    pushes: number;
    sent: number;
    events: EventCounts;
    recipients: GroupResult;
  }[];
  /** Imported events that tie to no push (sent by other tools, or before any push to that address). */
  unlinkedEvents: number;
}

/** What counts as someone responding, for the best time to send. */
export const RESPONSE_KINDS = ['opened', 'clicked', 'replied', 'redeemed'] as const;
export type ResponseKind = (typeof RESPONSE_KINDS)[number];

export const bestTimeInput = z
  .object({
    /** A saved segment (id or name; its latest version); everyone when left out. */
    segmentId: z.string().min(1).max(200).optional(),
    responses: z
      .array(z.enum(RESPONSE_KINDS))
      .min(1)
      .max(RESPONSE_KINDS.length)
      .default([...RESPONSE_KINDS]),
  })
  .strict();

/** Responses by day of week (1 = Monday … 7 = Sunday) and hour (0-23) of each person's local time. */
export interface BestTimeResult {
  segment: { id: string; name: string; version: number } | null;
  /** Responses placed in a person's local time, and the people they came from. */
  responses: number;
  people: number;
  /** Responses of people whose zip gives no time zone (missing or unknown): not placed, counted here. */
  withoutZone: number;
  byKind: Record<ResponseKind, number>;
  /** Only the cells with responses. */
  cells: { dow: number; hour: number; responses: number }[];
  /** 24 totals by hour, 7 by day (Monday first). */
  byHour: number[];
  byDay: number[];
  best: { hour: number; hourResponses: number; day: number; dayName: string; dayResponses: number; share: number } | null;
  note: string | null;
}

export const outcomesMethods = {
  'outcomes.results': { input: outcomesInput, result: 'json' },
  'outcomes.bestTime': { input: bestTimeInput, result: 'json' },
} as const;

export interface OutcomesOutputs {
  'outcomes.results': OutcomesResult;
  'outcomes.bestTime': BestTimeResult;
}
