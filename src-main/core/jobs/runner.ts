import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { JobKind, JobOutput } from '../../contract/events';
import type { JobInfo, JobStarted } from '../../contract/jobs';
import { AceError } from '../lib/errors';
import type { EventBus } from '../lib/events';
import { Downloads } from './downloads';

export interface JobContext {
  signal: AbortSignal;
  /** Where the job writes its output: a temp name beside the final file, renamed only on success. */
  file: string;
  /** Progress as done of total (any unit), with rows so far; throttled before it becomes an event. */
  progress(done: number, total: number, extra?: { rows?: number; label?: string }): void;
}

export interface JobSpec {
  jobId?: string;
  kind: JobKind;
  label: string;
  fileName: string;
  /** The final file (desktop, CLI). Without it the file is offered once as a browser download. */
  path?: string;
  run(ctx: JobContext): Promise<{ rows?: number; pages?: number }>;
  /**
   * Called once the file is written, before it gets its final name (the export log records a file of
   * personal data here: if recording fails, the job fails and no file appears).
   */
  beforeFinish?(done: { rows?: number; fileName: string }): Promise<void>;
}

interface Running {
  info: JobInfo;
  controller: AbortController;
  done: Promise<JobInfo>;
}

/** Finished jobs kept for `jobs.list` (the newest). */
const KEEP_FINISHED = 20;
const PROGRESS_EVERY_MS = 100;

/**
 * The core's one runner for long work that makes a file: an id, a kind, progress events, cancel, and
 * an output that is never half there. The job writes a temp file in the destination's own folder; on
 * success it is flushed and renamed over the final name (atomic on one file system), on cancel or
 * failure it is deleted. Imports and pushes run as they always have; the runner sees their progress
 * events so `jobs.list` and `jobs.cancel` cover them too.
 */
export class JobRunner {
  private readonly jobs = new Map<string, Running>();
  private readonly external = new Map<string, JobInfo>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly events: EventBus,
    readonly downloads: Downloads,
    /** Cancels an import or push by its task id (the session knows how). */
    private readonly cancelExternal: (taskId: string) => boolean = () => false,
  ) {
    this.unsubscribe = events.subscribe((name, payload) => this.observe(name, payload));
  }

  start(spec: JobSpec): JobStarted {
    const jobId = spec.jobId ?? `job-${randomBytes(9).toString('base64url')}`;
    if (this.jobs.get(jobId)?.info.state === 'running' || this.external.has(jobId))
      throw new AceError('BAD_INPUT', `A job called ${jobId} is already running.`);
    if (spec.path !== undefined && !isAbsolute(spec.path)) throw new AceError('BAD_INPUT', 'Give the file to save as a full path.');
    const fileName = spec.path ? basename(spec.path) : Downloads.safeName(spec.fileName);
    const folder = spec.path ? dirname(spec.path) : this.downloads.folder();
    // Refused before anything starts: a stream opened in a missing folder fails later, outside the job.
    if (!isFolder(folder)) throw new AceError('BAD_INPUT', `The folder ${folder} does not exist. Choose another place to save the file.`);
    const final = spec.path ?? join(folder, fileName);
    const temp = join(folder, `.${fileName}.${jobId}.part`);
    const controller = new AbortController();
    const info: JobInfo = {
      jobId,
      kind: spec.kind,
      label: spec.label,
      state: 'running',
      done: 0,
      total: 1,
      cancellable: true,
      startedAt: new Date().toISOString(),
    };
    let last = 0;
    const emit = (force = false) => {
      const now = Date.now();
      if (!force && now - last < PROGRESS_EVERY_MS) return;
      last = now;
      this.events.emit('task.progress', {
        taskId: jobId,
        kind: spec.kind,
        label: info.label,
        done: info.done,
        total: info.total,
        cancellable: true,
        ...(info.rows !== undefined ? { rows: info.rows } : {}),
      });
    };
    const ctx: JobContext = {
      signal: controller.signal,
      file: temp,
      progress: (done, total, extra) => {
        info.done = done;
        info.total = Math.max(total, 1);
        if (extra?.rows !== undefined) info.rows = extra.rows;
        if (extra?.label) info.label = extra.label;
        emit();
      },
    };
    const run = async (): Promise<JobInfo> => {
      // Let the caller's reply (the job id) go out before the first event.
      await new Promise<void>((r) => setImmediate(r));
      emit(true);
      try {
        if (controller.signal.aborted) throw new AceError('CANCELLED', 'Cancelled.');
        const { rows, pages } = await spec.run(ctx);
        if (controller.signal.aborted) throw new AceError('CANCELLED', 'Cancelled.');
        await spec.beforeFinish?.({ ...(rows !== undefined ? { rows } : {}), fileName });
        flush(temp);
        renameSync(temp, final);
        const output: JobOutput = {
          fileName,
          bytes: statSync(final).size,
          ...(rows !== undefined ? { rows } : {}),
          ...(pages !== undefined ? { pages } : {}),
        };
        if (spec.path) output.path = final;
        else output.downloadUrl = this.downloads.offer(final, fileName);
        Object.assign(info, { state: 'done', done: info.total, output, message: doneMessage(output) });
        this.events.emit('task.finished', { taskId: jobId, ok: true, kind: spec.kind, message: info.message, output });
      } catch (e) {
        rmSync(temp, { force: true });
        if (!spec.path) this.downloads.remove(final);
        const cancelled = controller.signal.aborted;
        const message = cancelled
          ? `${spec.label}: cancelled; no file was written.`
          : `${spec.label} failed: ${e instanceof Error ? e.message : String(e)}`;
        Object.assign(info, { state: cancelled ? 'cancelled' : 'failed', message });
        this.events.emit('task.finished', {
          taskId: jobId,
          ok: false,
          kind: spec.kind,
          message,
          ...(cancelled ? { cancelled: true } : {}),
        });
      }
      info.cancellable = false;
      this.prune();
      return info;
    };
    const running: Running = { info, controller, done: run() };
    this.jobs.set(jobId, running);
    return { jobId, fileName };
  }

  get(jobId: string): JobInfo {
    const j = this.jobs.get(jobId)?.info ?? this.external.get(jobId);
    if (!j) throw new AceError('NOT_FOUND', `There is no job ${jobId} (it finished a while ago, or the app restarted).`);
    return { ...j };
  }

  list(): JobInfo[] {
    return [...[...this.jobs.values()].map((j) => ({ ...j.info })), ...[...this.external.values()].map((j) => ({ ...j }))].sort((a, b) =>
      b.startedAt.localeCompare(a.startedAt),
    );
  }

  cancel(jobId: string): boolean {
    const j = this.jobs.get(jobId);
    if (j) {
      if (j.info.state !== 'running') return false;
      j.controller.abort();
      return true;
    }
    return this.external.has(jobId) ? this.cancelExternal(jobId) : false;
  }

  /** The job's final state (for the CLI, benchmarks and tests); never throws for a failed job. */
  wait(jobId: string): Promise<JobInfo> {
    const j = this.jobs.get(jobId);
    if (!j) return Promise.reject(new AceError('NOT_FOUND', `There is no job ${jobId}.`));
    return j.done;
  }

  /** Cancels every running job and waits for their temp files to be gone (the workspace is closing). */
  async cancelAll(): Promise<void> {
    const running = [...this.jobs.values()].filter((j) => j.info.state === 'running');
    running.forEach((j) => j.controller.abort());
    await Promise.all(running.map((j) => j.done));
  }

  /** Closing the app: nothing left running, no download left behind. */
  async close(): Promise<void> {
    await this.cancelAll();
    this.unsubscribe();
    this.downloads.clear();
  }

  private prune(): void {
    const finished = [...this.jobs.entries()].filter(([, j]) => j.info.state !== 'running');
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(id);
  }

  /** Imports, pushes and the demo report through events only; the runner follows them for jobs.list. */
  private observe(name: string, payload: unknown): void {
    if (name !== 'task.progress' && name !== 'task.finished') return;
    const p = payload as {
      taskId: string;
      label?: string;
      done?: number;
      total?: number;
      rows?: number;
      cancellable?: boolean;
      kind?: JobKind;
    };
    if (this.jobs.has(p.taskId) || p.taskId.startsWith('background-')) return;
    if (name === 'task.finished') {
      this.external.delete(p.taskId);
      return;
    }
    const kind = p.kind ?? (p.taskId.startsWith('push-') ? 'push' : p.taskId.startsWith('demo-') ? 'demo' : 'import');
    const prev = this.external.get(p.taskId);
    this.external.set(p.taskId, {
      jobId: p.taskId,
      kind,
      label: p.label ?? prev?.label ?? '',
      state: 'running',
      done: p.done ?? 0,
      total: p.total ?? 1,
      ...(p.rows !== undefined ? { rows: p.rows } : {}),
      cancellable: !!p.cancellable,
      startedAt: prev?.startedAt ?? new Date().toISOString(),
    });
  }
}

/** The file's bytes on disk before its final name appears: a crash after the rename finds it whole. */
function flush(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function doneMessage(o: JobOutput): string {
  const rows = o.rows !== undefined ? `${o.rows.toLocaleString('en-US')} row${o.rows === 1 ? '' : 's'}, ` : '';
  return o.path
    ? `Saved ${rows}${o.bytes.toLocaleString('en-US')} bytes to ${o.path}`
    : `${o.fileName} is ready (${rows}${o.bytes.toLocaleString('en-US')} bytes)`;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
