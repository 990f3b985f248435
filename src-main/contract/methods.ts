import { z } from 'zod';
import type { AppInfo, Overview, WorkspaceInfo } from './types';

/**
 * The method table: one entry per API method, `domain.verb`.
 * `input` validates at runtime in the dispatcher; `result` says whether the value
 * is JSON or Arrow IPC bytes (Uint8Array). Output types are declared beside it so the
 * typed client and the handlers share one definition.
 */
const none = z.object({}).strict();
const path = z.string().min(1).max(4096);

export const methods = {
  'app.info': { input: none, result: 'json' },
  'workspace.info': { input: none, result: 'json' },
  'workspace.open': { input: z.object({ path }).strict(), result: 'json' },
  /** Creates a new, empty workspace file (refuses an existing file) and opens it. */
  'workspace.create': { input: z.object({ path }).strict(), result: 'json' },
  'workspace.openDemo': { input: none, result: 'json' },
  /** Host-level: native open dialog (Electron). Browser mode answers UNSUPPORTED. */
  'workspace.pick': { input: none, result: 'json' },
  /** Host-level: native save dialog for a new workspace (Electron). Browser mode answers UNSUPPORTED. */
  'workspace.pickNew': { input: none, result: 'json' },
  'overview.get': { input: none, result: 'json' },
  /** Arrow: day (Utf8 YYYY-MM-DD), entries (Float64). */
  'overview.entriesPerDay': { input: none, result: 'arrow' },
} as const satisfies Record<string, { input: z.ZodType; result: 'json' | 'arrow' }>;

export type MethodName = keyof typeof methods;
export type MethodInput<M extends MethodName> = z.input<(typeof methods)[M]['input']>;

export interface MethodOutputs {
  'app.info': AppInfo;
  'workspace.info': WorkspaceInfo | null;
  'workspace.open': WorkspaceInfo;
  'workspace.create': WorkspaceInfo;
  'workspace.openDemo': WorkspaceInfo;
  'workspace.pick': WorkspaceInfo | null;
  'workspace.pickNew': WorkspaceInfo | null;
  'overview.get': Overview;
  'overview.entriesPerDay': Uint8Array;
}
export type MethodOutput<M extends MethodName> = MethodOutputs[M];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
