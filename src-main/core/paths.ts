import { readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';

/** Where app-owned files live outside Electron: $ACE_DATA_DIR, else the XDG data folder. */
export function defaultDataDir(): string {
  if (process.env.ACE_DATA_DIR) return process.env.ACE_DATA_DIR;
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'ace-workstation');
}

let version: string | null = null;
/** The app version from package.json (found by walking up from this file or the cwd). */
export function appVersion(): string {
  if (version) return version;
  for (const start of [new URL('.', import.meta.url).pathname, process.cwd() + '/']) {
    let dir = start;
    for (let i = 0; i < 6; i++) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'ace-workstation' && pkg.version) return (version = pkg.version);
      } catch {
        /* keep walking up */
      }
      dir = join(dir, '..');
    }
  }
  return (version = '0.0.0');
}

/** The OS account running the app, recorded as who pushed or drew; null where the OS will not say. */
export function userName(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}
