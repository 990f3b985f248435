import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AceError } from '../lib/errors';

interface Upload {
  path: string;
  size: number;
  received: number;
  fd: number;
}

/** Uploads nobody imported or discarded (a closed tab, a crash) are removed after this long. */
const STALE_MS = 24 * 3600 * 1000;

/**
 * Files dropped on the window in browser mode arrive as raw bytes (or base64 chunks) and are written to the app's data
 * folder, then imported by path like any other file. Each upload gets a folder of its own and keeps
 * its file name, so previews, reports and messages name the file the person dropped. Chunks must
 * come in order. An upload is removed once imported (or when discarded); leftovers are swept.
 */
export class Uploads {
  private readonly open = new Map<string, Upload>();
  private readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  begin(fileName: string, size: number): string {
    const id = randomBytes(12).toString('base64url');
    const folder = join(this.dir, id);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const safe =
      basename(fileName.replace(/\\/g, '/'))
        .replace(/[^A-Za-z0-9._ ()-]/g, '_')
        .replace(/^\.+/, '_')
        .slice(-120) || 'upload';
    const path = join(folder, safe);
    this.open.set(id, { path, size, received: 0, fd: openSync(path, 'w', 0o600) });
    return id;
  }

  /** A base64 chunk (`import.uploadChunk`): the fallback for hosts without the binary upload route. */
  chunk(id: string, offset: number, base64: string): number {
    return this.append(id, offset, Buffer.from(base64, 'base64'));
  }

  /**
   * Raw bytes at `offset` (the web host's `PUT /api/upload/<id>` streams a request body through here
   * piece by piece). Bytes must come in order and never beyond the size announced at begin.
   */
  append(id: string, offset: number, bytes: Uint8Array): number {
    const u = this.get(id);
    if (offset !== u.received) throw new AceError('BAD_INPUT', `Upload chunk out of order (expected offset ${u.received}, got ${offset}).`);
    if (u.received + bytes.length > u.size) {
      this.abandon(id);
      throw new AceError('BAD_INPUT', 'The upload is larger than announced. Drop the file again.');
    }
    writeSync(u.fd, bytes);
    u.received += bytes.length;
    return u.received;
  }

  /** Bytes received so far and the size announced, for an upload in progress. */
  status(id: string): { received: number; size: number } {
    const u = this.get(id);
    return { received: u.received, size: u.size };
  }

  /** Gives up an upload in progress (its body was refused): its folder is removed. */
  cancel(id: string): void {
    this.abandon(id);
  }

  finish(id: string): string {
    const u = this.get(id);
    closeSync(u.fd);
    this.open.delete(id);
    if (u.received !== u.size || statSync(u.path).size !== u.size) {
      rmSync(dirname(u.path), { recursive: true, force: true });
      throw new AceError('BAD_INPUT', `The upload is incomplete (${u.received} of ${u.size} bytes). Drop the file again.`);
    }
    return u.path;
  }

  /** True for a finished upload's path (a file directly inside one upload's own folder). */
  isUpload(path: string): boolean {
    const p = resolve(path);
    return dirname(dirname(p)) === this.dir;
  }

  /** Removes an uploaded file (imported, or the person removed it). Other paths are left alone. */
  discard(path: string): boolean {
    if (!this.isUpload(path)) return false;
    rmSync(dirname(resolve(path)), { recursive: true, force: true });
    return true;
  }

  /** Removes uploads older than a day: what a closed tab or a crash left behind. */
  sweep(now = Date.now()): number {
    let removed = 0;
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return 0;
    }
    for (const name of names) {
      const p = join(this.dir, name);
      try {
        if (now - statSync(p).mtimeMs > STALE_MS) {
          rmSync(p, { recursive: true, force: true });
          removed++;
        }
      } catch {
        // Gone meanwhile, or not ours to remove: nothing to do.
      }
    }
    return removed;
  }

  /** Closes and removes every upload still in progress (the app is closing). */
  closeAll(): void {
    for (const id of [...this.open.keys()]) this.abandon(id);
  }

  private abandon(id: string): void {
    const u = this.open.get(id);
    if (!u) return;
    this.open.delete(id);
    try {
      closeSync(u.fd);
    } finally {
      rmSync(dirname(u.path), { recursive: true, force: true });
    }
  }

  private get(id: string): Upload {
    const u = this.open.get(id);
    if (!u)
      throw new AceError('NOT_FOUND', 'That upload is not in progress (it finished, failed or the app restarted). Drop the file again.');
    return u;
  }
}
