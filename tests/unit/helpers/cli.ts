import { spawnSync } from 'node:child_process';
import { builtCliProblem, cliFile, root } from '../../../scripts/build-cli.mjs';
import { runCli } from '../../../src-main/cli/run';
import { keepEnv } from './env';

export interface AceResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `ace ...args` in this process: `runCli`, the function `src-main/cli/main.ts` calls with the process's argv and
 * hands the exit code of to `process.exit`, with its output written to buffers instead of the streams. The same
 * parsing, commands, core and messages as the real command, without starting Node, loading the CLI and its
 * packages again for every assertion (1-2 s a start on 2 busy cores). `env` is set for the call and put back.
 *
 * A handful of tests still start the command in a process of its own (`aceProcess`, `aceArgv`): what only a
 * process shows (exit codes as the shell sees them, nothing else written to stdout/stderr, signals, kill -9).
 */
export async function ace(args: string[], env: Record<string, string> = {}): Promise<AceResult> {
  const restore = Object.keys(env).map((k) => keepEnv(k));
  Object.assign(process.env, env);
  let stdout = '';
  let stderr = '';
  try {
    const code = await runCli(args, { out: (t) => void (stdout += t), err: (t) => void (stderr += t) });
    return { code, stdout, stderr };
  } finally {
    for (const r of restore) r();
  }
}

/**
 * The `ace` command as a process of its own: `src-main/cli/main.ts` bundled once per test run by the Vitest global
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
export function aceProcess(args: string[], env: Record<string, string> = {}): AceResult {
  const [node, ...argv] = aceArgv(args);
  const r = spawnSync(node!, argv, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
