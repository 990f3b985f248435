import { z } from 'zod';
import { isoDay } from './day';

/**
 * Objectives: a target per metric for the campaign (or one media buy), due by a date. Progress is the
 * metric as the ROI screen computes it; the projection extends the last 14 days' pace to the due date.
 */
export const OBJECTIVE_METRICS = [
  'entries',
  'unique_entrants',
  'opt_in_rate',
  'cost_per_entry',
  'redemptions',
  'redemption_rate',
  'revenue',
  'roas',
] as const;
export type ObjectiveMetric = (typeof OBJECTIVE_METRICS)[number];

/** Lower is better for costs; higher for everything else. */
export const LOWER_IS_BETTER: readonly ObjectiveMetric[] = ['cost_per_entry'];

export const objectiveInput = z
  .object({
    objectiveId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
    metric: z.enum(OBJECTIVE_METRICS),
    /** One media buy, or the whole campaign when left out. */
    mediaBuyId: z.string().min(1).max(200).nullable().default(null),
    target: z.number().finite().min(0),
    due: isoDay,
  })
  .strict();

export interface ObjectiveProgress {
  objectiveId: string;
  metric: ObjectiveMetric;
  mediaBuyId: string | null;
  target: number;
  due: string;
  /** The data's last day (entries, redemptions or spend), which the figures are "as of". */
  asOf: string | null;
  current: number | null;
  projected: number | null;
  /** met: reached already (or by the due date); on_track: the pace reaches it; behind: it does not; missed: due and not reached. */
  status: 'met' | 'on_track' | 'behind' | 'missed' | 'no_data';
  /** current / target (for costs: target / current), 0..1+ for a progress bar. */
  progress: number | null;
}

export const objectiveMethods = {
  'objectives.list': { input: z.object({}).strict(), result: 'json' },
  'objectives.save': { input: objectiveInput, result: 'json' },
  'objectives.delete': { input: z.object({ objectiveId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict(), result: 'json' },
} as const;

export interface ObjectiveOutputs {
  'objectives.list': ObjectiveProgress[];
  'objectives.save': ObjectiveProgress;
  'objectives.delete': { deleted: boolean };
}
