import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventMap, EventName } from '../../../src-main/contract/events';
import { areasOf, jobKindOf, writesOf } from '../../../src-renderer/lib/areas';
import { QueryCache, stableJson } from '../../../src-renderer/lib/queryCache';

/** A fake core: answers by hand (deferred) and emits events, so ordering is under the test's control. */
class FakeCore {
  calls: { method: string; input: unknown; resolve: (v: unknown) => void; reject: (e: Error) => void }[] = [];
  private listeners = new Map<string, Set<(p: unknown) => void>>();
  call(method: string, input: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => this.calls.push({ method, input, resolve, reject }));
  }
  on<E extends EventName>(name: E, listener: (p: EventMap[E]) => void): () => void {
    const set = this.listeners.get(name) ?? new Set();
    set.add(listener as (p: unknown) => void);
    this.listeners.set(name, set);
    return () => set.delete(listener as (p: unknown) => void);
  }
  emit<E extends EventName>(name: E, payload: EventMap[E]): void {
    for (const l of this.listeners.get(name) ?? []) l(payload);
  }
  pending(method?: string) {
    return this.calls.filter((c) => !method || c.method === method);
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));

function setup(options = {}) {
  const core = new FakeCore();
  const cache = new QueryCache(options);
  cache.connect(core);
  const entry = (method: string, input: unknown = {}) =>
    cache.entry(`${method} ${stableJson(input)}`, () => core.call(method, input), areasOf(method));
  return { core, cache, entry };
}

afterEach(() => vi.useRealTimers());

describe('query cache', () => {
  it('shares one request between two screens asking the same question, whatever the key order', async () => {
    const { core, cache, entry } = setup();
    const a = entry('roi.get', { by: 'market', from: '2024-01-01' });
    const b = entry('roi.get', { from: '2024-01-01', by: 'market' });
    expect(a).toBe(b);
    const seen: unknown[] = [];
    cache.subscribe(a, () => seen.push(a.state));
    cache.subscribe(b, () => undefined);
    expect(core.calls).toHaveLength(1);
    core.calls[0]!.resolve({ rows: [1] });
    await tick();
    expect(a.state).toMatchObject({ data: { rows: [1] }, error: null, loading: false });
    // A third screen later gets the cached answer without a request.
    cache.subscribe(entry('roi.get', { by: 'market', from: '2024-01-01' }), () => undefined);
    expect(core.calls).toHaveLength(1);
  });

  it('never lets an older answer overwrite a newer one after an invalidation', async () => {
    const { core, cache, entry } = setup();
    const e = entry('segments.list');
    cache.subscribe(e, () => undefined);
    cache.invalidate(['segments']);
    expect(core.calls).toHaveLength(2);
    core.calls[1]!.resolve(['new']);
    await tick();
    core.calls[0]!.resolve(['old']);
    await tick();
    expect(e.state.data).toEqual(['new']);
    expect(e.state.loading).toBe(false);
  });

  it('keeps the answers of different inputs apart (a slow old input cannot land in the new one)', async () => {
    const { core, cache, entry } = setup();
    const older = entry('roi.get', { by: 'market' });
    const newer = entry('roi.get', { by: 'channel' });
    cache.subscribe(older, () => undefined);
    cache.subscribe(newer, () => undefined);
    core.calls[1]!.resolve('channel rows');
    core.calls[0]!.resolve('market rows');
    await tick();
    expect(newer.state.data).toBe('channel rows');
    expect(older.state.data).toBe('market rows');
  });

  it('an error is kept beside the last data and cleared by the next answer', async () => {
    const { core, cache, entry } = setup();
    const e = entry('views.list');
    cache.subscribe(e, () => undefined);
    core.calls[0]!.resolve(['v1']);
    await tick();
    cache.refetch(e).catch(() => undefined);
    core.calls[1]!.reject(new Error('disk full'));
    await tick();
    expect(e.state).toMatchObject({ data: ['v1'], loading: false });
    expect(e.state.error?.message).toBe('disk full');
    cache.refetch(e).catch(() => undefined);
    core.calls[2]!.resolve(['v2']);
    await tick();
    expect(e.state).toMatchObject({ data: ['v2'], error: null });
  });

  it('a workspace change naming areas refetches exactly the questions of those areas', async () => {
    const { core, cache, entry } = setup();
    const list = entry('segments.list');
    const views = entry('views.list');
    const roi = entry('roi.get', { by: 'media_buy' });
    const count = entry('segments.count', { rule: { type: 'all' } });
    for (const e of [list, views, roi, count]) cache.subscribe(e, () => undefined);
    for (const c of core.calls) c.resolve('first');
    await tick();
    core.calls = [];

    core.emit('workspace.changed', { workspace: null, changed: ['views'] });
    expect(core.calls.map((c) => c.method)).toEqual(['views.list']);
    core.calls = [];

    core.emit('workspace.changed', { workspace: null, changed: ['data'] });
    expect(core.calls.map((c) => c.method).sort()).toEqual(['roi.get', 'segments.count']);
    core.calls = [];

    // No list: everything.
    core.emit('workspace.changed', { workspace: null });
    expect(core.calls).toHaveLength(4);
  });

  it('a finished job invalidates what its kind changes; exports change nothing', async () => {
    const { core, cache, entry } = setup();
    const pushes = entry('push.list');
    const roi = entry('roi.get', {});
    cache.subscribe(pushes, () => undefined);
    cache.subscribe(roi, () => undefined);
    for (const c of core.calls) c.resolve('x');
    await tick();
    core.calls = [];
    core.emit('task.finished', { taskId: 't1', ok: true, kind: 'export' });
    expect(core.calls).toHaveLength(0);
    core.emit('task.finished', { taskId: 't2', ok: true, kind: 'push' });
    expect(core.calls.map((c) => c.method)).toEqual(['push.list']);
    core.calls = [];
    core.emit('task.finished', { taskId: 't3', ok: true, kind: 'import' });
    expect(core.calls.map((c) => c.method)).toEqual(['roi.get']);
    core.calls = [];
    // Progress never refetches.
    core.emit('task.progress', { taskId: 'push-P1', label: 'sending', done: 1, total: 3 });
    expect(core.calls).toHaveLength(0);
    // An older core names no kind: the task id's prefix says it.
    core.emit('task.finished', { taskId: 'push-P1', ok: true });
    expect(core.calls.map((c) => c.method)).toEqual(['push.list']);
  });

  it('forgets invalidated questions nobody shows, and asks again when one is shown', async () => {
    const { core, cache, entry } = setup();
    const e = entry('segments.list');
    const off = cache.subscribe(e, () => undefined);
    core.calls[0]!.resolve(['a']);
    await tick();
    off();
    cache.invalidate(['segments']);
    expect(core.calls).toHaveLength(1);
    expect(cache.has(e.key)).toBe(false);
    const again = entry('segments.list');
    cache.subscribe(again, () => undefined);
    expect(core.calls).toHaveLength(2);
  });

  it('drops unshown answers after gcMs and refreshes old ones in the background when shown again', async () => {
    vi.useFakeTimers();
    const { core, cache, entry } = setup({ gcMs: 1000, staleMs: 500 });
    const e = entry('draw.list');
    const off = cache.subscribe(e, () => undefined);
    core.calls[0]!.resolve(['d']);
    await vi.advanceTimersByTimeAsync(600);
    off();
    cache.subscribe(e, () => undefined);
    expect(core.calls).toHaveLength(2);
    expect(e.state).toMatchObject({ data: ['d'], loading: true });
    core.calls[1]!.resolve(['d2']);
    await vi.advanceTimersByTimeAsync(0);
    const lone = entry('messages.list');
    expect(cache.has(lone.key)).toBe(true);
    await vi.advanceTimersByTimeAsync(1001);
    expect(cache.has(lone.key)).toBe(false);
    expect(cache.has(e.key)).toBe(true);
  });

  it('tells invalidation listeners which areas changed', () => {
    const { cache } = setup();
    const heard: unknown[] = [];
    cache.onInvalidate((a) => heard.push(a));
    cache.invalidate(['segments']);
    cache.invalidate();
    expect(heard[0]).toEqual(['segments']);
    expect((heard[1] as string[]).length).toBeGreaterThan(5);
  });
});

describe('areas', () => {
  it('maps methods to what they read and write', () => {
    // A pivot reads the data, and the pushes (its push group and message response fields).
    expect(areasOf('pivot.run')).toEqual(['data', 'deliver']);
    expect(areasOf('roi.get')).toEqual(['data']);
    expect(areasOf('segments.list')).toEqual(['segments']);
    expect(areasOf('segments.count')).toContain('data');
    // How many the frequency cap holds back changes with every push.
    expect(areasOf('segments.count')).toContain('deliver');
    expect(writesOf('push.setCap')).toEqual(['deliver']);
    expect(writesOf('segments.save')).toEqual(['segments']);
    expect(writesOf('views.delete')).toEqual(['views']);
    expect(writesOf('pivot.run')).toEqual([]);
  });
  it('reads a job kind from the event or the task id', () => {
    expect(jobKindOf({ taskId: 'x', ok: true, kind: 'pdf' })).toBe('pdf');
    expect(jobKindOf({ taskId: 'imp-abc', ok: true })).toBe('import');
    expect(jobKindOf({ taskId: 'demo-1', ok: true })).toBe('demo');
    expect(jobKindOf({ taskId: 'background-x', ok: false })).toBeNull();
  });
});

describe('query cache: failures', () => {
  it('asks a failed question again when a screen starts showing it, but not for every listener of one screen', async () => {
    const { core, cache, entry } = setup();
    const e = entry('watch.list');
    const off = cache.subscribe(e, () => undefined);
    core.calls[0]!.reject(new Error('locked'));
    await tick();
    expect(e.state.error?.message).toBe('locked');
    off();
    cache.subscribe(e, () => undefined);
    cache.subscribe(e, () => undefined);
    expect(core.calls).toHaveLength(2);
    core.calls[1]!.resolve(['w']);
    await tick();
    expect(e.state).toMatchObject({ data: ['w'], error: null });
  });
});
