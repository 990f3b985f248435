import { existsSync } from 'node:fs';
import { Session } from '../../core/session';
import { defaultDataDir } from '../../core/paths';
import { int, printJson, str, UsageError, type CommandSpec } from '../args';
import { formatInfo } from './info';

export const demoCommand: CommandSpec = {
  name: 'demo',
  summary: 'Generate the demo campaign (a deterministic three-month sweepstakes) into a new workspace file.',
  usage: 'demo --workspace FILE [--entries N] [--seed S] [--json]',
  options: { workspace: { type: 'string' }, entries: { type: 'string' }, seed: { type: 'string' } },
  help: [
    '  --workspace FILE    the workspace to create (must be new or empty)',
    '  --entries N         number of entries (default 200000; up to 20000000)',
    '  --seed S            random seed: the same seed gives the same data (default 42)',
  ],
  async run(args) {
    const path = str(args, 'workspace', true);
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
            process.stderr.write(`\r${p.label}: ${Math.round((100 * p.done) / p.total)}%`);
          }
        });
      }
      const info = await session.generateDemo({ entries, seed });
      const seconds = (Date.now() - started) / 1000;
      if (args.values.json) printJson({ ...info, seconds });
      else process.stdout.write(`\n${formatInfo(info)}\nGenerated in ${seconds.toFixed(1)} s.\n`);
      return 0;
    } finally {
      await session.close();
    }
  },
};
