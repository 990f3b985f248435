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

export const outcomesMethods = {
  'outcomes.results': { input: outcomesInput, result: 'json' },
} as const;

export interface OutcomesOutputs {
  'outcomes.results': OutcomesResult;
}
