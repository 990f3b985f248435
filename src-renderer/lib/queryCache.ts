import type { ChangeArea, EventMap, EventName } from '../../src-main/contract/events';
import { ALL_AREAS, JOB_AREAS, jobKindOf } from './areas';

/** What a screen sees of one question to the core. */
export interface QueryState<T> {
  data: T | null;
  error: Error | null;
  /** A request for this question is on its way (data may still hold the previous answer). */
  loading: boolean;
  /** When data last arrived (ms), 0 before. */
  updatedAt: number;
}

export interface EventSource {
  on<E extends EventName>(name: E, listener: (payload: EventMap[E]) => void): () => void;
}

interface Entry {
  key: string;
  run: () => Promise<unknown>;
  areas: ReadonlySet<ChangeArea>;
  /** Replaced (never mutated) on every change, so React sees a new snapshot. */
  state: QueryState<unknown>;
  /** Bumped by every invalidation: an answer to an older generation is dropped. */
  generation: number;
  /** The data is known to be out of date (invalidated, or never fetched). */
  stale: boolean;
  inflight: { generation: number; promise: Promise<unknown> } | null;
  listeners: Set<() => void>;
  gc: ReturnType<typeof setTimeout> | null;
}

export interface CacheOptions {
  /** How long an answer nobody shows stays cached (ms). */
  gcMs?: number;
  /** An answer older than this is fetched again (in the background) when a screen starts showing it. */
  staleMs?: number;
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same question. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const IDLE: QueryState<never> = Object.freeze({ data: null, error: null, loading: false, updatedAt: 0 });

/**
 * The renderer's one store of answers from the core, keyed by question. Two screens asking the same
 * question share one request and one answer; an invalidation (by the core's events or by the
 * renderer's own writes) marks the questions of the named areas out of date, fetches again those on
 * screen and forgets the others.
 */
export class QueryCache {
  private readonly entries = new Map<string, Entry>();
  private readonly invalidationListeners = new Set<(areas: readonly ChangeArea[]) => void>();
  private readonly gcMs: number;
  private readonly staleMs: number;

  constructor(options: CacheOptions = {}) {
    this.gcMs = options.gcMs ?? 60_000;
    this.staleMs = options.staleMs ?? 30_000;
  }

  static readonly IDLE = IDLE;

  /** The entry for a question, made (not fetched) when new. */
  entry(key: string, run: () => Promise<unknown>, areas: readonly ChangeArea[]): Entry {
    let e = this.entries.get(key);
    if (!e) {
      e = {
        key,
        run,
        areas: new Set(areas),
        state: { data: null, error: null, loading: true, updatedAt: 0 },
        generation: 0,
        stale: true,
        inflight: null,
        listeners: new Set(),
        gc: null,
      };
      this.entries.set(key, e);
      this.scheduleGc(e);
    }
    return e;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Starts showing an entry: `listener` hears every change; fetches when out of date. */
  subscribe(e: Entry, listener: () => void): () => void {
    if (e.gc) clearTimeout(e.gc);
    e.gc = null;
    e.listeners.add(listener);
    this.ensure(e).catch(() => undefined);
    return () => {
      e.listeners.delete(listener);
      if (e.listeners.size === 0) this.scheduleGc(e);
    };
  }

  /** The answer: the cached one while fresh, else the request under way or a new one. */
  ensure(e: Entry): Promise<unknown> {
    if (e.inflight && e.inflight.generation === e.generation) return e.inflight.promise;
    const old = e.state.updatedAt > 0 && Date.now() - e.state.updatedAt > this.staleMs;
    // A failed question is asked again when a screen starts showing it (as a screen's own fetch on mount did).
    if (!e.stale && !old && !e.state.error) return Promise.resolve(e.state.data);
    return this.fetch(e);
  }

  /** Asks again now, whatever is cached. */
  refetch(e: Entry): Promise<unknown> {
    e.generation++;
    e.stale = true;
    return this.fetch(e);
  }

  /**
   * Puts an answer the renderer already knows (a write's reply) in place of the cached one, without
   * asking; a request already under way for the old answer is dropped. Nothing happens for a question
   * nobody has asked.
   */
  setData(key: string, update: (old: unknown) => unknown): void {
    const e = this.entries.get(key);
    if (!e || e.state.data === null) return;
    e.generation++;
    e.stale = false;
    e.inflight = null;
    this.set(e, { data: update(e.state.data), error: null, loading: false, updatedAt: Date.now() });
  }

  private fetch(e: Entry): Promise<unknown> {
    const generation = e.generation;
    const current = () => this.entries.get(e.key) === e && e.generation === generation;
    this.set(e, { ...e.state, loading: true });
    const promise = e.run().then(
      (data) => {
        if (current()) {
          e.stale = false;
          e.inflight = null;
          this.set(e, { data, error: null, loading: false, updatedAt: Date.now() });
        }
        return data;
      },
      (error: unknown) => {
        if (current()) {
          // An error is an answer too (shown until the next fetch); the last data stays beside it.
          e.stale = false;
          e.inflight = null;
          this.set(e, {
            data: e.state.data,
            error: error instanceof Error ? error : new Error(String(error)),
            loading: false,
            updatedAt: e.state.updatedAt,
          });
        }
        throw error;
      },
    );
    // Nobody may be awaiting this promise (a screen reads the state instead).
    promise.catch(() => undefined);
    e.inflight = { generation, promise };
    return promise;
  }

  private set(e: Entry, state: QueryState<unknown>): void {
    e.state = state;
    for (const l of [...e.listeners]) l();
  }

  private scheduleGc(e: Entry): void {
    if (e.gc) clearTimeout(e.gc);
    e.gc = setTimeout(() => {
      e.gc = null;
      if (e.listeners.size === 0 && this.entries.get(e.key) === e) this.entries.delete(e.key);
    }, this.gcMs);
  }

  /**
   * Marks every question that reads one of `areas` out of date (all when absent): those on screen
   * are asked again at once, the others forgotten. Returns how many were asked again.
   */
  invalidate(areas?: readonly ChangeArea[]): number {
    const names = areas ?? ALL_AREAS;
    if (names.length === 0) return 0;
    let refetched = 0;
    for (const e of [...this.entries.values()]) {
      if (!names.some((a) => e.areas.has(a))) continue;
      e.generation++;
      e.stale = true;
      if (e.listeners.size > 0) {
        refetched++;
        void this.fetch(e).catch(() => undefined);
      } else {
        if (e.gc) clearTimeout(e.gc);
        this.entries.delete(e.key);
      }
    }
    for (const l of [...this.invalidationListeners]) l(names);
    return refetched;
  }

  /** Hears every invalidation (for work that is not a cached question, e.g. a cancellable pivot). */
  onInvalidate(listener: (areas: readonly ChangeArea[]) => void): () => void {
    this.invalidationListeners.add(listener);
    return () => this.invalidationListeners.delete(listener);
  }

  /** Invalidates by the core's events: a workspace change names its areas; a finished job, what its kind changes. */
  connect(events: EventSource): () => void {
    const off1 = events.on('workspace.changed', (p) => void this.invalidate(p.changed));
    const off2 = events.on('task.finished', (p) => {
      const kind = jobKindOf(p);
      if (kind) this.invalidate(JOB_AREAS[kind]);
    });
    return () => {
      off1();
      off2();
    };
  }

  /** For tests: how many questions are cached. */
  get size(): number {
    return this.entries.size;
  }
}
