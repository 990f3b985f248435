import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { homedir, tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';

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

/** Files that hold people's data: readable by their owner only. */
export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/**
 * Every file this process creates from now on is its owner's only (0600, folders 0700): DuckDB's
 * database, WAL and temporary files, COPY exports, uploads, CSV drops. DuckDB creates its files itself,
 * so a process-wide umask is the one setting that reaches all of them. Returns false where the umask
 * cannot be set (a worker thread); callers then tighten the files they know of.
 */
export function usePrivateFileModes(): boolean {
  try {
    process.umask(0o077);
    return true;
  } catch {
    return false;
  }
}

const mine = (path: string) => {
  const uid = process.getuid?.();
  return uid === undefined || statSync(path).uid === uid;
};

/** Removes group and other access from a file of ours that exists (an older workspace, a WAL). */
export function tightenFile(path: string): void {
  try {
    if (existsSync(path) && mine(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, PRIVATE_FILE);
  } catch {
    // A file on a file system without modes (FAT, some network shares): nothing more can be done here.
  }
}

/**
 * An app-owned folder (the data folder): created 0700, and tightened to 0700 if it was created wider.
 * A shared folder someone pointed ACE_DATA_DIR at (a sticky /tmp, the home folder, /) is left as it is.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  try {
    const full = resolve(dir);
    const st = statSync(full);
    const shared = (st.mode & 0o1000) !== 0 || [resolve(homedir()), resolve(tmpdir()), resolve('/')].includes(full);
    if (!shared && mine(full) && (st.mode & 0o077) !== 0) chmodSync(full, PRIVATE_DIR);
  } catch {
    // As above: no modes to set.
  }
}
