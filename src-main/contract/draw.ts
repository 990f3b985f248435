import { z } from 'zod';
import { segmentRule, type SegmentRule } from './segments';

/**
 * The winner draw: N winners (and alternates, in order) for a prize tier, uniformly at random from
 * the eligible entrants, with a recorded seed so anyone can re-run it and get the same result.
 * One win per person across every tier of the workspace.
 */

export const drawInput = z
  .object({
    tier: z.string().trim().min(1).max(120),
    count: z.number().int().min(1).max(10_000),
    alternates: z.number().int().min(0).max(1000).default(0),
    /** Any seed text; a random one is made (and recorded) when left out. */
    seed: z.string().min(1).max(200).optional(),
    /** A seed committed before (draw.commit): it is revealed and used; its hash was published ahead. */
    commitment: z
      .string()
      .regex(/^cmt_[0-9a-f]{12}$/)
      .optional(),
    /** Who may win, as a segment rule (e.g. age 18+ and opted in); everyone when left out. */
    rule: segmentRule.optional(),
    /** Addresses (email, phone) or entrant ids that may not win (staff, their families, past winners elsewhere). */
    exclude: z.array(z.string().trim().min(1).max(320)).max(100_000).default([]),
  })
  .strict()
  .refine((d) => !(d.seed && d.commitment), { message: 'Give a seed or a committed seed, not both.', path: ['seed'] });
export type DrawInput = z.input<typeof drawInput>;

/** A seed committed before the draw: only its hash is shown until a draw reveals it. */
export interface DrawCommitment {
  commitmentId: string;
  /** SHA-256 of the seed (hex): print it in the rules or publish it before entries close. */
  seedHash: string;
  committedAt: string;
  /** The draw that revealed and used it, if any. */
  usedBy: string | null;
}

export interface DrawWinner {
  rank: number;
  entrantId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  zip: string | null;
  /** Prize fulfilment so far, oldest first (notified, release returned, prize sent; forfeited; promoted for an alternate). */
  steps: { step: FulfilmentStep; at: string; by: string | null; note: string }[];
  /** When the signed release (affidavit) is due: notified + the rules' claim days; null before notifying or without a limit. */
  releaseDue: string | null;
}

/** What happens to a prize after the draw, in order; an alternate is promoted when a winner forfeits. */
export const FULFILMENT_STEPS = ['notified', 'release_returned', 'prize_sent', 'forfeited', 'promoted'] as const;
export type FulfilmentStep = (typeof FULFILMENT_STEPS)[number];

export const fulfilInput = z
  .object({
    drawId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    entrantId: z.string().regex(/^P[0-9A-F]{16}$/),
    /** promoted is recorded by the app (the next alternate, when a winner forfeits), not by hand. */
    step: z.enum(['notified', 'release_returned', 'prize_sent', 'forfeited']),
    note: z.string().trim().max(500).default(''),
  })
  .strict();

export interface DrawRecord {
  drawId: string;
  tier: string;
  count: number;
  alternates: number;
  seed: string;
  rule: SegmentRule | null;
  excludeCount: number;
  /** People eligible after the rule, the exclusions and earlier winners (by entry: their valid entries). */
  poolSize: number;
  /** SHA-256 of the pool (entrant ids in order; by entry, entrant:entry in order): a re-run on different data is detected. */
  poolHash: string;
  /** The version of the official rules the draw followed (null: none saved then, everyone who entered counted). */
  rulesVersion: number | null;
  /** Under rules: each valid entry one chance (one prize per person), or each valid entrant one. */
  odds: 'entry' | 'person' | null;
  /** When the seed was committed before the draw: its published hash and when it was committed. */
  commitment: { commitmentId: string; seedHash: string; committedAt: string } | null;
  drawnBy: string | null;
  drawnAt: string;
  /** On a DuckLake, the snapshot the pool was read from (verify re-reads it); null on a DuckDB file. */
  snapshot: number | null;
  winners: DrawWinner[];
  alternatesDrawn: DrawWinner[];
}

export interface DrawPoolPreview {
  /** People the rule allows (everyone who entered without one). */
  eligible: number;
  /** Of those, taken out by the exclusion list (by entrant id or any of their addresses). */
  excluded: number;
  /** Of the rest, taken out for having no valid entry under the official rules, or confirmed as fraud (null: neither applies). */
  noValidEntry: number | null;
  /** Of the rest, taken out because they won (or were an alternate) in an earlier draw. */
  wonBefore: number;
  /** Who can be drawn. */
  poolSize: number;
  /** Distinct non-empty lines of the exclusion list. */
  exclusionLines: number;
  /** Exclusion lines that match no entrant id, email or phone (the first 50), and how many in all. */
  unmatched: string[];
  unmatchedCount: number;
}

export const drawMethods = {
  'draw.run': { input: drawInput, result: 'json' },
  /** Records a fulfilment step for a winner; a forfeit promotes the next alternate. */
  'draw.fulfil': { input: fulfilInput, result: 'json' },
  'draw.list': { input: z.object({}).strict(), result: 'json' },
  /** Before drawing: the pool the rule and exclusions leave, and the exclusion lines that match nobody. */
  'draw.pool': {
    input: z
      .object({ rule: segmentRule.optional(), exclude: z.array(z.string().trim().min(1).max(320)).max(100_000).default([]) })
      .strict(),
    result: 'json',
  },
  /** Makes a seed now and shows only its hash (commit before reveal). */
  'draw.commit': { input: z.object({}).strict(), result: 'json' },
  'draw.commitments': { input: z.object({}).strict(), result: 'json' },
  /** What anyone outside needs to re-run a draw: rules, seed, commitment, pseudonymous pool, winners, verify.mjs. */
  'draw.bundle': { input: z.object({ drawId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict(), result: 'json' },
  /** Re-runs a recorded draw from its seed and says whether the same people come out. */
  'draw.verify': { input: z.object({ drawId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict(), result: 'json' },
} as const;

export interface DrawOutputs {
  'draw.run': DrawRecord;
  'draw.list': DrawRecord[];
  'draw.pool': DrawPoolPreview;
  'draw.verify': { drawId: string; same: boolean; poolChanged: boolean; message: string };
  'draw.commit': DrawCommitment;
  'draw.fulfil': DrawRecord;
  'draw.commitments': DrawCommitment[];
  'draw.bundle': DrawBundle;
}

export interface DrawBundle {
  format: 'ace-draw-bundle/1';
  draw: { drawId: string; tier: string; count: number; alternates: number; drawnAt: string; odds: 'entry' | 'person' };
  /** The official rules followed (the excluded list as a count only), or null when none were saved. */
  rules: Record<string, unknown> | null;
  seed: string;
  commitment: { seedHash: string; committedAt: string } | null;
  /** Pseudonymous ids in draw order (by entry: one per valid entry); matchesRecord: today's data gives the pool the draw used. */
  pool: { ids: string[]; hash: string; matchesRecord: boolean };
  /** Winners then alternates, rank order, as pool ids. */
  winners: string[];
  /** The seed and pool give these winners here (the script checks the same outside). */
  reproduced: boolean;
  algorithm: string;
  /** verify.mjs: node verify.mjs bundle.json */
  script: string;
}
