import type { AceErrorData, Result } from '../contract/errors';
import { isMethodName, methods, type MethodName } from '../contract/methods';
import { isAceError } from './lib/errors';
import { plainIssues } from './lib/input-errors';
import { handlers as coreHandlers, type HandlerTable, type HostContext } from './handlers';
import type { Session } from './session';
import { staleOnLake } from './engine/lake-watch';

export type Dispatch = (method: string, input: unknown) => Promise<Result<unknown>>;

export interface DispatcherOptions {
  session: Session;
  host: HostContext;
  /** Host-level overrides (e.g. native dialogs in Electron). */
  overrides?: Partial<HandlerTable>;
  log?: (message: string, error?: unknown) => void;
}

/**
 * The one entry point every host calls: validate the input against the contract, run the handler,
 * and wrap the outcome as `{ ok, value }` or `{ ok: false, error }`. Nothing thrown escapes.
 */
export function createDispatcher(opts: DispatcherOptions): Dispatch {
  const table: HandlerTable = { ...coreHandlers, ...opts.overrides };
  const log = opts.log ?? ((m, e) => console.error(m, e));
  return async (method, input) => {
    if (typeof method !== 'string' || !isMethodName(method)) {
      return fail({ code: 'UNKNOWN_METHOD', message: `There is no API method called "${String(method).slice(0, 80)}".` });
    }
    // Text with a lone UTF-16 surrogate cannot be stored (JSON, DuckDB): refused here, said plainly.
    if (hasBrokenText(input))
      return fail({
        code: 'BAD_INPUT',
        message: 'Some text holds a broken character (half of an emoji or symbol). Type or paste it again.',
      });
    const parsed = methods[method].input.safeParse(input ?? {});
    if (!parsed.success) {
      return fail({
        code: 'BAD_INPUT',
        message: plainIssues(parsed.error.issues),
        details: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
      });
    }
    try {
      // A workspace being opened (ace serve listens while it opens): its calls wait for it.
      await opts.session.opened();
      const handler = table[method] as (i: unknown, s: Session, h: HostContext) => Promise<unknown>;
      const run = () => handler(parsed.data, opts.session, opts.host);
      try {
        return { ok: true, value: await run() };
      } catch (e) {
        // Another analyst committed to the shared lake mid-call: once more, on what is there now.
        if (staleOnLake(opts.session.currentDb(), e)) return { ok: true, value: await run() };
        throw e;
      }
    } catch (e) {
      if (isAceError(e)) {
        if (e.code === 'INTERNAL') log(`[ace] ${method} failed`, e.details ?? e);
        return fail(e.toData());
      }
      log(`[ace] ${method} failed`, e);
      return fail({ code: 'INTERNAL', message: `Something went wrong in ${method}: ${e instanceof Error ? e.message : String(e)}` });
    }
  };
}

function fail(error: AceErrorData): Result<never> {
  return { ok: false, error };
}

export type { MethodName };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function hasBrokenText(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return LONE_SURROGATE.test(v);
  if (depth > 32 || v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some((x) => hasBrokenText(x, depth + 1));
  return Object.entries(v).some(([k, x]) => LONE_SURROGATE.test(k) || hasBrokenText(x, depth + 1));
}
