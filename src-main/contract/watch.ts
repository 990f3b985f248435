import { z } from 'zod';
import { DATASET_KINDS, type DatasetKind } from './types';

/** Watched folders: a folder per dataset kind where exports land; complete new or grown files are imported. */
export interface WatchedFolder {
  folder: string;
  kind: DatasetKind;
  exists: boolean;
  /** The latest files seen there and what happened to them. */
  files: { path: string; status: 'waiting' | 'imported' | 'unchanged' | 'failed'; message: string | null; seenAt: string }[];
}

export const watchMethods = {
  'watch.list': { input: z.object({}).strict(), result: 'json' },
  'watch.add': { input: z.object({ folder: z.string().min(1).max(4096), kind: z.enum(DATASET_KINDS) }).strict(), result: 'json' },
  'watch.remove': { input: z.object({ folder: z.string().min(1).max(4096) }).strict(), result: 'json' },
  /** Looks at every watched folder now (instead of at the next poll). */
  'watch.poll': { input: z.object({}).strict(), result: 'json' },
} as const;

export interface WatchOutputs {
  'watch.list': WatchedFolder[];
  'watch.add': WatchedFolder[];
  'watch.remove': { removed: boolean };
  'watch.poll': { imported: string[] };
}
