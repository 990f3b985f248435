import { spawnSync } from 'node:child_process';
import { builtCliProblem, cliFile, root } from '../../../scripts/build-cli.mjs';

/**
 * The `ace` command as the tests run it: `src-main/cli/main.ts` bundled once per test run by the Vitest global
 * setup (scripts/build-cli.mjs: the esbuild transform tsx applies, packages left to node_modules), started with
 * plain node: the same code, stdout, stderr and exit codes as `tsx src-main/cli/main.ts`, without transpiling
 * the sources on every start.
 */
export const aceBin = cliFile;

/** The argv that starts `ace ...args` in a process of its own (for tests that spawn and kill it themselves). */
export function aceArgv(args: string[]): string[] {
  const problem = builtCliProblem();
  if (problem) throw new Error(problem);
  return [process.execPath, cliFile, ...args];
}

/** Runs the real `ace` command in a process of its own, as `npm run ace` does; its exit code and output. */
export function ace(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const [node, ...argv] = aceArgv(args);
  const r = spawnSync(node!, argv, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
