import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportDemoCsv } from '../../core/demo/exports';
import { defaultDataDir } from '../../core/lib/paths';
import { Session } from '../../core/session';
import { int, printJson, str, UsageError, type CommandSpec } from '../args';
import { formatInfo } from './info';

/*
 * Host-level work, so the session directly rather than the dispatcher: generating a campaign of a given
 * size and seed into a new file, and writing it out as the raw CSV exports, are tooling for tests, demos
 * and benchmarks that no screen offers; as API methods they would let any caller (the browser host too)
 * fill a workspace or write files anywhere.
 */

export const demoCommand: CommandSpec = {
  name: 'demo',
  summary: 'Generate the demo campaign (a deterministic three-month sweepstakes) into a new workspace file, or as the raw CSV exports.',
  usage: 'demo (--workspace FILE | --csv DIR) [--entries N] [--seed S] [--rules] [--json]',
  options: {
    workspace: { type: 'string' },
    csv: { type: 'string' },
    entries: { type: 'string' },
    seed: { type: 'string' },
    rules: { type: 'boolean' },
  },
  help: [
    '  --workspace FILE    the workspace to create (must be new or empty)',
    '  --csv DIR           also (or only) write the campaign as the CSV exports the real systems produce (one per dataset)',
    '  --entries N         number of entries (default 200000; up to 20000000)',
    '  --seed S            random seed: the same seed gives the same data (default 42)',
    "  --rules             also save the demo's official rules (as the app's demo campaign has them)",
  ],
  async run(args) {
    const csvDir = str(args, 'csv');
    const scratch = csvDir && !str(args, 'workspace') ? mkdtempSync(join(tmpdir(), 'ace-demo-')) : null;
    const path = scratch ? join(scratch, 'demo.duckdb') : str(args, 'workspace', true);
    const entries = int(args, 'entries', 200_000, 1, 20_000_000);
    const seed = int(args, 'seed', 42, 0, 2 ** 31 - 1);
    const session = new Session({ dataDir: defaultDataDir() });
    try {
      const existed = existsSync(path);
      const started = Date.now();
      await session.open(path, { create: true });
      const before = await session.info();
      if (existed && before.datasets.some((d) => d.rows > 0)) {
        throw new UsageError(`${path} already has data; choose a new file for the demo campaign`);
      }
      if (!args.values.json) {
        session.events.subscribe((name, payload) => {
          if (name === 'task.progress') {
            const p = payload as { done: number; total: number; label: string };
            args.io.err(`\r${p.label}: ${Math.round((100 * p.done) / p.total)}%`);
          }
        });
      }
      const info = await session.generateDemo({ entries, seed, rules: args.values.rules === true });
      const files = csvDir ? await exportDemoCsv(session.requireDb(), csvDir) : null;
      const seconds = (Date.now() - started) / 1000;
      if (args.values.json) printJson({ ...(scratch ? {} : info), ...(files ? { files } : {}), seconds }, args.io);
      else {
        if (!scratch) args.io.out(`\n${formatInfo(info)}\n`);
        if (files)
          args.io.out(
            `\nExports written:\n${Object.values(files)
              .map((f) => `  ${f}`)
              .join('\n')}\n`,
          );
        args.io.out(`Done in ${seconds.toFixed(1)} s.\n`);
      }
      return 0;
    } finally {
      await session.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    }
  },
};
