import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { DatasetKind } from '../../contract/types';
import type { WatchedFolder } from '../../contract/watch';
import type { DbClient } from '../db/client';
import { AceError } from '../lib/errors';
import { runImportTask, type TaskHost } from '../import/task';
import { mergeSql } from '../lib/merge';

const IMPORTABLE = new Set(['.csv', '.tsv', '.txt', '.parquet']);

export interface WatchOptions {
  /** How long a file must stay the same size and time before it is taken as complete (ms). */
  quietMs?: number;
}

/** A file looks finished: text ends with a line break; Parquet ends with its footer magic. */
function looksComplete(path: string, size: number): boolean {
  if (size === 0) return false;
  const parquet = extname(path).toLowerCase() === '.parquet';
  const n = parquet ? 4 : 1;
  const buf = Buffer.alloc(n);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buf, 0, n, size - n);
  } finally {
    closeSync(fd);
  }
  return parquet ? buf.toString('latin1') === 'PAR1' : buf[0] === 0x0a || buf[0] === 0x0d;
}

/**
 * Imports exports that land in watched folders, with the same validation, rejects and counts as a
 * manual import (it is one). A file is taken when it is complete: the same size and modification
 * time for `quietMs` and a finished last line (a file still being written is left for later). A file
 * that grew is imported again: rows already in the workspace are skipped as duplicates.
 */
export class FolderWatcher {
  private readonly pending = new Map<string, { size: number; mtimeMs: number; since: number }>();
  private busy: Promise<string[]> | null = null;

  constructor(
    private readonly session: TaskHost,
    private readonly opts: WatchOptions = {},
  ) {}

  private get db(): DbClient {
    return this.session.requireDb();
  }

  async list(): Promise<WatchedFolder[]> {
    const folders = await this.db.rows<{ folder: string; kind: DatasetKind }>(`SELECT folder, kind FROM watched_folders ORDER BY folder`);
    const files = await this.db.rows<{
      path: string;
      status: WatchedFolder['files'][number]['status'];
      message: string | null;
      seen_at: string;
    }>(
      `SELECT path, status, message, strftime(seen_at, '%Y-%m-%d %H:%M:%S') AS seen_at FROM watched_files ORDER BY seen_at DESC LIMIT 200`,
    );
    return folders.map((f) => ({
      folder: f.folder,
      kind: f.kind,
      exists: existsSync(f.folder),
      files: files
        .filter((x) => x.path.startsWith(f.folder))
        .slice(0, 20)
        .map((x) => ({ path: x.path, status: x.status, message: x.message, seenAt: x.seen_at })),
    }));
  }

  async add(folder: string, kind: DatasetKind): Promise<WatchedFolder[]> {
    const full = resolve(folder);
    if (!existsSync(full) || !statSync(full).isDirectory())
      throw new AceError('BAD_INPUT', `${full} is not a folder. Create it, or choose the folder your exports land in.`);
    await this.db.write((w) => w.run(mergeSql('watched_folders', ['folder'], [{ folder: '$1', kind: '$2' }]), [full, kind]));
    return this.list();
  }

  async remove(folder: string): Promise<boolean> {
    const full = resolve(folder);
    const [r] = await this.db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM watched_folders WHERE folder = $1`, [full]);
    await this.db.write((w) => w.run(`DELETE FROM watched_folders WHERE folder = $1`, [full]));
    return Number(r!.n) > 0;
  }

  /** One look at every watched folder; returns the files imported. Never two looks at once. */
  poll(now = Date.now()): Promise<string[]> {
    this.busy ??= this.pollOnce(now).finally(() => (this.busy = null));
    return this.busy;
  }

  private async pollOnce(now: number): Promise<string[]> {
    const quiet = this.opts.quietMs ?? 3000;
    const folders = await this.db.rows<{ folder: string; kind: DatasetKind }>(`SELECT folder, kind FROM watched_folders ORDER BY folder`);
    const done = new Map(
      (
        await this.db.rows<{ path: string; size: unknown; mtime_ms: unknown }>(
          `SELECT path, size, mtime_ms FROM watched_files WHERE status <> 'waiting'`,
        )
      ).map((r) => [r.path, `${Number(r.size)}:${Number(r.mtime_ms)}`]),
    );
    const imported: string[] = [];
    for (const { folder, kind } of folders) {
      if (!existsSync(folder)) continue;
      for (const name of readdirSync(folder).sort()) {
        if (name.startsWith('.') || !IMPORTABLE.has(extname(name).toLowerCase())) continue;
        const path = join(folder, name);
        let st;
        try {
          st = statSync(path);
        } catch {
          continue;
        }
        if (!st.isFile() || done.get(path) === `${st.size}:${st.mtimeMs}`) continue;
        const seen = this.pending.get(path);
        if (!seen || seen.size !== st.size || seen.mtimeMs !== st.mtimeMs) {
          this.pending.set(path, { size: st.size, mtimeMs: st.mtimeMs, since: now });
          continue;
        }
        if (now - seen.since < quiet || !looksComplete(path, st.size)) continue;
        this.pending.delete(path);
        await this.importOne(path, kind, st.size, st.mtimeMs, imported);
      }
    }
    return imported;
  }

  private async importOne(path: string, kind: DatasetKind, size: number, mtimeMs: number, imported: string[]): Promise<void> {
    const record = (status: string, message: string | null, importId: number | null) =>
      this.db.write((w) =>
        w.run(
          mergeSql(
            'watched_files',
            ['path'],
            [{ path: '$1', size: '$2', mtime_ms: '$3', import_id: '$4', status: '$5', message: '$6', seen_at: 'current_timestamp' }],
          ),
          [path, size, mtimeMs, importId, status, message],
        ),
      );
    try {
      const report = await runImportTask(this.session, { taskId: `watch-${Date.now().toString(36)}`, path, kind });
      await record(report.status, report.message, report.importId ?? null);
      if (report.status === 'imported') imported.push(path);
    } catch (e) {
      await record('failed', (e as Error).message, null);
    }
  }
}
