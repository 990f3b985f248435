/**
 * How a command reaches the core: through the same dispatcher as the app (same input validation, same
 * errors), on a session of its own that it closes when done.
 */
import { existsSync } from 'node:fs';
import type { JobOutput } from '../contract/events';
import type { JobStarted } from '../contract/jobs';
import type { MethodInput, MethodName, MethodOutput } from '../contract/methods';
import { createDispatcher } from '../core/dispatcher';
import { AceError } from '../core/lib/errors';
import { appVersion, defaultDataDir } from '../core/lib/paths';
import { Session, type SessionOptions } from '../core/session';

export type CoreCall = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>;

/** A dispatcher call that returns the value or throws the core's error as it is (code, message, details). */
export function coreCaller(session: Session): CoreCall {
  const dispatch = createDispatcher({
    session,
    host: { host: 'cli', version: appVersion(), nativeDialogs: false },
    log: (m, e) => void (process.env.ACE_DEBUG && console.error(m, e)),
  });
  return async (method, input) => {
    const r = await dispatch(method, input);
    if (!r.ok) throw new AceError(r.error.code, r.error.message, r.error.details);
    return r.value as MethodOutput<typeof method>;
  };
}

/** Opens `path` (created when `create` and the file is not there yet), runs `fn` with a core caller, and always closes the session. */
export async function withWorkspace<T>(
  path: string,
  fn: (call: CoreCall, session: Session) => Promise<T>,
  opts: { create?: boolean } & Partial<SessionOptions> = {},
): Promise<T> {
  const { create, ...sessionOptions } = opts;
  const session = new Session({ dataDir: defaultDataDir(), ...sessionOptions });
  try {
    const call = coreCaller(session);
    await call(create && !existsSync(path) ? 'workspace.create' : 'workspace.open', { path });
    return await fn(call, session);
  } finally {
    await session.close();
  }
}

/** The methods that start a job (an export or a PDF written to a file) and answer its id. */
export type JobMethod = { [M in MethodName]: MethodOutput<M> extends JobStarted ? M : never }[MethodName];

/**
 * Starts a job through the dispatcher (its input validated as the app's is), waits for it, and answers
 * what it wrote. A failed or cancelled job throws its message; the runner has then left no file behind.
 */
export async function runJob<M extends JobMethod>(call: CoreCall, session: Session, method: M, input: MethodInput<M>): Promise<JobOutput> {
  const { jobId } = (await call(method, input)) as JobStarted;
  const job = await session.jobs.wait(jobId);
  if (job.state === 'done' && job.output) return job.output;
  throw new AceError(job.state === 'cancelled' ? 'CANCELLED' : 'INTERNAL', job.message ?? `${job.label}: ${job.state}`);
}
