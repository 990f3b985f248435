import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files run alone, after the others, with nothing beside them: closing.test.ts closes a database while
 * a query is being interrupted, and with another DuckDB-heavy file beside it the worker has been seen to
 * abort in DuckDB's native code ("terminate called after throwing an instance of 'Napi::Error'").
 */
const ALONE = ['tests/unit/closing.test.ts'];

/**
 * Files that get a fresh process each (Vitest's isolation): they replace modules (vi.doMock of electron), use
 * fake timers, or hook the process. (The core-host and jobs folders were checked, 2026-12-05: no module mocks,
 * fake timers or process hooks, each closes its sessions and servers; they share.)
 * Every other file shares its worker's process and module cache with the files before it (isolate: false):
 * the core, zod, DuckDB's binding and the CLI are loaded once per worker instead of once per file (a second
 * or more a file on 2 busy cores). They open their own sessions and temp folders and restore what they change
 * (umask, environment variables).
 */
const ISOLATED = [
  'tests/unit/electron-security.test.ts',
  'tests/unit/desktop.test.ts',
  'tests/unit/packaging.test.ts',
  // A job it starts can still write a file (its .part) after the session closed and the temp folder was removed:
  // in a shared process that ENOENT lands in the next file as an unhandled error.
  'tests/unit/fuzz-api.test.ts',
  // Fake timers; the other renderer-lib files are pure functions (checked: no globals, mocks or timers) and share.
  'tests/unit/renderer-lib/queryCache.test.ts',
];

/**
 * The core scenarios run a second time on a DuckLake with a local catalog (ACE_TEST_ENGINE=lake,
 * tests/unit/helpers/engine.ts): ROI to the cent, pivots and brushing, validity in Explore and ROI, segments,
 * consent, and pushes with faults (exactly once). Same tests, same expected answers (docs/lake.md).
 */
const LAKE = [
  'tests/unit/roi/metrics.test.ts',
  'tests/unit/pivot/brush.test.ts',
  'tests/unit/rules/validity-everywhere.test.ts',
  'tests/unit/segments/consent.test.ts',
  'tests/unit/segments/not-redeemed.test.ts',
  'tests/unit/deliver/faults.test.ts',
  'tests/unit/derived/join-sides.test.ts',
];

/**
 * The files that take longest, slowest first (measured on 2 cores; they start first so the two workers finish
 * together instead of one of them running a minute-long file alone at the end).
 */
const SLOW = [
  'tests/unit/crash.test.ts',
  'tests/unit/segments/rules.test.ts',
  'tests/unit/fuzz-api.test.ts',
  'tests/unit/import/corpora.test.ts',
  'tests/unit/pivot/pivot.test.ts',
  'tests/unit/import/roundtrip.test.ts',
  'tests/unit/deliver/kill.test.ts',
  'tests/unit/workspace.test.ts',
  'tests/unit/deliver/consent.test.ts',
  'tests/unit/deliver/provider-push.test.ts',
  'tests/unit/import/real-exports.test.ts',
  'tests/unit/geo/geo.test.ts',
  'tests/unit/private-files.test.ts',
  'tests/unit/draw.test.ts',
  'tests/unit/watch.test.ts',
  'tests/unit/import/integrity.test.ts',
  'tests/unit/segments/consent.test.ts',
  'tests/unit/deliver/schedule.test.ts',
];

/**
 * The workspaces the tests open run DuckDB on one thread (src-main/core/db/threads.ts; the app uses every core):
 * their tables fit in one of DuckDB's row groups, so a second thread only woke and waited beside each query, and
 * with two test files and the e2e run beside them on 2 cores that cost an eighth of the unit run's CPU (the whole
 * unit run alone, in turns: 328 against 374 CPU-s and 187 against 211 s, 2026-12-06). Files with inputs large enough for DuckDB
 * to split over threads keep every core (tests/unit/helpers/threads.ts `onEveryCore`), as closing.test.ts does
 * (the `alone` project below has no such setting).
 */
const ONE_THREAD = { ACE_THREADS: '1' };

/**
 * Vitest's own order (slowest first by the durations it cached from the last run, failed files first) when it
 * knows every file; on a clean clone, with no cache yet, the files above first instead of the largest ones.
 */
class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const cache = this.ctx.cache;
    const known = (f: TestSpecification) =>
      !!cache.getFileTestResults(`${f.project.name}:${f.moduleId.slice(this.ctx.config.root.length + 1)}`);
    if (files.every(known)) return sorted;
    const rank = (f: TestSpecification) => {
      const i = SLOW.findIndex((s) => f.moduleId.endsWith(s));
      return i < 0 ? SLOW.length : i;
    };
    // Stable: files of equal rank keep Vitest's order (projects apart, then the largest first).
    return sorted
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
      .map(({ f }) => f);
  }
}

export default defineConfig({
  test: {
    environment: 'node',
    // Builds the `ace` command once (node_modules/.ace-cli/ace.mjs): tests spawn it with plain node.
    globalSetup: ['tests/setup/build-cli.ts'],
    // Sessions opened without a worker named start that built DuckDB worker too (tests/unit/helpers/setup-worker.ts).
    setupFiles: ['tests/unit/helpers/setup-worker.ts'],
    // DuckDB's native binding and worker threads are happiest in child processes.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Slowest files first, so the two workers finish together (SlowFirstSequencer above).
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      {
        extends: true,
        // Two files at a time: on 2 cores Vitest's default (cores - 1) runs them one by one, while much of a
        // file's time is spent waiting on DuckDB's worker thread or a spawned `ace`.
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          exclude: [...ALONE, ...ISOLATED],
          env: ONE_THREAD,
          maxWorkers: 2,
          isolate: false,
        },
      },
      // The same two workers, a fresh process per file.
      {
        extends: true,
        test: { name: 'isolated', include: ISOLATED.map((f) => (f.endsWith('**') ? `${f}/*.test.ts` : f)), env: ONE_THREAD, maxWorkers: 2 },
      },
      // The same files on a DuckLake, sharing this project's workers as the unit project does (a fresh process per file
      // cost each its import of the core: the project 49 -> 43 s, 77 -> 66 CPU-s). The engine is read once, at import:
      // assertEngine (helpers/engine.ts) fails a file whose worker read another project's.
      {
        extends: true,
        test: { name: 'lake', include: LAKE, env: { ACE_TEST_ENGINE: 'lake', ...ONE_THREAD }, maxWorkers: 2, isolate: false },
      },
      // maxWorkers 1: Vitest runs these one at a time once the others are done.
      { extends: true, test: { name: 'alone', include: ALONE, maxWorkers: 1 } },
    ],
  },
});
