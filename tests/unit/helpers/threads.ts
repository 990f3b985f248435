import { afterAll, beforeAll } from 'vitest';
import { keepEnv } from './env';

/**
 * The unit tests open their workspaces on one DuckDB thread (ACE_THREADS=1, vitest.config.ts: their tables are too
 * small for a second to help). A file whose inputs are large enough for DuckDB to split over threads (a few hundred
 * thousand rows, a query long enough to interrupt, a process killed mid-write) calls this at its top: its sessions,
 * and the `ace` commands it starts, open with DuckDB's default of every core, as the app does.
 */
export function onEveryCore(): void {
  const restore = keepEnv('ACE_THREADS');
  beforeAll(() => {
    delete process.env.ACE_THREADS;
  });
  afterAll(restore);
}
