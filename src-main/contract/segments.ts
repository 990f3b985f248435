import { z } from 'zod';
import { isoDay } from './day';
import { pivotFilter } from './pivot';
import { REPLY_TYPES } from './replies';

/**
 * Segments: saved, versioned rules over entrants (people, not rows). A rule is data (JSON): groups
 * combine conditions with all / any / not; every condition names a field from a fixed list.
 */

/** What a person answered or is: their latest non-empty answer across their entries. */
export const PERSON_TEXT_FIELDS = ['zip', 'zip3', 'state', 'market', 'product_affinity', 'purchase_timeframe'] as const;
/** Matches when any of their entries has one of the values. */
export const RESPONSE_FIELDS = ['channel', 'keyword', 'media_buy', 'media_type'] as const;
/** Numbers about the person. */
export const PERSON_NUMBER_FIELDS = ['age', 'entries', 'redemptions', 'redemption_amount'] as const;

const text = z.string().max(300);
const day = isoDay;
const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const segmentCondition = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('answer'),
      field: z.union([z.enum(PERSON_TEXT_FIELDS), z.string().regex(/^attr:.{1,128}$/s)]),
      values: z.array(text.nullable()).min(1).max(2000),
    })
    .strict(),
  z.object({ type: z.literal('response'), field: z.enum(RESPONSE_FIELDS), values: z.array(text).min(1).max(2000) }).strict(),
  z
    .object({
      type: z.literal('number'),
      field: z.enum(PERSON_NUMBER_FIELDS),
      min: z.number().nullable().default(null),
      max: z.number().nullable().default(null),
    })
    .strict(),
  z
    .object({
      type: z.literal('entered'),
      first: z.boolean().default(false),
      from: day.nullable().default(null),
      to: day.nullable().default(null),
    })
    .strict(),
  z.object({ type: z.literal('redeemed'), value: z.boolean() }).strict(),
  /** Entered at least `days` ago (before the data's last entry) and did not redeem within `days` of their first entry. */
  z.object({ type: z.literal('not_redeemed_within'), days: z.number().int().min(1).max(365) }).strict(),
  z.object({ type: z.literal('store'), values: z.array(text).min(1).max(500) }).strict(),
  /** Their zip's centre within `miles` of a store, of any store (`anyStore`), or of a zip's centre. */
  z
    .object({
      type: z.literal('near'),
      store: text.optional(),
      anyStore: z.literal(true).optional(),
      zip: z
        .string()
        .regex(/^\d{5}$/)
        .optional(),
      miles: z.number().positive().max(500),
    })
    .strict(),
  z.object({ type: z.literal('reachable'), channel: z.enum(['email', 'sms']) }).strict(),
  z.object({ type: z.literal('segment'), segmentId: id }).strict(),
  /** Has at least one entry matching Explore's filters (a pivot cell, or several: any of them). */
  z.object({ type: z.literal('entries'), filters: z.array(pivotFilter).max(60) }).strict(),
  /** Wrote back (replies: inbound texts, survey answers): of these types, with all these words, a theme, tied to these media buys. */
  z
    .object({
      type: z.literal('replied'),
      types: z.array(z.enum(REPLY_TYPES)).max(3).optional(),
      text: z.string().max(200).optional(),
      theme: z.string().trim().max(60).optional(),
      mediaBuys: z.array(z.string().max(200)).max(500).optional(),
    })
    .strict(),
]);
export type SegmentCondition = z.infer<typeof segmentCondition>;

export type SegmentRule = SegmentCondition | { all: SegmentRule[] } | { any: SegmentRule[] } | { not: SegmentRule };
export const segmentRule: z.ZodType<SegmentRule> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(segmentRule).max(100) }).strict(),
    z.object({ any: z.array(segmentRule).min(1).max(100) }).strict(),
    z.object({ not: segmentRule }).strict(),
    segmentCondition,
  ]),
) as z.ZodType<SegmentRule>;

export const segmentCountInput = z.object({ rule: segmentRule }).strict();
export const segmentPreviewInput = z.object({ rule: segmentRule, limit: z.number().int().min(1).max(500).default(100) }).strict();
/** Any person field, any response list (a person counts under each value they have), or a custom attribute. */
export const segmentBreakdownInput = z
  .object({
    rule: segmentRule,
    by: z.union([
      z.enum(PERSON_TEXT_FIELDS),
      z.enum(['age_band', 'channel', 'keyword', 'media_buy', 'media_type', 'store', 'redeemed', 'reachable_email', 'reachable_sms']),
      z.string().regex(/^attr:.{1,128}$/s),
    ]),
  })
  .strict();
export const segmentOverlapInput = z.object({ segmentIds: z.array(id).min(2).max(6) }).strict();
export const segmentSaveInput = z.object({ segmentId: id.optional(), name: z.string().min(1).max(120), rule: segmentRule }).strict();
export const segmentExportInput = z
  .object({
    rule: segmentRule,
    /** Person columns to export; PII (names, email, phone) only when listed. */
    columns: z
      .array(
        z.enum([
          'entrant_id',
          'first_name',
          'last_name',
          'email',
          'phone',
          'zip',
          'state',
          'age',
          'entries',
          'first_entry',
          'last_entry',
          'redemptions',
          'redemption_amount',
          'reachable_email',
          'reachable_sms',
        ]),
      )
      .min(1)
      .max(20),
  })
  .strict();

export interface SegmentCount {
  people: number;
  reachable: { email: number; sms: number };
  /** Of the reachable, how many the workspace's frequency cap holds back now (null: no cap set). */
  heldByCap: { email: number; sms: number } | null;
}

export interface SegmentInfo {
  segmentId: string;
  version: number;
  name: string;
  rule: SegmentRule;
  createdAt: string;
  /** Set when the saved rule no longer fits (a field or segment it names is gone). */
  problem?: string;
}
