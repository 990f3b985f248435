import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { WorkspaceInfo } from '../contract/types';
import { DbClient } from './db/client';
import { DEFAULT_DEMO, demoStatements, type DemoSpec } from './demo/generate';
import { demoIntegrityStatements } from './demo/integrity';
import { demoPushStatements } from './demo/pushes';
import { demoReplyStatements } from './demo/replies';
import { AceError, isAceError } from './lib/errors';
import { forgetLakePassword, keepLakePassword } from './engine/lake-password';
import { EventBus } from './lib/events';
import { ensurePrivateDir } from './lib/paths';
import { LakeWatch } from './engine/lake-watch';
import { authorLabel, lakeAuthor } from './engine/author';
import { RecentWorkspaces } from './recent';
import { rebuildFacts } from './derived/facts';
import { runDueSchedules, localNow } from './deliver/schedule';
import { runDueSyncs } from './sync/schedule';
import { resumeUnfinishedRuns, runSync } from './sync/runner';
import { MemorySecrets, type SecretStore } from './deliver/secrets';
import { DeliverService, type DeliverOptions } from './deliver/service';
import { FolderWatcher, type WatchOptions } from './watch/watcher';
import { Uploads } from './import/uploads';
import { Downloads } from './jobs/downloads';
import { JobRunner } from './jobs/runner';
import { openWorkspaceFile, setMeta, workspaceInfo } from './workspace/workspace';
import { metaMergeSql } from './lib/merge';

export interface SessionOptions {
  /** Folder for app-owned files (the demo workspace lives here). */
  dataDir: string;
  /** The DuckDB worker script; defaults to the one beside db/client. */
  workerUrl?: URL | string;
  /** Where sending-service secrets are kept (desktop: the OS keychain); default: environment + memory. */
  secrets?: SecretStore;
  /**
   * The app and `ace serve`: resume pushes a crash left unfinished and run due schedules while a
   * workspace is open. Off for one-shot CLI commands.
   */
  background?: boolean;
  deliver?: DeliverOptions;
  watch?: WatchOptions & { everyMs?: number };
  /** How often due schedules are looked for (ms). */
  scheduleEveryMs?: number;
  /** How often a shared lake is looked at for other users' commits (default 2 s). */
  lakeWatchEveryMs?: number;
}

let taskCounter = 0;

/**
 * One open workspace and its database worker. Everything the handlers do goes through here;
 * hosts own one session each.
 */
export class Session {
  readonly events = new EventBus();
  /** Long tasks that can be cancelled, by task id. */
  readonly tasks = new Map<string, AbortController>();
  readonly uploads: Uploads;
  /** Exports and PDFs as jobs (progress, cancel, a file); imports and pushes are listed beside them. */
  readonly jobs: JobRunner;
  readonly secrets: SecretStore;
  readonly recent: RecentWorkspaces;
  private db: DbClient | null = null;
  private lakeWatch: LakeWatch | null = null;
  private path: string | null = null;
  private deliverService: DeliverService | null = null;
  private scheduleTimer: NodeJS.Timeout | null = null;
  private watchTimer: NodeJS.Timeout | null = null;
  private folderWatcher: FolderWatcher | null = null;

  constructor(readonly options: SessionOptions) {
    // The app's own folder holds the demo, uploads and settings: its owner's only (0700).
    ensurePrivateDir(options.dataDir);
    this.uploads = new Uploads(join(options.dataDir, 'uploads'));
    this.uploads.sweep();
    const downloads = new Downloads(join(options.dataDir, 'downloads'));
    // Downloads nobody fetched before the last run ended are not wanted any more.
    downloads.clear();
    this.jobs = new JobRunner(this.events, downloads, (taskId) => {
      if (taskId.startsWith('push-')) return this.deliverService?.cancel(taskId.slice(5)) ?? false;
      const task = this.tasks.get(taskId);
      task?.abort();
      return !!task;
    });
    this.secrets = options.secrets ?? new MemorySecrets();
    this.recent = new RecentWorkspaces(options.dataDir);
  }

  /** Deliver for the open workspace. */
  get deliver(): DeliverService {
    this.requireDb();
    return this.deliverService!;
  }

  /** Watched folders of the open workspace. */
  get watcher(): FolderWatcher {
    this.requireDb();
    return this.folderWatcher!;
  }

  /** Looks for due schedules now (and every minute while open). */
  async runSchedules(now = localNow()): Promise<string[]> {
    if (!this.db) return [];
    const pushes = await runDueSchedules(this.db, this.deliver, now);
    // Audience syncs on a schedule (core/sync/schedule.ts): each one's run, or its unfinished run resumed.
    const db = this.db;
    const syncs = await runDueSyncs(db, (syncId) => runSync(db, this.deliver, syncId, { orResume: true, events: this.events }), now);
    return [...pushes, ...syncs];
  }

  private startBackground(): void {
    if (!this.options.background) return;
    // Nobody awaits these: a failure is announced (and shown by the app), never dropped.
    const report = (what: string) => (e: unknown) =>
      this.events.emit('task.finished', {
        taskId: `background-${what}`,
        ok: false,
        message: `${what}: ${e instanceof Error ? e.message : String(e)}`,
      });
    void this.deliver.resumeAll().catch(report('Resuming unfinished pushes'));
    if (this.db) void resumeUnfinishedRuns(this.db, this.deliver, this.events).catch(report('Resuming unfinished audience syncs'));
    // A shared lake: another analyst's commits refresh the screens, saying who made them.
    const db = this.db;
    if (db?.engine === 'lake') {
      this.lakeWatch = new LakeWatch(db, lakeAuthor(), (authors) => {
        const by = [...new Set(authors.map(authorLabel))];
        void this.info().then(
          (workspace) => this.events.emit('workspace.changed', { workspace, by }),
          () => undefined,
        );
      });
      void this.lakeWatch.start(this.options.lakeWatchEveryMs ?? 2000).catch(report('Watching the shared lake'));
    }
    void this.runSchedules().catch(report('Scheduled pushes'));
    this.scheduleTimer = setInterval(
      () => void this.runSchedules().catch(report('Scheduled pushes')),
      this.options.scheduleEveryMs ?? 60_000,
    );
    this.scheduleTimer.unref();
    this.watchTimer = setInterval(
      () => void this.folderWatcher?.poll().catch(report('Watched folders')),
      this.options.watch?.everyMs ?? 2000,
    );
    this.watchTimer.unref();
  }

  get demoPath(): string {
    return join(this.options.dataDir, 'demo-campaign.duckdb');
  }

  get isOpen(): boolean {
    return this.db !== null;
  }

  /** The open workspace's database, or a NO_WORKSPACE error telling the person what to do. */
  requireDb(): DbClient {
    if (!this.db) throw new AceError('NO_WORKSPACE', 'No workspace is open. Open a workspace file or the demo campaign first.');
    return this.db;
  }

  /** The open workspace's database, or null. */
  currentDb(): DbClient | null {
    return this.db;
  }

  /** Resolves when no workspace is being opened: calls that arrive meanwhile wait for it (see the dispatcher). */
  opened(): Promise<unknown> {
    return this.opening ?? Promise.resolve();
  }
  private opening: Promise<unknown> | null = null;

  async open(path: string, opts: { create?: boolean; lakePassword?: string } = {}): Promise<WorkspaceInfo> {
    if (opts.lakePassword !== undefined) keepLakePassword(this.secrets, path, opts.lakePassword);
    const run = this.openNow(path, opts);
    const settled = run.catch(() => undefined);
    this.opening = settled;
    try {
      return await run;
    } finally {
      if (this.opening === settled) this.opening = null;
    }
  }

  private async openNow(path: string, opts: { create?: boolean; lakePassword?: string }): Promise<WorkspaceInfo> {
    const db = new DbClient(this.options.workerUrl);
    try {
      const full = await openWorkspaceFile(db, path, { create: opts.create ?? false, secrets: this.secrets });
      await this.close();
      this.db = db;
      this.path = full;
      this.deliverService = new DeliverService(db, this.secrets, this.events, this.options.deliver);
      this.folderWatcher = new FolderWatcher(this, this.options.watch);
    } catch (e) {
      await db.close();
      // A password the catalog refused is not kept.
      if (opts.lakePassword !== undefined && isAceError(e) && e.code === 'NEEDS_PASSWORD') forgetLakePassword(this.secrets, path);
      throw e;
    }
    const info = await this.info();
    this.recent.add(info.path, info.name);
    this.startBackground();
    this.events.emit('workspace.changed', { workspace: info });
    return info;
  }

  /** A new, empty workspace; an existing file is never overwritten. */
  async create(path: string, opts: { makeFolders?: boolean } = {}): Promise<WorkspaceInfo> {
    if (existsSync(path)) {
      throw new AceError('BAD_INPUT', `${path} already exists. Open it, or choose a new file name for the new workspace.`);
    }
    const folder = dirname(resolve(path));
    if (opts.makeFolders === false && !existsSync(folder))
      throw new AceError('BAD_INPUT', `The folder ${folder} does not exist. Create it first, or choose a folder that exists.`);
    mkdirSync(folder, { recursive: true });
    return this.open(path, { create: true });
  }

  /** Opens the demo campaign, generating it on first use. */
  async openDemo(spec: DemoSpec = DEFAULT_DEMO): Promise<WorkspaceInfo> {
    mkdirSync(dirname(this.demoPath), { recursive: true });
    await this.open(this.demoPath, { create: true });
    const info = await this.info();
    if (info.datasets.every((d) => d.rows === 0)) {
      await this.generateDemo(spec);
      return this.info();
    }
    return info;
  }

  /** Fills the open (empty) workspace with the demo campaign, in one transaction. */
  async generateDemo(spec: DemoSpec): Promise<WorkspaceInfo> {
    const db = this.requireDb();
    const before = await this.info();
    if (before.datasets.some((d) => d.rows > 0)) {
      throw new AceError('BAD_INPUT', 'This workspace already has data. Generate the demo into a new workspace file.');
    }
    const taskId = `demo-${++taskCounter}`;
    const label = `Generating the demo campaign (${spec.entries.toLocaleString('en-US')} entries)`;
    const statements = [
      ...(await demoStatements(spec)),
      ...demoIntegrityStatements(spec),
      {
        sql: metaMergeSql([
          [`'demo'`, `'true'`],
          [`'name'`, `'Demo: Spring Sweepstakes 2026'`],
          [`'demo_spec'`, '?'],
        ]),
        params: [JSON.stringify(spec)],
      },
    ];
    try {
      await db.transaction(async (w) => {
        let done = 0;
        const total = statements.length + 1;
        for (const st of statements) {
          await w.run(st.sql, st.params);
          this.events.emit('task.progress', { taskId, label, done: ++done, total });
        }
        await rebuildFacts(w);
        // A past push with its outcomes: it needs the entrants the facts give.
        for (const st of demoPushStatements(spec)) await w.run(st.sql, st.params);
        // What people texted back (replies): it needs each entry's media buy.
        for (const st of demoReplyStatements(spec)) await w.run(st.sql, st.params);
      });
      this.events.emit('task.finished', { taskId, ok: true });
    } catch (e) {
      this.events.emit('task.finished', { taskId, ok: false, message: e instanceof Error ? e.message : String(e) });
      throw e;
    }
    await db.rows('CHECKPOINT');
    const info = await this.info();
    this.events.emit('workspace.changed', { workspace: info });
    return info;
  }

  async info(): Promise<WorkspaceInfo> {
    return workspaceInfo(this.requireDb(), this.path!);
  }

  async setName(name: string): Promise<void> {
    await setMeta(this.requireDb(), 'name', name);
  }

  async close(): Promise<void> {
    for (const t of this.tasks.values()) t.abort();
    // Exports read the workspace: stopped (their temp files removed) before it closes.
    await this.jobs.cancelAll();
    if (this.scheduleTimer) clearInterval(this.scheduleTimer);
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.lakeWatch?.stop();
    this.lakeWatch = null;
    this.scheduleTimer = null;
    this.watchTimer = null;
    this.folderWatcher = null;
    const deliver = this.deliverService;
    this.deliverService = null;
    await deliver?.stop();
    this.uploads.closeAll();
    const db = this.db;
    this.db = null;
    this.path = null;
    if (db) await db.close();
  }
}
