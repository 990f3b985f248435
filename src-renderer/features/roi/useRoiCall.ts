import { useEffect, useState } from 'react';
import type { MethodInput, MethodName, MethodOutput } from '../../../src-main/contract/methods';
import { api } from '../../api/client';

export interface CallState<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
}

/**
 * Calls a JSON method whenever its input changes (compared by value); `null` input calls nothing.
 * A response to an input that has since changed is ignored, so the screen never shows stale figures.
 * The last data stays visible while the next call runs (loading is true meanwhile).
 */
export function useRoiCall<M extends MethodName>(method: M, input: MethodInput<M> | null, version = 0): CallState<MethodOutput<M>> {
  const key = input === null ? null : JSON.stringify(input);
  const [state, setState] = useState<CallState<MethodOutput<M>>>({ data: null, error: null, loading: key !== null });

  useEffect(() => {
    if (key === null) {
      setState({ data: null, error: null, loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    const call = api.call as (m: M, i: MethodInput<M>) => Promise<MethodOutput<M>>;
    call(method, JSON.parse(key) as MethodInput<M>)
      .then((data) => live && setState({ data, error: null, loading: false }))
      .catch((error: Error) => live && setState((s) => ({ data: s.data, error, loading: false })));
    return () => {
      live = false;
    };
  }, [method, key, version]);

  return state;
}
