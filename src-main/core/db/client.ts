import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AceError } from '../lib/errors';
import { damagedWhileReading, looksDamaged } from '../workspace/damaged';
import { DEFAULT_MEMORY_LIMIT, limitMb, memoryLimit } from './memory';
import { duckdbThreads } from './threads';
import {
  TEMPORARY_SETTINGS,
  type LakeOpen,
  type SqlParams,
  type Statement,
  type TemporarySetting,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Pending = {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  onProgress?: (percentage: number) => void;
};

/** Statements on the writer connection, inside `DbClient.write` or `DbClient.transaction`. */
export interface Writer {
  run<T = Record<string, unknown>>(sql: string, params?: SqlParams, opts?: { onProgress?: (percentage: number) => void }): Promise<T[]>;
  /**
   * `fn`'s statements with one of TEMPORARY_SETTINGS (db/protocol.ts) changed, put back when it ends, even when a
   * statement failed (the statement's own error is the one thrown) or was cancelled.
   */
  temporarily<T>(setting: TemporarySetting, fn: () => Promise<T>): Promise<T>;
}

/** ACE_PROFILE_SQL=1 prints every writer statement slower than 50 ms to stderr (for benchmarks). */
const PROFILE = process.env.ACE_PROFILE_SQL === '1';
function profile(sql: string, ms: number): void {
  if (ms >= 50) process.stderr.write(`[sql ${ms.toFixed(0).padStart(6)} ms] ${sql.replace(/\s+/g, ' ').slice(0, 110)}\n`);
}

/**
 * Where the worker's code lives: next to this file in development (tsx), or a bundle the host names.
 * From the sources only, ACE_DB_WORKER names a built worker instead (a test seam: the unit tests' setup points
 * it at the one their global setup bundled, which a new worker thread starts in a third of the time and CPU
 * that loading worker.ts through tsx takes, for every session a test opens through the CLI or a host).
 */
export function defaultWorkerUrl(): URL {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL('./db-worker.js', here);
  const built = process.env.ACE_DB_WORKER;
  return built ? pathToFileURL(built) : new URL('./worker.ts', here);
}

/** Development (tsx, vitest): Node 20 does not pass loaders to workers, so register tsx inside it. */
function tsWorker(url: string): Worker {
  // tsx's ESM api entry (its "import" export of tsx/esm/api); require.resolve would give the CJS one.
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(url)}); })`;
  return new Worker(boot, { eval: true });
}

/**
 * A worker whose database closed cleanly, kept (one per worker code) for the next DbClient: starting a thread
 * and loading DuckDB's binding into it took about 0.2 s of every workspace opened, each time the app switches
 * workspace and some 230 times in the unit tests. Its next `open` starts from a clean state (worker.ts closes
 * whatever was open first); it carries on numbering requests where the last client stopped.
 */
const parked = new Map<string, { worker: Worker; nextId: number }>();

/**
 * The core's handle on its DuckDB worker thread. Every call is a message; the main event loop never
 * blocks on a query.
 */
export class DbClient {
  private readonly worker: Worker;
  private readonly workerKey: string;
  private nextId = 1;
  private closed = false;
  private readonly pending = new Map<number, Pending>();
  private dead: Error | null = null;
  private writeChain: Promise<unknown> = Promise.resolve();
  /** Writer sessions finished so far: what was computed from the data at one count may be stale at the next. */
  writes = 0;
  /** How many times open() was called: what was defined on the connections (TEMP macros) is gone at each. */
  opens = 0;
  /** What the workspace is stored in: a DuckDB file or a DuckLake (core/engine/location.ts). */
  engine: 'file' | 'lake' = 'file';
  /** DuckDB's memory limit for this workspace (db/memory.ts), named in an OUT_OF_MEMORY error. */
  private memoryLimit = DEFAULT_MEMORY_LIMIT;
  /** The same in MB: large builds size their parts by it (derived/people.ts). */
  get memoryLimitMb(): number {
    return limitMb(this.memoryLimit);
  }
  /** On a lake, where its catalog's own tables are (the schema of `__ducklake_metadata_ace_lake`). */
  lakeMetadata: string | null = null;
  /** Reading the lake as it stood at this snapshot (engine/snapshot.ts): nothing derived is built, nothing written. */
  snapshot: number | null = null;

  /** Another process committed to this (shared) lake: what was seen ready must be looked at again. */
  externalChange(): void {
    this.writes++;
  }

  constructor(workerUrl: URL | string = defaultWorkerUrl()) {
    this.workerKey = String(workerUrl);
    const idle = parked.get(this.workerKey);
    parked.delete(this.workerKey);
    if (idle) this.nextId = idle.nextId;
    this.worker = idle?.worker ?? (this.workerKey.endsWith('.ts') ? tsWorker(this.workerKey) : new Worker(workerUrl));
    this.worker.unref();
    this.worker.on('message', this.onWorkerMessage);
    this.worker.on('error', this.onWorkerError);
    this.worker.on('exit', this.onWorkerExit);
  }

  private readonly onWorkerMessage = (msg: WorkerResponse) => this.onMessage(msg);
  private readonly onWorkerError = (e: Error) => this.fail(e);
  private readonly onWorkerExit = (code: number) => this.fail(new Error(`DuckDB worker exited (code ${code})`));

  private fail(e: Error): void {
    this.dead = e;
    for (const p of this.pending.values()) p.reject(this.stopped());
    this.pending.clear();
  }

  /** Why a call cannot be answered now that the worker is gone: closed on purpose, or stopped by a crash. */
  private stopped(): AceError {
    const cause = this.dead?.message ?? '';
    return this.dead === CLOSED ? closedError(cause) : new AceError('INTERNAL', `The database worker stopped: ${cause}`);
  }

  private onMessage(msg: WorkerResponse): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if ('progress' in msg) {
      p.onProgress?.(msg.progress.percentage);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.value);
    else p.reject(toAceError(msg.error, this.memoryLimit));
  }

  private call<T>(req: DistributiveOmit<WorkerRequest, 'id'>, onProgress?: Pending['onProgress']): Promise<T> & { id: number } {
    const id = this.nextId++;
    const promise = new Promise<T>((resolve, reject) => {
      if (this.dead) return reject(this.stopped());
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ ...req, id } as WorkerRequest);
    }).finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    });
    return Object.assign(promise, { id });
  }

  /** Opens a DuckDB file at `path`, or with `lake` the DuckLake it describes (core/engine). */
  async open(path: string, lake?: LakeOpen): Promise<void> {
    this.opens++;
    this.engine = lake ? 'lake' : 'file';
    // DuckLake keeps its catalog tables in the attached __ducklake_metadata_<alias>, in `main` for a DuckDB
    // file and in the named (or public) schema of a PostgreSQL database.
    const schema = !lake ? null : 'file' in lake.catalog ? 'main' : (lake.catalog.postgres.schema ?? 'public');
    this.lakeMetadata = schema === null ? null : `__ducklake_metadata_ace_lake."${schema.replace(/"/g, '""')}"`;
    const limit = memoryLimit();
    const threads = duckdbThreads();
    this.memoryLimit = limit;
    return this.write(() => this.call({ op: 'open', path, lake, memoryLimit: limit, ...(threads ? { threads } : {}) }));
  }

  rows<T = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.call({ op: 'rows', sql, params });
  }

  async one<T = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return (await this.rows<T>(sql, params))[0];
  }

  /** `signal` interrupts the query (a newer request superseded it); it then rejects with CANCELLED. */
  arrow(sql: string, params?: SqlParams, signal?: AbortSignal): Promise<Uint8Array> {
    return this.cancellable(this.call<Uint8Array>({ op: 'arrow', sql, params }), signal);
  }

  private cancellable<T>(call: Promise<T> & { id: number }, signal?: AbortSignal): Promise<T> {
    if (!signal) return call;
    const onAbort = () => this.cancel(call.id);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    return call.finally(() => signal.removeEventListener('abort', onAbort));
  }

  /**
   * Exclusive use of the writer connection (one writer at a time; reads go on meanwhile on other
   * connections and see only committed data). `signal` interrupts the running statement.
   */
  write<T>(fn: (w: Writer) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const run = async () => {
      const writer: Writer = {
        run: <R>(sql: string, params?: SqlParams, opts?: { onProgress?: (p: number) => void }) => {
          if (signal?.aborted && sql !== 'ROLLBACK') return Promise.reject(new AceError('CANCELLED', 'Cancelled.'));
          const call = this.call<R[]>({ op: 'write', sql, params, progress: !!opts?.onProgress }, opts?.onProgress);
          const onAbort = () => this.cancel(call.id);
          signal?.addEventListener('abort', onAbort);
          const t0 = PROFILE ? performance.now() : 0;
          return call.finally(() => {
            signal?.removeEventListener('abort', onAbort);
            if (PROFILE) profile(sql, performance.now() - t0);
          });
        },
        temporarily: async <R>(setting: TemporarySetting, inner: () => Promise<R>) => {
          const { set, reset } = TEMPORARY_SETTINGS[setting];
          await writer.run(set);
          try {
            return await inner();
          } finally {
            // Straight to the worker, so that a cancel does not skip it. In a transaction a failure aborted this is
            // refused: the worker puts it back after the rollback.
            await this.call({ op: 'write', sql: reset }).catch(() => undefined);
          }
        },
      };
      try {
        return await fn(writer);
      } finally {
        this.writes++;
      }
    };
    const result = this.writeChain.then(run, run);
    this.writeChain = result.catch(() => undefined);
    return result;
  }

  /** `fn` in one transaction: committed when it returns, rolled back when it throws (or is cancelled). */
  transaction<T>(fn: (w: Writer) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.write(async (w) => {
      await w.run('BEGIN TRANSACTION');
      try {
        const value = await fn(w);
        await w.run('COMMIT');
        return value;
      } catch (e) {
        // ROLLBACK must run even after a cancel; it goes straight to the worker.
        await this.call({ op: 'write', sql: 'ROLLBACK' }).catch(() => undefined);
        throw e;
      }
    }, signal);
  }

  /** A list of statements in one transaction, with progress as statements complete. */
  tx(statements: Statement[], onProgress?: (done: number, total: number) => void): Promise<void> {
    return this.transaction(async (w) => {
      let done = 0;
      for (const st of statements) {
        await w.run(st.sql, st.params);
        onProgress?.(++done, statements.length);
      }
    });
  }

  cancel(requestId: number): void {
    // Once closed the worker may serve another client: nothing of this one's reaches it.
    if (this.dead) return;
    this.worker.postMessage({ id: this.nextId++, op: 'cancel', target: requestId } satisfies WorkerRequest);
  }

  /**
   * Interrupts whatever runs (an import rolls back), lets the writer finish its cleanup, closes the
   * database, and stops the worker. Each wait is bounded: closing never hangs the app.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    let clean = false;
    if (!this.dead) {
      for (const id of [...this.pending.keys()]) this.cancel(id);
      await within(this.writeChain, CLOSE_WAIT_MS);
      // Longer: DuckDB checkpoints as it closes, seconds for a workspace of millions of rows.
      await within(
        this.call({ op: 'close' }).then(() => (clean = true)),
        closeWaitMs(),
      );
    }
    this.worker.off('message', this.onWorkerMessage);
    this.worker.off('error', this.onWorkerError);
    this.worker.off('exit', this.onWorkerExit);
    const reusable = clean && !this.dead && this.pending.size === 0 && !parked.has(this.workerKey);
    // Calls after close fail as they did when the worker was stopped here.
    this.fail(CLOSED);
    if (reusable) {
      this.worker.unref();
      parked.set(this.workerKey, { worker: this.worker, nextId: this.nextId });
    } else {
      // A worker still closing its database (inside DuckDB's code, which a terminate waits for) keeps nothing
      // alive, not even when ref'd: a script or CLI run ended there with exit code 13, unsaid. A timer does.
      const alive = setInterval(() => undefined, 1000);
      await this.worker.terminate().finally(() => clearInterval(alive));
    }
  }
}

const CLOSE_WAIT_MS = 5000;
/** How long closing waits for the database to close (ACE_CLOSE_WAIT_MS sets it, for tests). */
const closeWaitMs = () => Number(process.env.ACE_CLOSE_WAIT_MS) || 60_000;

/** `p`, or nothing after `ms`. */
function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([
    p.then(
      () => undefined,
      () => undefined,
    ),
    late,
  ]).finally(() => clearTimeout(timer));
}

/** What a closed client's worker is, to its calls (a crash while closing stays the crash). */
const CLOSED = new Error('The database was closed');

/** A request that came as its workspace closed (switched, or the app stopping). */
const closedError = (cause: string) =>
  new AceError(
    'NO_WORKSPACE',
    'The workspace closed before this could run (another was opened, or ACE is stopping). Try again in the workspace now open.',
    {
      cause,
    },
  );

function toAceError(err: { message: string; kind: string }, limit: string): AceError {
  switch (err.kind) {
    case 'locked':
      return new AceError(
        'WORKSPACE_LOCKED',
        'This workspace is open in another program (another ACE window, `ace serve` or a CLI command). Close it there, then try again.',
        { cause: err.message },
      );
    case 'interrupted':
      return new AceError('CANCELLED', 'The query was cancelled.');
    case 'memory':
      return new AceError(
        'OUT_OF_MEMORY',
        `This needed more memory than the workspace may use (${limit}), so nothing it was doing was saved. Close other work in ACE and try again; if it still does not fit, start ACE with a higher limit, e.g. ACE_MEMORY_LIMIT=4GB.`,
        { cause: err.message },
      );
    case 'closed':
      return closedError(err.message);
    case 'invalid':
      return new AceError('WORKSPACE_INVALID', 'This file is not an ACE workspace (not a DuckDB database this app can read).', {
        cause: err.message,
      });
    default:
      // A damaged file found while reading: advice, not a raw IO error.
      if (looksDamaged(err.message)) return damagedWhileReading(err.message);
      // A bug, not the person's data: one sentence for them, DuckDB's own text in the details (and the log).
      return new AceError(
        'INTERNAL',
        'The workspace database stopped this with an internal error, so nothing it was doing was saved. Try again; if it happens again, report it with the details.',
        {
          cause: err.message,
        },
      );
  }
}
