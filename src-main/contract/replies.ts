import { z } from 'zod';

/**
 * Replies: what people wrote back (inbound texts that are not entries, survey answers), each read as an
 * opt-out, a help request or feedback (import/reply-words.ts), tied to the person who wrote it and to a
 * media buy (docs/replies.md), with the themes of the feedback by media buy.
 */
export const REPLY_TYPES = ['feedback', 'help', 'opt_out'] as const;
export type ReplyType = (typeof REPLY_TYPES)[number];
/** How a reply was tied to a media buy, first rule that matches wins (docs/replies.md). */
export type ReplyTiedBy = 'media_buy_id' | 'keyword' | 'latest_entry' | null;

export const repliesSummaryInput = z.object({}).strict();

export const repliesSearchInput = z
  .object({
    /** Words the text must all contain (any case); empty = every reply. */
    text: z.string().max(200).default(''),
    types: z.array(z.enum(REPLY_TYPES)).max(3).default([]),
    /** Media buy ids; '' is the replies tied to no media buy. */
    mediaBuys: z.array(z.string().max(200)).max(500).default([]),
    /** A theme word (as the summary lists it): replies that use it. */
    theme: z.string().trim().max(60).optional(),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).max(100_000_000).default(0),
  })
  .strict();
export type RepliesSearchInput = z.input<typeof repliesSearchInput>;

export interface ReplyTheme {
  /** The word as people wrote it most often ("prices" and "price" are one theme). */
  term: string;
  /** Feedback replies that use it. */
  replies: number;
}

export interface ReplyCounts {
  replies: number;
  feedback: number;
  help: number;
  optOuts: number;
  /** Distinct entrants who replied (replies from addresses no entry has are not people here). */
  people: number;
}

export interface RepliesByMediaBuy extends ReplyCounts {
  /** null: tied to no media buy (shown as "(unattributed)"). */
  mediaBuyId: string | null;
  name: string | null;
  /** The media buy's unique entrants, to read the people who replied against. */
  entrants: number;
  themes: ReplyTheme[];
}

export interface RepliesSummary {
  totals: ReplyCounts & {
    /** Replies from an address no entry has (still counted, tied to no person). */
    unknownPeople: number;
    /** How the replies were tied to a media buy. */
    tiedBy: { mediaBuyId: number; keyword: number; latestEntry: number; none: number };
    first: string | null;
    last: string | null;
  };
  byMediaBuy: RepliesByMediaBuy[];
  themes: ReplyTheme[];
}

export interface ReplyRow {
  receivedAt: string;
  type: ReplyType;
  channel: string | null;
  text: string;
  question: string | null;
  /** The address it came from: the phone for a text, else the email. */
  address: string | null;
  /** The entrant's id ('P' + 16 hex digits) when the address belongs to one. */
  personId: string | null;
  mediaBuyId: string | null;
  mediaBuyName: string | null;
  tiedBy: ReplyTiedBy;
}

export interface RepliesSearchResult {
  total: number;
  rows: ReplyRow[];
}

export const repliesMethods = {
  /** Counts by type and by media buy, and the feedback's themes. */
  'replies.summary': { input: repliesSummaryInput, result: 'json' },
  /** The replies themselves, newest first, filtered by words, type, media buy or theme. */
  'replies.search': { input: repliesSearchInput, result: 'json' },
} as const;

export interface RepliesOutputs {
  'replies.summary': RepliesSummary;
  'replies.search': RepliesSearchResult;
}
