import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** Benchmark inputs are generated once per size and kept in bench/.data (git-ignored). */
export function demoExports(entries: number): Record<string, string> {
  const dir = join(root, 'bench/.data', `demo-${entries}`);
  const files = ['media_plan', 'spend', 'entries', 'redemptions', 'stores', 'contacts', 'optouts'];
  if (!files.every((f) => existsSync(join(dir, `${f}.csv`)))) {
    mkdirSync(dir, { recursive: true });
    console.log(`Generating the demo campaign's exports with ${entries.toLocaleString('en-US')} entries (once) ...`);
    const r = spawnSync(
      process.execPath,
      [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'src-main/cli/main.ts'), 'demo', '--csv', dir, '--entries', String(entries)],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    if (r.status !== 0) throw new Error('demo generation failed');
  }
  return Object.fromEntries(files.map((f) => [f, join(dir, `${f}.csv`)]));
}

/** Samples this process's resident memory (DuckDB's worker thread included) until stopped. */
export function peakMemory(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return {
    stop() {
      clearInterval(t);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const num = (n: number) => Math.round(n).toLocaleString('en-US');

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** The p-th percentile of `xs` (nearest rank). */
export const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
