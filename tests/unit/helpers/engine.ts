import { join } from 'node:path';
import type { Session } from '../../../src-main/core/session';

/**
 * Which engine the tests' workspaces use: a DuckDB file, or with ACE_TEST_ENGINE=lake a DuckLake with a local
 * catalog (vitest.config.ts runs the core scenarios' files again so: docs/lake.md). Same tests, same answers.
 */
const engineOfEnv = (): 'file' | 'lake' => (process.env.ACE_TEST_ENGINE === 'lake' ? 'lake' : 'file');
export const TEST_ENGINE = engineOfEnv();

/** A workspace path in `dir` named `name` (x.duckdb), as the engine under test stores it (x.ducklake for a lake). */
export const workspacePath = (dir: string, name: string) =>
  join(dir, TEST_ENGINE === 'lake' ? name.replace(/\.duckdb$/, '.ducklake') : name);

/** Fails loudly when a test meant for a lake opened something else: a lake run must never pass on a file. */
export function assertEngine(s: Session): Session {
  // TEST_ENGINE was read when this module was first imported in this worker; the lake project's files share their
  // workers (isolate: false): a worker that had read another project's engine must not pass a lake file on a file.
  const wanted = engineOfEnv();
  if (wanted !== TEST_ENGINE) throw new Error(`This worker read the engine as ${TEST_ENGINE} at import, but this file is for ${wanted}.`);
  const engine = s.requireDb().engine;
  if (engine !== TEST_ENGINE) throw new Error(`This test run is for a ${TEST_ENGINE} workspace, but its workspace opened as a ${engine}.`);
  return s;
}
