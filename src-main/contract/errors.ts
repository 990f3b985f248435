/** Error codes every host and the renderer understand. Errors are data, never thrown across a boundary. */
export const ERROR_CODES = [
  'BAD_INPUT', // input failed validation: fix the request
  'UNKNOWN_METHOD', // no such API method
  'NO_WORKSPACE', // no workspace is open yet
  'WORKSPACE_LOCKED', // another process holds the workspace file
  'WORKSPACE_INVALID', // the file is not a workspace (or newer than this app), or it is damaged
  'NEEDS_PASSWORD', // a team lake's catalog needs its password (keychain, or ACE_LAKE_PASSWORD)
  'FORBIDDEN', // the caller is not allowed (not the app's own window or page, no access token)
  'NOT_FOUND', // a file or record does not exist
  'UNSUPPORTED', // this host cannot do that (e.g. native dialogs in browser mode)
  'CANCELLED', // the user or a newer request cancelled it
  'PUSH_BUSY', // another program (on a shared lake) is sending this push now
  'OUT_OF_MEMORY', // the work did not fit in the workspace's memory limit (ACE_MEMORY_LIMIT): nothing was saved
  'NEEDS_CHOICE', // the input cannot be read with certainty: details.question says what to choose (e.g. a file's decimal mark)
  'INTERNAL', // a bug: the message says what failed, details are logged
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AceErrorData {
  code: ErrorCode;
  /** One or two sentences a person can act on. */
  message: string;
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AceErrorData };
