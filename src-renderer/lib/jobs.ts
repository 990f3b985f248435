import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import type { JobOutput } from '../../src-main/contract/events';
import type { MethodInput } from '../../src-main/contract/methods';
import { api } from '../api/client';
import { takeToken } from '../api/http-transport';

/**
 * Jobs in the renderer: start an export or PDF in the core, follow its progress events, cancel it, and
 * when it is done either download its file (browser mode: the one-time URL, with the token) or say where
 * the desktop app saved it. The core writes the file; nothing big comes back inside a reply.
 */
export type JobMethod =
  'segments.export' | 'pivot.exportRows' | 'import.exportRejects' | 'dashboards.exportPdf' | 'draw.exportReport' | 'draw.exportWinners';

export interface JobView {
  jobId: string;
  label: string;
  done: number;
  total: number;
  rows?: number;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  message?: string;
  output?: JobOutput;
}

export interface RunJobOptions {
  /** The name the desktop save dialog suggests (browser mode uses the core's name). */
  fileName: string;
  filters?: { name: string; extensions: string[] }[];
  onUpdate?: (job: JobView) => void;
  /** Show the job in the floating jobs tray (default true; a screen that shows it itself says false). */
  tray?: boolean;
}

/** The Electron preload's bridge is there: the desktop app, with native dialogs and real paths. */
export const isDesktop = (): boolean => !!(window as unknown as { ace?: unknown }).ace;

// The jobs of this page, newest last, for the tray.
const jobs = new Map<string, JobView>();
const listeners = new Set<() => void>();
let snapshot: JobView[] = [];
const changed = () => {
  snapshot = [...jobs.values()];
  listeners.forEach((l) => l());
};
export const jobStore = {
  subscribe(l: () => void): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  get: (): JobView[] => snapshot,
  dismiss(jobId: string): void {
    jobs.delete(jobId);
    changed();
  },
};

let trayMounted = false;
/** The tray lives in its own root, so any screen can start a job without making room for it. */
function mountTray(): void {
  if (trayMounted) return;
  trayMounted = true;
  const el = document.createElement('div');
  el.id = 'ace-job-tray';
  document.body.appendChild(el);
  // Loaded when the first job starts: the tray reads this module's store, so a static import would be a cycle.
  void import('./JobTray').then(({ JobTray }) => createRoot(el).render(createElement(JobTray)));
}

/** Downloads a finished job's file from the web host: a link click, so the browser saves it as a file. */
export function downloadJobFile(output: JobOutput): void {
  if (!output.downloadUrl) return;
  const a = document.createElement('a');
  // A link cannot send the X-Ace-Token header: the token goes in the query, as for the event stream.
  a.href = `${output.downloadUrl}?token=${encodeURIComponent(takeToken())}`;
  a.download = output.fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function cancelJob(jobId: string): Promise<boolean> {
  return api.call('jobs.cancel', { jobId }).then((r) => r.cancelled);
}

const newJobId = () => `job-${crypto.randomUUID()}`;

/**
 * Runs a job to its end. Resolves with its final view (done, failed or cancelled), or null when the
 * person closed the desktop save dialog without choosing a file. Throws only when the job could not
 * start (bad input, no workspace).
 */
export async function runJob<M extends JobMethod>(
  method: M,
  input: Omit<MethodInput<M>, 'jobId' | 'path'>,
  opts: RunJobOptions,
): Promise<JobView | null> {
  let path: string | undefined;
  if (isDesktop()) {
    const picked = await api.call('jobs.pickSavePath', { fileName: opts.fileName, filters: opts.filters ?? [] });
    if (!picked.path) return null;
    path = picked.path;
  }
  const jobId = newJobId();
  const view: JobView = { jobId, label: 'Starting…', done: 0, total: 1, state: 'running' };
  const update = (patch: Partial<JobView>) => {
    Object.assign(view, patch);
    if (opts.tray !== false) {
      jobs.set(jobId, { ...view });
      changed();
    }
    opts.onUpdate?.({ ...view });
  };
  let settle!: (v: JobView) => void;
  const finished = new Promise<JobView>((resolve) => (settle = resolve));
  const finish = (patch: Partial<JobView>) => {
    if (view.state !== 'running') return;
    update(patch);
    cleanup();
    if ((view.state as JobView['state']) === 'done' && view.output && !isDesktop()) downloadJobFile(view.output);
    settle({ ...view });
  };
  // Subscribed before the start, so no event of this job is missed.
  const offProgress = api.on('task.progress', (p) => {
    if (p.taskId === jobId && view.state === 'running')
      update({ label: p.label, done: p.done, total: p.total, ...(p.rows !== undefined ? { rows: p.rows } : {}) });
  });
  const offFinished = api.on('task.finished', (f) => {
    if (f.taskId === jobId) finish({ state: f.ok ? 'done' : f.cancelled ? 'cancelled' : 'failed', message: f.message, output: f.output });
  });
  // The event stream may connect after a quick job ended: ask for the job's state now and then too.
  const poll = setInterval(() => {
    api.call('jobs.get', { jobId }).then(
      (j) => j.state !== 'running' && finish({ state: j.state, message: j.message, output: j.output, done: j.done, total: j.total }),
      () => undefined,
    );
  }, 1500);
  const cleanup = () => {
    offProgress();
    offFinished();
    clearInterval(poll);
  };
  if (opts.tray !== false) mountTray();
  update({});
  try {
    // Every job method takes its input plus jobId and path; the start answers { jobId, fileName }.
    await (api.call as (m: JobMethod, i: unknown) => Promise<unknown>)(method, { ...input, jobId, ...(path ? { path } : {}) });
  } catch (e) {
    cleanup();
    jobs.delete(jobId);
    changed();
    throw e;
  }
  return finished;
}

/** What to tell the person about a finished job. */
export function jobOutcome(job: JobView): string {
  if (job.state === 'cancelled') return 'Cancelled; no file was written.';
  if (job.state === 'failed') return job.message ?? 'The export failed.';
  if (job.output?.path) return `Saved to ${job.output.path}`;
  return `Downloaded ${job.output?.fileName ?? 'the file'}`;
}
