/**
 * Host callbacks: what the core process asks the desktop shell for, because only Electron's main
 * process can do it (native dialogs, the OS keychain through safeStorage, printing the window).
 * One table says each callback's arguments and answer; main validates the arguments before acting
 * and the core validates the answer before using it, so neither trusts the other's shape.
 */
import { z } from 'zod';

const bytes = z.custom<Uint8Array>((x) => x instanceof Uint8Array, { message: 'Expected bytes (Uint8Array)' });
/** A dialog filter as Electron takes it: extensions without dots ('*' for all files). */
const fileFilter = z
  .object({
    name: z.string().min(1).max(100),
    extensions: z
      .array(z.string().regex(/^(\*|[A-Za-z0-9]{1,16})$/))
      .min(1)
      .max(20),
  })
  .strict();
const none = z.object({}).strict();
const pathOrNull = z.string().min(1).nullable();

/**
 * `timeoutMs`: how long the core waits for an answer. Dialogs wait for the person (no limit); the
 * keychain may show an OS prompt (macOS asks once per app), so it gets minutes, not seconds.
 */
export const HOST_CALLS = {
  /** Open dialog for a workspace file (may name a new one): the path, or null when cancelled. */
  pickOpenWorkspace: { args: none, result: pathOrNull, timeoutMs: 0 },
  /** Save dialog for a new workspace file: the path, or null. */
  pickNewWorkspace: { args: none, result: pathOrNull, timeoutMs: 0 },
  /** Open dialog for data files to import: the paths (empty when cancelled). */
  pickImportFiles: { args: none, result: z.array(z.string().min(1)), timeoutMs: 0 },
  /**
   * Save dialog for a file the core will write (exports, reports): the path, or null. For the job
   * runner: `defaultName` is the suggested file name, `filters` the file types offered.
   */
  pickSavePath: {
    args: z
      .object({
        defaultName: z.string().min(1).max(255),
        filters: z.array(fileFilter).max(10).optional(),
        title: z.string().max(200).optional(),
      })
      .strict(),
    result: pathOrNull,
    timeoutMs: 0,
  },
  /** The window as PDF (Chromium's printToPDF): the file's bytes. */
  printToPdf: { args: z.object({ landscape: z.boolean() }).strict(), result: bytes, timeoutMs: 120_000 },
  /** Whether safeStorage really seals with an OS keychain (not Chromium's basic_text fallback). */
  keychainStatus: {
    args: none,
    result: z.union([z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), why: z.string() })]),
    timeoutMs: 120_000,
  },
  /** Seals a secret with the OS keychain; refuses (error) where there is no real keychain. */
  keychainEncrypt: { args: z.object({ plain: z.string().max(65_536) }).strict(), result: bytes, timeoutMs: 120_000 },
  /** Opens a sealed secret. */
  keychainDecrypt: { args: z.object({ sealed: bytes }).strict(), result: z.string(), timeoutMs: 120_000 },
} as const;

export type HostCallName = keyof typeof HOST_CALLS;
export type HostCallArgs<M extends HostCallName> = z.input<(typeof HOST_CALLS)[M]['args']>;
export type HostCallResult<M extends HostCallName> = z.output<(typeof HOST_CALLS)[M]['result']>;

/** What main implements: one async function per callback. */
export type HostCallbacks = { [M in HostCallName]: (args: z.output<(typeof HOST_CALLS)[M]['args']>) => Promise<HostCallResult<M>> };

export function isHostCallName(x: string): x is HostCallName {
  return Object.prototype.hasOwnProperty.call(HOST_CALLS, x);
}

/** Why a schema refused a value, in one line for an error message. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ');
}
