import { AceError } from '../lib/errors';

/**
 * DuckDB's words for a file that is cut short or overwritten (a copy or download that did not finish,
 * a full disk, a failing drive). Seen with DuckDB 1.x on truncated and garbled workspaces:
 * "IO Error: Could not read enough bytes from file", "Corrupt database file: computed checksum ...".
 */
const DAMAGED =
  /Could not read enough bytes|Corrupt database file|checksum .*does not match|database file .* (?:truncated|damaged)|Invalid (?:block|pointer)|not enough space|File is too small/i;

export function looksDamaged(message: string): boolean {
  return DAMAGED.test(message);
}

/** What to do when a workspace cannot be opened at all: nothing in it can be read by the app. */
export function damagedAtOpen(path: string, cause: string): AceError {
  return new AceError(
    'WORKSPACE_INVALID',
    `The workspace ${path} is damaged or cut short (often a copy or download that did not finish, or a full disk): restore it from a backup copy, or import the original export files into a new workspace.`,
    { cause },
  );
}

/** What to do when a workspace opened but part of it cannot be read. */
export function damagedWhileReading(cause: string, path?: string): AceError {
  const file = path ? `"${path}"` : 'FILE';
  return new AceError(
    'WORKSPACE_INVALID',
    `Part of this workspace file is damaged and cannot be read: restore it from a backup copy, or save the tables that still read with the DuckDB command line (for example duckdb -readonly ${file} -c "COPY entries TO 'entries.csv'").`,
    { cause },
  );
}
