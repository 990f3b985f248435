import { defineConfig } from 'vitest/config';

/**
 * Files run alone, after the others, with nothing beside them: closing.test.ts closes a database while
 * a query is being interrupted, and with another DuckDB-heavy file beside it the worker has been seen to
 * abort in DuckDB's native code ("terminate called after throwing an instance of 'Napi::Error'").
 */
const ALONE = ['tests/unit/closing.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    // Builds the `ace` command once (node_modules/.ace-cli/ace.mjs): tests spawn it with plain node.
    globalSetup: ['tests/setup/build-cli.ts'],
    // DuckDB's native binding and worker threads are happiest in child processes.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        // Two files at a time: on 2 cores Vitest's default (cores - 1) runs them one by one, while much of a
        // file's time is spent waiting on a spawned `ace` or on DuckDB's worker thread.
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], exclude: ALONE, maxWorkers: 2 },
      },
      // maxWorkers 1: Vitest runs these one at a time once the others are done.
      { extends: true, test: { name: 'alone', include: ALONE, maxWorkers: 1 } },
    ],
  },
});
