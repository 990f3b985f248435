import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ensurePrivateDir } from '../lib/paths';

/** A finished file nobody fetched (a closed tab) is removed after this long. */
export const DOWNLOAD_TTL_MS = 10 * 60 * 1000;

interface Entry {
  path: string;
  fileName: string;
  expires: number;
}

/**
 * Browser mode's finished job files: each in a private folder of its own under the app's data folder,
 * reachable once through `/api/download/<id>` (a random id, beside the per-launch token), then deleted;
 * deleted too when nobody comes for it within the time-out or the app closes.
 */
export class Downloads {
  private readonly entries = new Map<string, Entry>();
  private readonly dir: string;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    dir: string,
    private readonly ttlMs = DOWNLOAD_TTL_MS,
  ) {
    this.dir = resolve(dir);
  }

  /** A new private folder for a job's file (its temp file is written there, then renamed). */
  folder(): string {
    ensurePrivateDir(this.dir);
    const f = join(this.dir, randomBytes(9).toString('base64url'));
    mkdirSync(f, { mode: 0o700 });
    return f;
  }

  /** Offers a finished file once; answers the URL path to fetch it from. */
  offer(path: string, fileName: string, now = Date.now()): string {
    const id = randomBytes(18).toString('base64url');
    this.entries.set(id, { path, fileName, expires: now + this.ttlMs });
    if (!this.timer) {
      this.timer = setInterval(() => this.expire(), Math.min(60_000, this.ttlMs));
      this.timer.unref();
    }
    return `/api/download/${id}`;
  }

  /** The file for `id`, taken: a second request for the same id finds nothing. */
  take(id: string, now = Date.now()): { path: string; fileName: string } | null {
    const e = this.entries.get(id);
    if (!e) return null;
    this.entries.delete(id);
    if (e.expires < now) {
      this.remove(e.path);
      return null;
    }
    return { path: e.path, fileName: e.fileName };
  }

  /** Deletes a served (or abandoned) file and its folder. Only files inside our folder. */
  remove(path: string): void {
    const folder = dirname(resolve(path));
    if (dirname(folder) === this.dir) rmSync(folder, { recursive: true, force: true });
  }

  expire(now = Date.now()): number {
    let n = 0;
    for (const [id, e] of this.entries) {
      if (e.expires < now) {
        this.entries.delete(id);
        this.remove(e.path);
        n++;
      }
    }
    return n;
  }

  get pending(): number {
    return this.entries.size;
  }

  /** Everything offered and not fetched, and what a crash left: gone (the app is closing or starting). */
  clear(): void {
    this.entries.clear();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const n of names) {
      try {
        if (statSync(join(this.dir, n)).isDirectory()) rmSync(join(this.dir, n), { recursive: true, force: true });
      } catch {
        // Gone meanwhile.
      }
    }
  }

  static safeName(fileName: string): string {
    return (
      basename(fileName.replace(/\\/g, '/'))
        .replace(/[^A-Za-z0-9._ ()-]/g, '_')
        .replace(/^\.+/, '_')
        .slice(-120) || 'export'
    );
  }
}
