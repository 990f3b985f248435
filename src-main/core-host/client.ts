/**
 * The shell's side of the relay (Electron-free, so tests drive it with a plain Node child): starts
 * the core process, hands it its config, relays invokes and events, answers host calls from a table
 * of callbacks, and never leaves a caller hanging: a call made while the core starts waits for it
 * (bounded), and every call in flight when the core dies is answered with an error.
 */
import type { Result } from '../contract/errors';
import { EVENT_NAMES } from '../contract/events';
import { describeIssues, HOST_CALLS, isHostCallName, type HostCallbacks } from './host-calls';
import type { CoreProcess } from './port';
import { failure, parseToMain, strayId, toErrorData, type CoreConfig } from './protocol';
import { PendingRequests } from './rpc';

export interface CoreClientOptions {
  spawn(): CoreProcess;
  config: CoreConfig;
  host: HostCallbacks;
  onEvent(name: string, payload: unknown): void;
  /** The core ended without being asked to (crashed, killed, failed or hung at start). */
  onDown(why: { code: number | null; message: string }): void;
  /** How long a start may take before the process is ended (ms). */
  startTimeoutMs?: number;
  /** How long shutdown waits for the workspace to close before ending the process (ms). */
  shutdownTimeoutMs?: number;
  log?: (message: string, error?: unknown) => void;
}

type State = 'stopped' | 'starting' | 'ready' | 'stopping';
export type ShutdownOutcome = 'closed' | 'exited' | 'killed' | 'not-running';

const KNOWN_EVENTS = new Set<string>(EVENT_NAMES);

export class CoreClient {
  private proc: CoreProcess | null = null;
  private state: State = 'stopped';
  private readonly invokes = new PendingRequests();
  private waitingForStart: { method: string; input: unknown; resolve: (r: Result<unknown>) => void }[] = [];
  private startTimer: NodeJS.Timeout | null = null;
  /** Host calls being answered while the core starts (the start timer waits for them). */
  private answeringAtStart = 0;
  private fatal: string | null = null;
  private closed = false;
  private exited: Promise<number | null> = Promise.resolve(null);
  private readonly log: (message: string, error?: unknown) => void;

  constructor(private readonly opts: CoreClientOptions) {
    this.log = opts.log ?? ((m, e) => console.error(m, e ?? ''));
  }

  get status(): State {
    return this.state;
  }

  /** Starts the core process (again, after it died). Calls made meanwhile wait for it. */
  start(): void {
    if (this.state !== 'stopped') return;
    this.state = 'starting';
    this.answeringAtStart = 0;
    this.fatal = null;
    this.closed = false;
    const proc = this.opts.spawn();
    this.proc = proc;
    // Messages and the exit of a process replaced since are ignored: each listener checks it is current.
    const current = () => this.proc === proc;
    proc.port.onMessage((m) => current() && this.receive(m));
    this.exited = new Promise((resolve) =>
      proc.onExit((code) => {
        if (current()) this.onExit(code);
        resolve(code);
      }),
    );
    this.armStartTimer();
  }

  /** A start that hangs is ended; time spent waiting on main's own answers (a keychain prompt) does not count. */
  private armStartTimer(): void {
    const proc = this.proc;
    this.clearStartTimer();
    this.startTimer = setTimeout(() => {
      if (!proc || this.proc !== proc || this.state !== 'starting') return;
      this.fatal = 'The ACE core did not start in time.';
      proc.kill();
    }, this.opts.startTimeoutMs ?? 60_000);
  }

  /** One API call; always resolves, with the core's Result or an error saying why there is none. */
  invoke(method: string, input: unknown): Promise<Result<unknown>> {
    if (this.state === 'ready') return this.send(method, input);
    if (this.state === 'starting') return new Promise((resolve) => this.waitingForStart.push({ method, input, resolve }));
    if (this.state === 'stopping') return Promise.resolve(failure('CANCELLED', 'ACE is closing.'));
    return Promise.resolve(failure('INTERNAL', 'The ACE core is not running (it stopped). Restart ACE to continue.'));
  }

  private send(method: string, input: unknown): Promise<Result<unknown>> {
    const { id, result } = this.invokes.open(0, '');
    try {
      this.proc!.port.post({ t: 'invoke', id, method, input });
    } catch (e) {
      this.invokes.settle(
        id,
        failure('BAD_INPUT', `The request could not be sent to the core: ${e instanceof Error ? e.message : String(e)}`),
      );
    }
    return result;
  }

  /**
   * Asks the core to close the workspace and exit; ends the process if that takes longer than the
   * shutdown timeout. 'closed': the core said the workspace was closed before it exited.
   */
  async shutdown(): Promise<ShutdownOutcome> {
    const proc = this.proc;
    if (!proc || this.state === 'stopped') return 'not-running';
    this.state = 'stopping';
    this.failWaiting('CANCELLED', 'ACE is closing.');
    proc.port.post({ t: 'shutdown' });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), this.opts.shutdownTimeoutMs ?? 10_000)));
    const first = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (first === 'late') {
      this.log('[ace] the core did not close in time; ending it');
      proc.kill();
      await Promise.race([this.exited, new Promise((r) => setTimeout(r, 2000))]);
      return 'killed';
    }
    return this.closed ? 'closed' : 'exited';
  }

  private receive(raw: unknown): void {
    const m = parseToMain(raw);
    if (!m) {
      const id = strayId(raw);
      const t = (raw as { t?: unknown } | null)?.t;
      if (id !== null && t === 'result')
        this.invokes.settle(id, failure('INTERNAL', 'The core answered with something that is not a result.'));
      if (id !== null && t === 'host-call')
        this.proc?.port.post({ t: 'host-result', id, result: failure('BAD_INPUT', 'Not a host call.') });
      this.log('[ace] dropped a malformed message from the core');
      return;
    }
    switch (m.t) {
      case 'hello':
        this.proc!.port.post({ t: 'init', config: this.opts.config });
        return;
      case 'ready':
        if (this.state !== 'starting') return;
        this.state = 'ready';
        this.clearStartTimer();
        for (const w of this.waitingForStart.splice(0)) void this.send(w.method, w.input).then(w.resolve);
        return;
      case 'fatal':
        this.fatal = m.message;
        return;
      case 'result':
        this.invokes.settle(m.id, m.result);
        return;
      case 'event':
        // Only the contract's events reach the window.
        if (KNOWN_EVENTS.has(m.name)) this.opts.onEvent(m.name, m.payload);
        return;
      case 'host-call':
        void this.answerHostCall(m.id, m.method, m.args);
        return;
      case 'closed':
        this.closed = true;
        return;
    }
  }

  private async answerHostCall(id: number, method: string, args: unknown): Promise<void> {
    const proc = this.proc;
    const starting = this.state === 'starting';
    if (starting && this.answeringAtStart++ === 0) this.clearStartTimer();
    let result: Result<unknown>;
    if (!isHostCallName(method)) {
      result = failure('UNKNOWN_METHOD', `The desktop has no host call named "${method.slice(0, 80)}".`);
    } else {
      const parsed = HOST_CALLS[method].args.safeParse(args);
      if (!parsed.success) {
        result = failure('BAD_INPUT', `Invalid arguments for ${method}: ${describeIssues(parsed.error)}`);
      } else {
        try {
          const callback = this.opts.host[method] as (a: unknown) => Promise<unknown>;
          result = { ok: true, value: await callback(parsed.data) };
        } catch (e) {
          result = { ok: false, error: toErrorData(e) };
        }
      }
    }
    // The answer goes to the process that asked, if it is still the one running.
    if (proc && this.proc === proc) {
      try {
        proc.port.post({ t: 'host-result', id, result });
      } catch (e) {
        proc.port.post({
          t: 'host-result',
          id,
          result: failure('INTERNAL', `The desktop's answer to ${method} could not be sent: ${e instanceof Error ? e.message : String(e)}`),
        });
      }
    }
    // (A process replaced meanwhile started its own count.)
    if (starting && proc && this.proc === proc && --this.answeringAtStart === 0 && this.state === 'starting') this.armStartTimer();
  }

  private onExit(code: number | null): void {
    const expected = this.state === 'stopping';
    this.state = 'stopped';
    this.proc = null;
    this.clearStartTimer();
    const why = this.fatal ?? `The ACE core stopped unexpectedly (exit code ${code ?? 'none: it was ended by a signal'}).`;
    this.invokes.failAll(expected ? 'CANCELLED' : 'INTERNAL', expected ? 'ACE is closing.' : `${why} What it was doing did not finish.`);
    this.failWaiting(expected ? 'CANCELLED' : 'INTERNAL', expected ? 'ACE is closing.' : why);
    if (!expected) this.opts.onDown({ code, message: why });
  }

  private failWaiting(code: 'INTERNAL' | 'CANCELLED', message: string): void {
    for (const w of this.waitingForStart.splice(0)) w.resolve(failure(code, message));
  }

  private clearStartTimer(): void {
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = null;
  }
}
