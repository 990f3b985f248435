import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AceError } from './errors';

interface Upload {
  path: string;
  size: number;
  received: number;
  fd: number;
}

/**
 * Files dropped on the window in browser mode arrive in chunks and are written to the app's data
 * folder, then imported by path like any other file. Chunks must come in order.
 */
export class Uploads {
  private readonly open = new Map<string, Upload>();

  constructor(private readonly dir: string) {}

  begin(fileName: string, size: number): string {
    mkdirSync(this.dir, { recursive: true });
    const id = randomBytes(12).toString('base64url');
    const safe = fileName.replace(/[^A-Za-z0-9._ -]/g, '_').slice(-120) || 'upload';
    const path = join(this.dir, `${id}-${safe}`);
    this.open.set(id, { path, size, received: 0, fd: openSync(path, 'w', 0o600) });
    return id;
  }

  chunk(id: string, offset: number, base64: string): number {
    const u = this.get(id);
    if (offset !== u.received) throw new AceError('BAD_INPUT', `Upload chunk out of order (expected offset ${u.received}, got ${offset}).`);
    const bytes = Buffer.from(base64, 'base64');
    if (u.received + bytes.length > u.size) throw new AceError('BAD_INPUT', 'The upload is larger than announced.');
    writeSync(u.fd, bytes);
    u.received += bytes.length;
    return u.received;
  }

  finish(id: string): string {
    const u = this.get(id);
    closeSync(u.fd);
    this.open.delete(id);
    if (u.received !== u.size || statSync(u.path).size !== u.size) {
      rmSync(u.path, { force: true });
      throw new AceError('BAD_INPUT', `The upload is incomplete (${u.received} of ${u.size} bytes). Drop the file again.`);
    }
    return u.path;
  }

  /** An uploaded file is removed once imported. */
  isUpload(path: string): boolean {
    return path.startsWith(this.dir);
  }

  private get(id: string): Upload {
    const u = this.open.get(id);
    if (!u) throw new AceError('NOT_FOUND', 'That upload is not in progress (it finished, failed or the app restarted). Drop the file again.');
    return u;
  }
}
