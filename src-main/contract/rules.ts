import { z } from 'zod';
import { isoDay } from './day';

/**
 * The campaign's official rules as data (DOMAIN.md, "Valid entries and odds"): what makes an entry valid.
 * Every entry is valid or invalid with its reasons; nothing is deleted (docs/rules.md).
 */
export const VALIDITY_REASONS = ['outside_period', 'over_limit', 'under_age', 'ineligible_state', 'excluded', 'fraud'] as const;
export type ValidityReason = (typeof VALIDITY_REASONS)[number];
export const ODDS = ['entry', 'person'] as const;

/** A moment in the campaign's time zone: a day (its start, or for an end its last moment) or a day and time. */
const moment = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/, 'a date as YYYY-MM-DD, or a date and time as YYYY-MM-DD HH:MM[:SS]')
  .refine((s) => isoDay.safeParse(s.slice(0, 10)).success, 'a date that exists')
  .refine((s) => s.length === 10 || (Number(s.slice(11, 13)) < 24 && Number(s.slice(14, 16)) < 60), 'a time of day that exists');
const limit = z.number().int().min(1).max(1_000_000).nullable().default(null);
const STATE = /^[A-Z]{2}$/;

export const officialRules = z
  .object({
    /** When entries count, in the campaign's time: a date alone starts at 00:00 and ends at the end of that day. */
    entryPeriod: z.object({ start: moment, end: moment }).strict().nullable().default(null),
    /** At most this many entries per person per calendar day / over the campaign / per keyword; the earliest count. */
    limits: z
      .object({ perDay: limit, perCampaign: limit, perKeyword: limit })
      .strict()
      .default({ perDay: null, perCampaign: null, perKeyword: null }),
    /** People known to be younger are not eligible (age as their latest entry gives it). */
    minAge: z.number().int().min(0).max(120).nullable().default(null),
    /** Where entrants must live (USPS codes, from their latest zip); empty = everywhere ("void where prohibited" is the rest). */
    eligibleStates: z.array(z.string().trim().toUpperCase().regex(STATE, 'a two-letter state code')).max(70).default([]),
    /** Emails, phone numbers or entrant ids of people who may not enter (employees, agencies). */
    excluded: z.array(z.string().trim().min(1).max(320)).max(100_000).default([]),
    /** Each valid entry one chance (one prize per person), or each valid entrant one chance. */
    odds: z.enum(ODDS).default('entry'),
    /** Days a notified winner has to return the signed release (affidavit) before an alternate is used; none when null. */
    claimDays: z.number().int().min(1).max(365).nullable().default(null),
    /** The prizes as the official rules list them: per tier how many and the approximate retail value (ARV) of each. */
    prizes: z
      .array(
        z
          .object({
            tier: z.string().trim().min(1).max(120),
            count: z.number().int().min(1).max(1_000_000),
            arv: z.number().min(0).max(100_000_000),
          })
          .strict(),
      )
      .max(100)
      .default([]),
  })
  .strict()
  .refine((r) => !r.entryPeriod || r.entryPeriod.start <= r.entryPeriod.end, {
    message: 'The entry period ends before it starts.',
    path: ['entryPeriod'],
  });
export type OfficialRules = z.output<typeof officialRules>;

/** A compliance point: what to do, by when when it has a deadline, and where the rule comes from. Not legal advice. */
export interface ComplianceNote {
  id: string;
  level: 'warning' | 'info';
  text: string;
  /** YYYY-MM-DD; overdue when before today. */
  due: string | null;
  overdue: boolean;
  source: string;
}

export interface ComplianceSummary {
  /** Sum of count × ARV over the prizes. */
  totalArv: number;
  notes: ComplianceNote[];
  /** Per tier, as of now: the odds of winning it, from the valid entries (or entrants) so far. */
  odds: { tier: string; count: number; arv: number; chances: number; oneIn: number | null; text: string }[];
  asOf: string;
}

export interface RulesInfo {
  rules: OfficialRules;
  /** 0 while none were saved (then every entry is valid). */
  version: number;
  savedAt: string | null;
}

export interface ValidityCounts {
  entries: number;
  validEntries: number;
  entrants: number;
  validEntrants: number;
}

export interface ValiditySummary extends ValidityCounts {
  rulesVersion: number;
  /** Entries invalid for each reason (an entry may have several). */
  invalidBy: Record<ValidityReason, number>;
  /** People the age or residence rule could not be checked for (no age, or no zip a state is known for): valid, to be checked at the claim. */
  unknownAge: number | null;
  unknownState: number | null;
  /** Exclusion list lines that match nobody (a typo there would let an employee win). */
  unmatchedExclusions: string[];
  byMediaBuy: (ValidityCounts & { mediaBuyId: string | null; name: string | null; spend: number; costPerValidEntry: number | null })[];
}

export const rulesMethods = {
  'rules.get': { input: z.object({}).strict(), result: 'json' },
  /** Saves a new version of the official rules; every entry's validity follows. */
  'rules.save': { input: z.object({ rules: officialRules }).strict(), result: 'json' },
  'rules.validity': { input: z.object({}).strict(), result: 'json' },
  /** Prize value, registration and bonding warnings, tax-form thresholds and the odds statement, with sources. */
  'rules.compliance': { input: z.object({}).strict(), result: 'json' },
} as const;

export interface RulesOutputs {
  'rules.get': RulesInfo;
  'rules.save': RulesInfo;
  'rules.validity': ValiditySummary;
  'rules.compliance': ComplianceSummary;
}
