import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './lib/fs-atomic';

export interface RecentWorkspace {
  path: string;
  name: string;
  openedAt: string;
  /** Still there (a file moved or deleted is shown as such, not silently dropped). */
  exists: boolean;
}

const MAX = 10;

/** The workspaces opened lately, newest first, in the app's data folder (never in a workspace). */
export class RecentWorkspaces {
  constructor(private readonly dataDir: string) {}

  private get file(): string {
    return join(this.dataDir, 'recent-workspaces.json');
  }

  private read(): Omit<RecentWorkspace, 'exists'>[] {
    try {
      const list = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      return Array.isArray(list)
        ? list.filter((x): x is Omit<RecentWorkspace, 'exists'> => typeof x?.path === 'string' && typeof x?.name === 'string').slice(0, MAX)
        : [];
    } catch {
      return [];
    }
  }

  list(): RecentWorkspace[] {
    return this.read().map((r) => ({ ...r, exists: existsSync(r.path) }));
  }

  add(path: string, name: string, now = new Date()): void {
    const rest = this.read().filter((r) => r.path !== path);
    try {
      writeFileAtomic(this.file, JSON.stringify([{ path, name, openedAt: now.toISOString() }, ...rest].slice(0, MAX)));
    } catch {
      // A read-only data folder must not stop a workspace from opening.
    }
  }

  forget(path: string): void {
    writeFileAtomic(this.file, JSON.stringify(this.read().filter((r) => r.path !== path)));
  }
}
