/**
 * The core process's side of the relay: on `init` it builds the Session and the one dispatcher the
 * web host and CLI also use, answers `invoke`s with the dispatcher's Result, forwards the session's
 * events, and asks the shell for what only Electron can do (host calls). `shutdown` closes the
 * workspace (DuckDB checkpoints and releases its file) before the process exits.
 */
import { join } from 'node:path';
import type { Result } from '../contract/errors';
import { createDispatcher, type Dispatch } from '../core/dispatcher';
import { AceError } from '../core/lib/errors';
import type { HandlerTable } from '../core/handlers';
import { usePrivateFileModes } from '../core/lib/paths';
import { Session } from '../core/session';
import { describeIssues, HOST_CALLS, type HostCallArgs, type HostCallName, type HostCallResult } from './host-calls';
import type { Port } from './port';
import { failure, parseToCore, strayId, type CoreConfig, type ToMain } from './protocol';
import { PendingRequests } from './rpc';
import { RelayedKeychainSecrets } from './secrets';

/** Asks the shell for something only it can do; rejects with an AceError the dispatcher reports. */
export interface HostChannel {
  call<M extends HostCallName>(method: M, args: HostCallArgs<M>): Promise<HostCallResult<M>>;
}

export interface ServeOptions {
  /** The DuckDB worker script (the bundle beside this one); default: the core's own default. */
  workerUrl?: URL | string;
  /** Ends the process once shut down (tests pass a spy). */
  exit?: (code: number) => void;
  /** More host-backed handlers (e.g. a job runner's save dialog through `savePathPicker`). */
  overrides?: (host: HostChannel) => Partial<HandlerTable>;
  log?: (message: string, error?: unknown) => void;
}

/** The desktop's save dialog as a plain function, for whoever writes a file the person chooses. */
export function savePathPicker(host: HostChannel): (o: HostCallArgs<'pickSavePath'>) => Promise<string | null> {
  return (o) => host.call('pickSavePath', o);
}

/** The handlers that were overrides in main before the core moved out: now host calls. */
function desktopOverrides(host: HostChannel): Partial<HandlerTable> {
  return {
    'workspace.pick': async (_i, session) => {
      const path = await host.call('pickOpenWorkspace', {});
      return path ? session.open(path, { create: true }) : null;
    },
    'workspace.pickNew': async (_i, session) => {
      const path = await host.call('pickNewWorkspace', {});
      return path ? session.create(path) : null;
    },
    'import.pickFiles': async () => ({ paths: await host.call('pickImportFiles', {}) }),
    // The page lays itself out for print; Chromium (in main) renders it. The contract's answer is base64.
    'app.printToPdf': async ({ landscape }) => ({
      pdfBase64: Buffer.from(await host.call('printToPdf', { landscape })).toString('base64'),
    }),
    // Where a job writes its file: the desktop's save dialog.
    'jobs.pickSavePath': async ({ fileName, filters }) => ({
      path: await savePathPicker(host)({ defaultName: fileName, filters: filters.length ? filters : undefined }),
    }),
  };
}

export function serveCore(port: Port, opts: ServeOptions = {}): void {
  const log = opts.log ?? ((m: string, e?: unknown) => console.error(m, e ?? ''));
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const hostCalls = new PendingRequests();
  let state: 'waiting' | 'starting' | 'ready' | 'closing' = 'waiting';
  let session: Session | null = null;
  let secrets: RelayedKeychainSecrets | null = null;
  let dispatch: Dispatch | null = null;
  let closing: Promise<void> | null = null;
  const early: { id: number; method: string; input: unknown }[] = [];

  const post = (m: ToMain) => {
    try {
      port.post(m);
    } catch (e) {
      // Not cloneable (a bug in a handler's output): the caller still gets an answer.
      log('[ace] core: could not send a message to the app', e);
      if (m.t === 'result')
        port.post({ t: 'result', id: m.id, result: failure('INTERNAL', 'The result could not be sent to the window.') });
    }
  };

  const host: HostChannel = {
    async call(method, args) {
      const spec = HOST_CALLS[method];
      const { id, result } = hostCalls.open(spec.timeoutMs, `The desktop did not answer ${method} in time.`);
      post({ t: 'host-call', id, method, args });
      const r = await result;
      if (!r.ok) throw new AceError(r.error.code, r.error.message, r.error.details);
      const parsed = spec.result.safeParse(r.value);
      if (!parsed.success)
        throw new AceError('INTERNAL', `The desktop's answer to ${method} was not understood (${describeIssues(parsed.error)}).`);
      return parsed.data as HostCallResult<typeof method>;
    },
  };

  async function run(id: number, method: string, input: unknown): Promise<void> {
    let result: Result<unknown>;
    if (state === 'closing') result = failure('CANCELLED', 'ACE is closing.');
    else result = await dispatch!(method, input);
    post({ t: 'result', id, result });
  }

  async function init(config: CoreConfig): Promise<void> {
    state = 'starting';
    try {
      // Everything this app writes (workspaces, their WAL, exports, settings) is the user's only.
      usePrivateFileModes();
      // Sending-service secrets: sealed by main's safeStorage, in a file outside any workspace.
      secrets = new RelayedKeychainSecrets(join(config.dataDir, 'secrets.json'), {
        status: () => host.call('keychainStatus', {}),
        encrypt: (plain) => host.call('keychainEncrypt', { plain }),
        decrypt: (sealed) => host.call('keychainDecrypt', { sealed }),
      });
      await secrets.load();
      session = new Session({ dataDir: config.dataDir, workerUrl: opts.workerUrl, secrets, background: true });
      session.events.subscribe((name, payload) => post({ t: 'event', name, payload }));
      dispatch = createDispatcher({
        session,
        host: { host: config.host, version: config.version, nativeDialogs: config.nativeDialogs },
        overrides: { ...(config.nativeDialogs ? desktopOverrides(host) : {}), ...opts.overrides?.(host) },
        log,
      });
    } catch (e) {
      post({ t: 'fatal', message: `The ACE core could not start: ${e instanceof Error ? e.message : String(e)}` });
      await port.drain();
      exit(1);
      return;
    }
    if (state !== 'starting') return; // shut down while starting
    state = 'ready';
    post({ t: 'ready' });
    for (const q of early.splice(0)) void run(q.id, q.method, q.input);
  }

  /** Closes the workspace (DuckDB writes its checkpoint), says so, and ends the process. */
  function shutdown(): Promise<void> {
    closing ??= (async () => {
      state = 'closing';
      hostCalls.failAll('CANCELLED', 'ACE is closing.');
      for (const q of early.splice(0)) post({ t: 'result', id: q.id, result: failure('CANCELLED', 'ACE is closing.') });
      try {
        await session?.close();
        await secrets?.flush();
      } catch (e) {
        log('[ace] core: closing the workspace failed', e);
      }
      post({ t: 'closed' });
      await port.drain();
      exit(0);
    })();
    return closing;
  }

  port.onMessage((raw) => {
    const m = parseToCore(raw);
    if (!m) {
      // Someone waits on this id: answer it rather than let it hang; anything else is dropped.
      const id = strayId(raw);
      const t = (raw as { t?: unknown } | null)?.t;
      if (id !== null && t === 'invoke')
        post({ t: 'result', id, result: failure('BAD_INPUT', 'The request did not have the shape of an API call.') });
      else if (id !== null && t === 'host-result')
        hostCalls.settle(id, failure('INTERNAL', 'The desktop answered with something that is not a result.'));
      log('[ace] core: dropped a malformed message');
      return;
    }
    switch (m.t) {
      case 'init':
        if (state === 'waiting') void init(m.config);
        return;
      case 'invoke':
        if (state === 'ready' || state === 'closing') void run(m.id, m.method, m.input);
        else early.push(m);
        return;
      case 'host-result':
        hostCalls.settle(m.id, m.result);
        return;
      case 'shutdown':
        void shutdown();
        return;
    }
  });
  // The shell went away without saying goodbye (it crashed): close the workspace cleanly anyway.
  port.onClose(() => void shutdown());
  // The OS ends the process (logout, shutdown, a task manager): close the workspace first, as on quit.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, () => void shutdown());
  post({ t: 'hello' });
}
