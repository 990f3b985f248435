import { join } from 'node:path';
import { Session } from '../../../src-main/core/session';
import { builtWorkerUrl } from './worker';

/** A small demo workspace in `dir`, open in a new session. */
export async function demoSession(dir: string, name = 'demo.duckdb', entries = 3000): Promise<Session> {
  const s = new Session({ dataDir: dir, workerUrl: builtWorkerUrl() });
  await s.open(join(dir, name), { create: true });
  await s.generateDemo({ entries, seed: 42 });
  return s;
}
