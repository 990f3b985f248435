import { z } from 'zod';

/**
 * Personal data in exports: one rule everywhere (Segments, Explore's raw rows and drill, the CLI).
 * These columns leave the workspace only when the person exporting chooses them, and every file that
 * carries personal data is recorded in the export log: who, when, what, which personal columns, how
 * many rows, and the file's name.
 */
export const PERSONAL_COLUMNS = ['first_name', 'last_name', 'email', 'phone'] as const;
export type PersonalColumn = (typeof PERSONAL_COLUMNS)[number];
export const personalColumns = z.array(z.enum(PERSONAL_COLUMNS)).max(PERSONAL_COLUMNS.length);

export interface ExportLogEntry {
  /** When the file was written (ISO, UTC). */
  at: string;
  /** The OS account that exported (null where the OS will not say). */
  by: string | null;
  /** desktop, browser (ace serve) or cli. */
  via: string;
  /** What was exported, in words ("Segment “Redeemers” members", "Explore rows: Market is Boston"). */
  what: string;
  /** The personal columns in the file ("original lines" for an import's rejects). */
  personal: string[];
  rows: number;
  fileName: string;
}

export const exportLogMethods = {
  /** The export log, newest first. */
  'exports.log': { input: z.object({ limit: z.number().int().min(1).max(1000).default(200) }).strict(), result: 'json' },
} as const;

export interface ExportLogOutputs {
  'exports.log': ExportLogEntry[];
}
