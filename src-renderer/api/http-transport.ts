import type { Result } from '../../src-main/contract/errors';
import { EVENT_NAMES, type EventMap, type EventName } from '../../src-main/contract/events';
import type { MethodName } from '../../src-main/contract/methods';
import type { Transport } from '../../src-main/contract/transport';

const TOKEN_KEY = 'ace.token';

/** The per-launch token arrives in the URL fragment (never sent to a server); keep it for reloads, then hide it. */
export function takeToken(): string {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** Browser mode: POST /api/rpc/:method and server-sent events, both carrying the token. */
export class HttpTransport implements Transport {
  private source: EventSource | null = null;
  private readonly listeners = new Map<EventName, Set<(p: unknown) => void>>();

  constructor(private readonly token: string) {}

  async invoke(method: MethodName, input: unknown): Promise<Result<unknown>> {
    let res: Response | null = null;
    const send = () =>
      fetch(`/api/rpc/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Ace-Token': this.token },
        body: JSON.stringify(input ?? {}),
      });
    // A network error with no answer is tried once more after a moment: a connection that closed as the
    // request went out never reached the server. A second failure means the server is not there.
    for (let attempt = 0; !res; attempt++) {
      try {
        res = await send();
      } catch {
        if (attempt > 0)
          return { ok: false, error: { code: 'INTERNAL', message: 'Cannot reach the ACE server. Is `ace serve` still running?' } };
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    if ((res.headers.get('content-type') ?? '').startsWith('application/vnd.apache.arrow.stream')) {
      return { ok: true, value: new Uint8Array(await res.arrayBuffer()) };
    }
    try {
      return (await res.json()) as Result<unknown>;
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: `The server answered ${res.status} without a readable body.` } };
    }
  }

  onEvent<E extends EventName>(name: E, listener: (payload: EventMap[E]) => void): () => void {
    if (!this.source) {
      this.source = new EventSource(`/api/events?token=${encodeURIComponent(this.token)}`);
      for (const n of EVENT_NAMES) {
        this.source.addEventListener(n, (ev) => {
          const payload = JSON.parse((ev as MessageEvent<string>).data) as unknown;
          this.listeners.get(n)?.forEach((l) => l(payload));
        });
      }
    }
    const set = this.listeners.get(name) ?? new Set();
    this.listeners.set(name, set);
    const l = listener as (p: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }
}
