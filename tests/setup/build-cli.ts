// Vitest global setup: the `ace` command is built once per run (node_modules/.ace-cli/ace.mjs), so the tests
// spawn plain `node` instead of transpiling the sources with tsx on every start. A build error does not stop
// the run: the tests that run the CLI fail with it (tests/unit/helpers/cli.ts), the others run.
//
// It also gives the run a folder of its own for generated demo workspaces (tests/unit/helpers/demo.ts: each size
// generated once per run, then copied), removed at the end.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildCli, cliDir } from '../../scripts/build-cli.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** This run's folder of generated demo workspaces (tests/unit/helpers/demo.ts). */
    demoCache: string;
  }
}

export async function setup(project: TestProject): Promise<() => void> {
  await buildCli({ quiet: true, tolerant: true });
  mkdirSync(join(cliDir, 'unit-demos'), { recursive: true });
  const demoCache = mkdtempSync(join(cliDir, 'unit-demos', 'run-'));
  project.provide('demoCache', demoCache);
  return () => rmSync(demoCache, { recursive: true, force: true });
}
