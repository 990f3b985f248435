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

interface Shared {
  ready: Promise<string>;
  users: number;
}
/** On globalThis: each project loads this file as a module of its own, in the one process of Vitest's main. */
const KEY = Symbol.for('ace.tests.build-cli');
const slot = globalThis as unknown as Record<symbol, Shared | undefined>;

/**
 * Vitest calls this once for each project of the run (unit, isolated, lake, alone and the root): the build and the
 * demo folder are made by the first call and shared by the others (5 builds of ~1 CPU-s each were 4 too many, and
 * a demo two projects use was generated twice), and the folder is removed when the last project is done.
 */
export async function setup(project: TestProject): Promise<() => void> {
  slot[KEY] ??= {
    users: 0,
    ready: buildCli({ quiet: true, tolerant: true }).then(() => {
      mkdirSync(join(cliDir, 'unit-demos'), { recursive: true });
      return mkdtempSync(join(cliDir, 'unit-demos', 'run-'));
    }),
  };
  const run = slot[KEY];
  run.users++;
  const demoCache = await run.ready;
  project.provide('demoCache', demoCache);
  return () => {
    if (--run.users > 0) return;
    rmSync(demoCache, { recursive: true, force: true });
    if (slot[KEY] === run) slot[KEY] = undefined;
  };
}
