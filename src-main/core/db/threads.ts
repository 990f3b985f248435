import { AceError } from '../lib/errors';

/**
 * How many threads DuckDB may run a workspace's queries on: all the machine's cores (DuckDB's default) unless
 * ACE_THREADS says fewer or more ("1" keeps a core free for other work while a big import runs; an analyst's
 * laptop otherwise gives the app everything). Read when a workspace opens, as the memory limit is.
 *
 * The unit tests run with 1 (vitest.config.ts): two test files at a time on 2 cores, each with its own DuckDB,
 * spent an eighth of their CPU on DuckDB's second thread, which their small tables give nothing to do (374 against
 * 328 CPU-s for the whole unit run alone, 2026-12-06); the files that read inputs large enough for DuckDB to
 * split keep its default.
 */
export function duckdbThreads(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const v = env.ACE_THREADS?.trim();
  if (!v) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 1024) {
    throw new AceError(
      'BAD_INPUT',
      `ACE_THREADS is "${v}": give a whole number of threads from 1, such as 2, or leave it unset to use every core.`,
    );
  }
  return n;
}
