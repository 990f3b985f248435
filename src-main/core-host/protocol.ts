/**
 * The relay protocol between the desktop shell (Electron main) and the core process (a utility
 * process in the app, a plain Node child or worker in tests). Electron-free: both ends import it.
 *
 * main -> core                                    core -> main
 *   init { config }        (after hello)            hello                 (the process is listening)
 *   invoke { id, method, input }                    ready | fatal { message }
 *   host-result { id, ok, value | error }           result { id, result: Result }
 *   shutdown                                        event { name, payload }
 *                                                   host-call { id, method, args }
 *                                                   closed                (workspace closed; exiting)
 *
 * Every message is structured-cloned by the port (Electron's parentPort, Node's `advanced` IPC
 * serialization, or a worker MessagePort), so Arrow bytes and PDFs cross as Uint8Array, never base64.
 * Errors cross as data (`{ ok: false, error }`); nothing is thrown across the boundary. Each end
 * validates what it receives: a malformed message is dropped (or answered with an error when it
 * carries an id someone waits on), never trusted by shape.
 */
import { ERROR_CODES, type AceErrorData, type Result } from '../contract/errors';

/** What the core process needs from the shell before it can build its session. */
export interface CoreConfig {
  /** The app's own folder (settings, demo, uploads, secrets.json). */
  dataDir: string;
  version: string;
  host: 'electron' | 'web' | 'cli';
  nativeDialogs: boolean;
}

export type ToCore =
  | { t: 'init'; config: CoreConfig }
  | { t: 'invoke'; id: number; method: string; input: unknown }
  | { t: 'host-result'; id: number; result: Result<unknown> }
  | { t: 'shutdown' };

export type ToMain =
  | { t: 'hello' }
  | { t: 'ready' }
  | { t: 'fatal'; message: string }
  | { t: 'result'; id: number; result: Result<unknown> }
  | { t: 'event'; name: string; payload: unknown }
  | { t: 'host-call'; id: number; method: string; args: unknown }
  | { t: 'closed' };

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isId = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x > 0;
/** Method and event names are short dotted words; anything else is not ours. */
const isName = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= 100 && /^[A-Za-z][\w.-]*$/.test(x);

export function isErrorData(x: unknown): x is AceErrorData {
  return isObj(x) && typeof x.message === 'string' && (ERROR_CODES as readonly unknown[]).includes(x.code);
}

/** `{ ok: true, value }` or `{ ok: false, error }` with a known code and a message. */
export function isResult(x: unknown): x is Result<unknown> {
  if (!isObj(x)) return false;
  if (x.ok === true) return 'value' in x;
  return x.ok === false && isErrorData(x.error);
}

function isConfig(x: unknown): x is CoreConfig {
  return (
    isObj(x) &&
    typeof x.dataDir === 'string' &&
    x.dataDir.length > 0 &&
    typeof x.version === 'string' &&
    (x.host === 'electron' || x.host === 'web' || x.host === 'cli') &&
    typeof x.nativeDialogs === 'boolean'
  );
}

/** A message for the core, or null when it is not one (wrong shape, unknown type). */
export function parseToCore(x: unknown): ToCore | null {
  if (!isObj(x)) return null;
  switch (x.t) {
    case 'init':
      return isConfig(x.config) ? { t: 'init', config: x.config } : null;
    case 'invoke':
      return isId(x.id) && typeof x.method === 'string' ? { t: 'invoke', id: x.id, method: x.method, input: x.input } : null;
    case 'host-result':
      return isId(x.id) && isResult(x.result) ? { t: 'host-result', id: x.id, result: x.result } : null;
    case 'shutdown':
      return { t: 'shutdown' };
    default:
      return null;
  }
}

/** A message for the shell, or null when it is not one. */
export function parseToMain(x: unknown): ToMain | null {
  if (!isObj(x)) return null;
  switch (x.t) {
    case 'hello':
    case 'ready':
    case 'closed':
      return { t: x.t };
    case 'fatal':
      return typeof x.message === 'string' ? { t: 'fatal', message: x.message } : null;
    case 'result':
      return isId(x.id) && isResult(x.result) ? { t: 'result', id: x.id, result: x.result } : null;
    case 'event':
      return isName(x.name) ? { t: 'event', name: x.name, payload: x.payload } : null;
    case 'host-call':
      return isId(x.id) && isName(x.method) ? { t: 'host-call', id: x.id, method: x.method, args: x.args } : null;
    default:
      return null;
  }
}

/** The id a malformed request or reply carried, so whoever waits on it gets an error instead of hanging. */
export function strayId(x: unknown): number | null {
  return isObj(x) && isId(x.id) ? x.id : null;
}

export function failure(code: AceErrorData['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/** An error that crossed as data, or anything thrown, as error data (the stack stays behind). */
export function toErrorData(e: unknown): AceErrorData {
  if (isObj(e) && typeof e.toData === 'function') {
    const d = (e.toData as () => unknown)();
    if (isErrorData(d)) return d;
  }
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}
