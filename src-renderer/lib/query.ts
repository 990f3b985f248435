import type { Table } from 'apache-arrow';
import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { ChangeArea } from '../../src-main/contract/events';
import type { MethodInput, MethodName, MethodOutput } from '../../src-main/contract/methods';
import { api } from '../api/client';
import { areasOf, writesOf } from './areas';
import { QueryCache, stableJson, type QueryState } from './queryCache';

export { areasOf, writesOf } from './areas';

/** The renderer's one cache, invalidated by the core's events from the start. */
export const queryCache = new QueryCache();
queryCache.connect(api);

export interface QueryResult<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  /** Asks again now. */
  refetch: () => void;
}

export interface QueryOptions {
  /** The areas the answer reads (default: the method's, see lib/areas.ts). */
  areas?: readonly ChangeArea[];
  /** Keep showing the previous input's answer while the new one loads or fails (default true). */
  keepPrevious?: boolean;
}

type AnyCall = (method: MethodName, input: unknown) => Promise<unknown>;
const callJson = api.call as unknown as AnyCall;
const callTable = api.table as unknown as AnyCall;

const keyOf = (format: 'json' | 'arrow', method: string, input: unknown) => `${format} ${method} ${stableJson(input ?? {})}`;

/**
 * A question to the core, answered from the shared cache: `null` input asks nothing. The answer to an
 * input that has since changed never replaces the newer one; the previous answer stays visible while the
 * next loads (`loading` true meanwhile).
 */
export function useQuery<M extends MethodName>(
  method: M,
  input: MethodInput<M> | null,
  options: QueryOptions = {},
): QueryResult<MethodOutput<M>> {
  const key = input === null ? null : keyOf('json', method, input);
  return useCached<MethodOutput<M>>(key, () => callJson(method, input), options.areas ?? areasOf(method), options.keepPrevious ?? true);
}

/** As useQuery, for a method whose answer is an Arrow table. */
export function useTableQuery<M extends MethodName>(
  method: M,
  input: MethodInput<M> | null,
  options: QueryOptions = {},
): QueryResult<Table> {
  const key = input === null ? null : keyOf('arrow', method, input);
  return useCached<Table>(key, () => callTable(method, input), options.areas ?? areasOf(method), options.keepPrevious ?? true);
}

/**
 * A question answered by several calls (e.g. each segment's count): `key` names it (null asks
 * nothing), `run` answers it, `areas` are what it reads.
 */
export function useCustomQuery<T>(
  key: string | null,
  run: () => Promise<T>,
  areas: readonly ChangeArea[],
  options: { keepPrevious?: boolean } = {},
): QueryResult<T> {
  return useCached<T>(key === null ? null : `custom ${key}`, run, areas, options.keepPrevious ?? true);
}

function useCached<T>(
  key: string | null,
  run: () => Promise<unknown>,
  areas: readonly ChangeArea[],
  keepPrevious: boolean,
): QueryResult<T> {
  const entry = key === null ? null : queryCache.entry(key, run, areas);
  const subscribe = useCallback((listener: () => void) => (entry ? queryCache.subscribe(entry, listener) : () => undefined), [entry]);
  const state = useSyncExternalStore(subscribe, () => (entry ? entry.state : QueryCache.IDLE)) as QueryState<T>;
  const previous = useRef<T | null>(null);
  let data = state.data;
  if (key === null) previous.current = null;
  else if (data !== null) previous.current = data;
  else if (keepPrevious) data = previous.current;
  const refetch = useCallback(() => {
    if (entry) queryCache.refetch(entry).catch(() => undefined);
  }, [entry]);
  return { data, error: state.error, loading: key !== null && state.loading, refetch };
}

/** A question asked once, outside a component, through the cache (shares a request already under way). */
export function fetchQuery<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const e = queryCache.entry(keyOf('json', method, input), () => callJson(method, input), areasOf(method));
  return queryCache.ensure(e) as Promise<MethodOutput<M>>;
}

/** Replaces a cached answer with one the renderer already knows (e.g. a save's reply); no request. */
export function setQueryData<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
  update: (old: MethodOutput<M>) => MethodOutput<M>,
): void {
  queryCache.setData(keyOf('json', method, input), (old) => update(old as MethodOutput<M>));
}

/** Marks the questions of these areas out of date (all when absent): those on screen are asked again. */
export function invalidate(areas?: readonly ChangeArea[]): void {
  queryCache.invalidate(areas);
}

/**
 * A write: calls the method, then invalidates what it changed (by default its own area: saving a
 * segment refreshes segment lists, not the data). Throws the core's error as api.call does.
 */
export async function mutate<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
  options: { invalidates?: readonly ChangeArea[] } = {},
): Promise<MethodOutput<M>> {
  const out = (await callJson(method, input)) as MethodOutput<M>;
  queryCache.invalidate(options.invalidates ?? writesOf(method));
  return out;
}

/** Runs `listener` whenever one of `areas` is invalidated (for work the cache does not hold). */
export function onInvalidate(areas: readonly ChangeArea[], listener: () => void): () => void {
  return queryCache.onInvalidate((names) => {
    if (names.some((a) => areas.includes(a))) listener();
  });
}

/**
 * A number that grows whenever one of `areas` is invalidated: for work the cache does not hold (a
 * cancellable pivot), put it in the effect's dependencies so the work runs again when its data changes.
 */
export function useInvalidation(areas: readonly ChangeArea[]): number {
  const key = [...areas].sort().join(',');
  const subscribe = useCallback(
    (listener: () => void) => {
      const names = key.split(',') as ChangeArea[];
      return onInvalidate(names, () => {
        counters.set(key, (counters.get(key) ?? 0) + 1);
        listener();
      });
    },
    [key],
  );
  return useSyncExternalStore(subscribe, () => counters.get(key) ?? 0);
}
const counters = new Map<string, number>();
