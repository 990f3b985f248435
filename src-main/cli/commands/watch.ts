import { DATASET_KINDS, type DatasetKind } from '../../contract/types';
import { int, printJson, str, UsageError, type CommandSpec } from '../args';
import { withWorkspace } from '../core';

export const watchCommand: CommandSpec = {
  name: 'watch',
  summary: 'Watches folders where exports land and imports each new or grown file once it is complete (headless).',
  usage: 'watch --workspace W [--add FOLDER --kind KIND] [--remove FOLDER] [--list] [--quiet-seconds 3] [--once] [--json]',
  options: {
    workspace: { type: 'string' },
    add: { type: 'string' },
    kind: { type: 'string' },
    remove: { type: 'string' },
    list: { type: 'boolean' },
    'quiet-seconds': { type: 'string' },
    once: { type: 'boolean' },
  },
  help: [
    '  --add FOLDER --kind K   watch a folder for exports of one kind (entries, redemptions, ...)',
    '  --remove FOLDER         stop watching it',
    '  --list                  the watched folders and what happened to their latest files',
    '  --quiet-seconds N       a file must stay unchanged this long before it is imported (default 3)',
    '  --once                  look once (after the quiet time) and exit; otherwise keep watching until Ctrl+C',
  ],
  async run(args) {
    const quietMs = int(args, 'quiet-seconds', 3, 0, 3600) * 1000;
    const json = !!args.values.json;
    const say = (text: string, value: unknown) => (json ? printJson(value, args.io) : args.io.out(text + '\n'));
    return withWorkspace(
      str(args, 'workspace', true),
      async (call) => {
        const add = str(args, 'add');
        if (add) {
          const kind = str(args, 'kind', true);
          if (!(DATASET_KINDS as readonly string[]).includes(kind))
            throw new UsageError(`--kind must be one of ${DATASET_KINDS.join(', ')}`);
          const all = await call('watch.add', { folder: add, kind: kind as DatasetKind });
          say(`Watching ${all.map((f) => `${f.folder} (${f.kind})`).join(', ')}`, all);
          return 0;
        }
        const remove = str(args, 'remove');
        if (remove) {
          const removed = (await call('watch.remove', { folder: remove })).removed;
          say(removed ? `No longer watching ${remove}` : `${remove} was not watched`, { removed });
          return removed ? 0 : 1;
        }
        if (args.values.list) {
          const all = await call('watch.list', {});
          say(
            all
              .map(
                (f) =>
                  `${f.folder}  ${f.kind}${f.exists ? '' : '  (missing)'}\n${f.files.map((x) => `  ${x.seenAt}  ${x.status.padEnd(9)} ${x.path}${x.message ? `  ${x.message}` : ''}`).join('\n')}`,
              )
              .join('\n') || '(no watched folders)',
            all,
          );
          return 0;
        }
        if ((await call('watch.list', {})).length === 0)
          throw new UsageError('no folder is watched yet: add one with --add FOLDER --kind KIND');
        const look = async () => {
          for (const path of (await call('watch.poll', {})).imported) say(`Imported ${path}`, { imported: path });
        };
        if (args.values.once) {
          await look();
          await new Promise((r) => setTimeout(r, quietMs + 50));
          await look();
          return 0;
        }
        args.io.err(`Watching ${(await call('watch.list', {})).map((f) => f.folder).join(', ')} (Ctrl+C to stop)\n`);
        await new Promise<void>((resolve) => {
          const timer = setInterval(() => void look().catch((e: Error) => args.io.err(`ace: ${e.message}\n`)), 1000);
          const stop = () => {
            clearInterval(timer);
            resolve();
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        return 0;
      },
      { watch: { quietMs } },
    );
  },
};
