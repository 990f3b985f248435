import { z } from 'zod';

/**
 * Fraud flags: people whose entries look like one person entering as many, or like automation, each flag
 * with its evidence and a score; a reviewer confirms or clears each person (recorded), and confirmed fraud
 * makes their entries invalid (docs/rules.md).
 */
export const FRAUD_FLAGS = [
  'disposable_email',
  'mailbox_variants',
  'patterned_addresses',
  'shared_phone',
  'burst',
  'zip_state_mismatch',
] as const;
export type FraudFlag = (typeof FRAUD_FLAGS)[number];
export const FRAUD_DECISIONS = ['confirmed', 'cleared'] as const;

const entrantId = z.string().regex(/^P[0-9A-F]{16}$/, 'an entrant id (P and 16 hex digits)');

export const fraudListInput = z
  .object({
    /** open: flagged, not reviewed; reviewed: confirmed or cleared; all. */
    status: z.enum(['open', 'confirmed', 'cleared', 'all']).default('all'),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).max(10_000_000).default(0),
  })
  .strict();

export const fraudReviewInput = z
  .object({ entrantId, decision: z.enum(FRAUD_DECISIONS), note: z.string().trim().max(500).default('') })
  .strict();

export interface FraudPerson {
  entrantId: string;
  score: number;
  flags: { flag: FraudFlag; weight: number; evidence: string }[];
  name: string | null;
  email: string | null;
  phone: string | null;
  entries: number;
  review: { decision: 'confirmed' | 'cleared'; note: string; by: string | null; at: string } | null;
}

export interface FraudList {
  /** People flagged (by status), and how many of each flag among everyone flagged. */
  total: number;
  byFlag: Record<FraudFlag, number>;
  reviewed: { confirmed: number; cleared: number };
  people: FraudPerson[];
}

export const fraudMethods = {
  'fraud.list': { input: fraudListInput, result: 'json' },
  /** Records a reviewer's decision on a flagged person; confirmed fraud makes their entries invalid. */
  'fraud.review': { input: fraudReviewInput, result: 'json' },
} as const;

export interface FraudOutputs {
  'fraud.list': FraudList;
  'fraud.review': FraudPerson;
}
