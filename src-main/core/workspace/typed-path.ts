import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { HostContext } from '../handler-types';
import { AceError } from '../lib/errors';

/**
 * A workspace path typed in the app (browser mode's New… and Open…). The command line resolves a
 * relative path against the folder it runs in, as every command does; a window has no such folder, and
 * the server's own would be a surprise, so there a path is full (or starts with ~/ for the home folder).
 */
export function typedPath(path: string, host: HostContext): string {
  if (host.host === 'cli') return path;
  const p = path.trim();
  if (p === '~' || p.startsWith('~/')) return join(homedir(), p.slice(1));
  if (!isAbsolute(p))
    throw new AceError(
      'BAD_INPUT',
      `Give the full path of the workspace file, e.g. ${join(homedir(), 'campaigns', p.endsWith('.duckdb') ? p : `${p}.duckdb`)} (or start it with ~/ for your home folder).`,
    );
  return p;
}
