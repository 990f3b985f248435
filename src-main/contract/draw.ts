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
    /** Who may win, as a segment rule (e.g. age 18+ and opted in); everyone when left out. */
    rule: segmentRule.optional(),
    /** Addresses (email, phone) or entrant ids that may not win (staff, their families, past winners elsewhere). */
    exclude: z.array(z.string().trim().min(1).max(320)).max(100_000).default([]),
  })
  .strict();
export type DrawInput = z.input<typeof drawInput>;

export interface DrawWinner {
  rank: number;
  entrantId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  zip: string | null;
}

export interface DrawRecord {
  drawId: string;
  tier: string;
  count: number;
  alternates: number;
  seed: string;
  rule: SegmentRule | null;
  excludeCount: number;
  /** People eligible after the rule, the exclusions and earlier winners. */
  poolSize: number;
  /** SHA-256 of the pool (entrant ids in order): a re-run on different data is detected. */
  poolHash: string;
  drawnBy: string | null;
  drawnAt: string;
  winners: DrawWinner[];
  alternatesDrawn: DrawWinner[];
}

export const drawMethods = {
  'draw.run': { input: drawInput, result: 'json' },
  'draw.list': { input: z.object({}).strict(), result: 'json' },
  /** Re-runs a recorded draw from its seed and says whether the same people come out. */
  'draw.verify': { input: z.object({ drawId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict(), result: 'json' },
} as const;

export interface DrawOutputs {
  'draw.run': DrawRecord;
  'draw.list': DrawRecord[];
  'draw.verify': { drawId: string; same: boolean; poolChanged: boolean; message: string };
}
