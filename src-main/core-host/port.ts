/**
 * One small port interface over the two channels the core process can sit behind: Electron's
 * `process.parentPort` (the app's utility process) and Node's `child_process.fork` IPC (tests, and
 * any plain-Node host). Both structured-clone messages, so Uint8Array payloads cross as bytes.
 * Buffers are copied, not transferred: a result's bytes may still be referenced in the core (caches,
 * pooled Buffers), and a transferred buffer is detached at the sender.
 *
 * Not a worker thread: the core must be a process of its own. Its DuckDB worker is a thread with
 * DuckDB's native module; nested inside another worker thread, closing it was seen to abort the whole
 * process in native code ("terminate called after throwing an instance of 'Napi::Error'").
 */
import type { ChildProcess } from 'node:child_process';

export interface Port {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The other end went away (where the channel can tell). */
  onClose(listener: () => void): void;
  /** Resolves once everything posted has left this process: before exiting. */
  drain(): Promise<void>;
}

/** The shape of Electron's `process.parentPort` (types only: nothing here loads Electron). */
export interface ElectronParentPortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export function fromElectronParentPort(pp: ElectronParentPortLike): Port {
  return {
    post: (m) => pp.postMessage(m),
    onMessage: (l) => void pp.on('message', (e) => l(e?.data)),
    // A utility process is ended with the app; nothing to watch.
    onClose: () => undefined,
    // postMessage hands the message to Mojo synchronously.
    drain: async () => undefined,
  };
}

/** This process's IPC channel to the parent that forked it (fork with `serialization: 'advanced'`). */
export function fromNodeProcess(proc: NodeJS.Process = process): Port {
  let pending = 0;
  let waiters: (() => void)[] = [];
  const settle = () => {
    if (--pending > 0) return;
    for (const w of waiters) w();
    waiters = [];
  };
  return {
    post: (m) => {
      if (!proc.connected || !proc.send) return;
      pending++;
      proc.send(m, undefined, {}, () => settle());
    },
    onMessage: (l) => void proc.on('message', (m) => l(m)),
    onClose: (l) => void proc.once('disconnect', l),
    drain: () => (pending === 0 ? Promise.resolve() : new Promise<void>((r) => waiters.push(r))),
  };
}

/** The channel this process was started behind, whichever of the two it is. */
export function childPort(): Port {
  const electron = (process as NodeJS.Process & { parentPort?: ElectronParentPortLike }).parentPort;
  if (electron) return fromElectronParentPort(electron);
  if (process.send) return fromNodeProcess(process);
  throw new Error('The ACE core process was started without a channel to its host (no Electron parentPort, no Node IPC).');
}

// --- The parent's side ---------------------------------------------------------------------------

/** A started core process as the shell sees it. */
export interface CoreProcess {
  port: Port;
  /** Ends the process now (after a shutdown that did not finish in time, or a hung start). */
  kill(): void;
  /** Exactly once, when the process has ended (code null when killed by a signal). */
  onExit(listener: (code: number | null) => void): void;
}

/** A core forked with Node's child_process (`serialization: 'advanced'`, so bytes stay bytes). */
export function nodeChildCore(child: ChildProcess): CoreProcess {
  return {
    port: {
      post: (m) => {
        if (child.connected) child.send(m as object, undefined, {}, () => undefined);
      },
      onMessage: (l) => void child.on('message', (m) => l(m)),
      onClose: (l) => void child.once('exit', () => l()),
      drain: async () => undefined,
    },
    kill: () => void child.kill('SIGKILL'),
    onExit: (l) => {
      if (child.exitCode !== null || child.signalCode !== null) l(child.exitCode);
      else child.once('exit', (code) => l(code));
    },
  };
}
