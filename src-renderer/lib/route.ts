import { useCallback, useMemo, useSyncExternalStore } from 'react';

/**
 * Where the user is and what each screen holds, in the URL's fragment: `#/explore?s=…`. The browser's
 * back and forward walk through it, a reload reopens it, and a link copied from the address bar (browser
 * mode) reopens the same question. The fragment never reaches a server.
 *
 * Each screen's last parameters are also remembered for the tab (sessionStorage), so choosing a screen
 * in the sidebar brings back the pivot, ROI options or segment draft it had, as a reload does.
 */
export interface Route {
  page: string;
  params: URLSearchParams;
}

const MEMORY = 'ace.route.';
const listeners = new Set<() => void>();
let hash = '';
let current: Route = { page: '', params: new URLSearchParams() };

function parse(h: string): Route {
  const body = h.replace(/^#\/?/, '');
  const q = body.indexOf('?');
  const page = decodeURIComponent(q < 0 ? body : body.slice(0, q));
  // Only a path-like fragment is ours (the web host's `#token=…` is taken and cleared before any screen shows).
  if (!/^[a-z-]*$/.test(page)) return { page: '', params: new URLSearchParams() };
  return { page, params: new URLSearchParams(q < 0 ? '' : body.slice(q + 1)) };
}

function sync(): void {
  if (location.hash === hash) return;
  hash = location.hash;
  current = parse(hash);
  if (current.page) remember(current);
  for (const l of listeners) l();
}

function remember(r: Route): void {
  try {
    sessionStorage.setItem(MEMORY + r.page, r.params.toString());
  } catch {
    // Storage full or refused: the URL still holds the state; only the sidebar's memory is lost.
  }
}

function recalled(page: string): URLSearchParams {
  try {
    return new URLSearchParams(sessionStorage.getItem(MEMORY + page) ?? '');
  } catch {
    return new URLSearchParams();
  }
}

function write(r: Route, mode: 'push' | 'replace'): void {
  const q = r.params.toString();
  const next = `#/${r.page}${q ? `?${q}` : ''}`;
  if (next === location.hash) return;
  if (mode === 'push') history.pushState(history.state, '', next);
  else history.replaceState(history.state, '', next);
  sync();
}

function subscribe(l: () => void): () => void {
  if (listeners.size === 0) {
    window.addEventListener('popstate', sync);
    window.addEventListener('hashchange', sync);
  }
  listeners.add(l);
  return () => {
    listeners.delete(l);
    if (listeners.size === 0) {
      window.removeEventListener('popstate', sync);
      window.removeEventListener('hashchange', sync);
    }
  };
}

function snapshot(): Route {
  sync();
  return current;
}

/** The route as the URL says now, re-rendering on back, forward, and every change made here. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, snapshot);
}

/** Shows a screen with the parameters it had last in this tab (a new history entry). */
export function goTo(page: string): void {
  sync();
  if (current.page === page) return;
  write({ page, params: recalled(page) }, 'push');
}

/** Replaces the page without a new history entry (the first screen, when the URL names none). */
export function startAt(page: string): void {
  sync();
  if (!current.page) write({ page, params: recalled(page) }, 'replace');
}

/**
 * Sets (or with null removes) parameters of `page` while it is shown. `push` makes a step back/forward
 * walks through (a change the user made); `replace` corrects the URL in place.
 */
export function setParams(page: string, values: Record<string, string | null>, mode: 'push' | 'replace' = 'push'): void {
  sync();
  if (current.page !== page) return;
  const params = new URLSearchParams(current.params);
  for (const [k, v] of Object.entries(values)) {
    if (v === null) params.delete(k);
    else params.set(k, v);
  }
  write({ page, params }, mode);
}

/** Forgets every screen's parameters (another workspace was opened: its fields and segments differ). */
export function forgetScreens(): void {
  try {
    for (const k of Object.keys(sessionStorage)) if (k.startsWith(MEMORY)) sessionStorage.removeItem(k);
  } catch {
    // Nothing remembered to forget.
  }
  sync();
  if (current.page && current.params.size) write({ page: current.page, params: new URLSearchParams() }, 'replace');
}

/** A parameter read as text; empty is none. */
export const textParam = (raw: string): string | null => raw || null;

/**
 * One parameter of a screen as a typed value: `decode` returns null for a missing or unreadable value (the
 * screen then uses its default). Setting `null` removes it.
 */
export function useParam<T>(
  page: string,
  key: string,
  decode: (raw: string) => T | null,
): [T | null, (v: string | null, mode?: 'push' | 'replace') => void] {
  const route = useRoute();
  const raw = route.page === page ? route.params.get(key) : null;
  // `decode` is a module-level function in every caller: the value changes only with the text.
  const value = useMemo(() => (raw === null ? null : decode(raw)), [raw]);
  const set = useCallback((v: string | null, mode: 'push' | 'replace' = 'push') => setParams(page, { [key]: v }, mode), [page, key]);
  return [value, set];
}
