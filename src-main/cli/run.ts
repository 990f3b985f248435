/**
 * The whole `ace` command as a function: argv in, exit code out, output through `io`. main.ts calls it
 * with the process's streams; tests call it in-process with buffers (no Node start per assertion).
 */
import { isAceError } from '../core/lib/errors';
import { appVersion } from '../core/lib/paths';
import { helpText, parse, processIo, UsageError, type CliIo, type CommandSpec } from './args';
import { demoCommand } from './commands/demo';
import { drawCommand } from './commands/draw';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { infoCommand } from './commands/info';
import { pivotCommand } from './commands/pivot';
import { pushCommand } from './commands/push';
import { syncCommand } from './commands/sync';
import { repliesCommand } from './commands/replies';
import { resultsCommand } from './commands/results';
import { roiCommand } from './commands/roi';
import { rulesCommand } from './commands/rules';
import { segmentCommand } from './commands/segment';
import { serveCommand } from './commands/serve';
import { watchCommand } from './commands/watch';

const COMMANDS: CommandSpec[] = [
  demoCommand,
  drawCommand,
  exportCommand,
  importCommand,
  infoCommand,
  pivotCommand,
  pushCommand,
  syncCommand,
  repliesCommand,
  resultsCommand,
  roiCommand,
  rulesCommand,
  segmentCommand,
  serveCommand,
  watchCommand,
];

function usage(): string {
  return [
    `ace ${appVersion()}: ACE Workstation command line`,
    '',
    'Usage: ace <command> [options]   (ace <command> --help for its options)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)}${c.summary.split('.')[0]}.`),
  ].join('\n');
}

async function dispatchCommand(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage() + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.out(appVersion() + '\n');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command "${name}" (try \`ace --help\`)`);
  const args = parse(command, rest, io);
  if (args.values.help) {
    io.out(helpText(command) + '\n');
    return 0;
  }
  return command.run(args);
}

/** Runs one `ace` command line. Never throws: a usage problem is exit code 2, any other failure 1, said in one line. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    return await dispatchCommand(argv, io);
  } catch (e) {
    const message = isAceError(e) || e instanceof UsageError ? e.message : e instanceof Error ? e.message : String(e);
    io.err(`ace: ${message.split('\n')[0]}\n`);
    if (!isAceError(e) && !(e instanceof UsageError) && process.env.ACE_DEBUG) console.error(e);
    return e instanceof UsageError ? 2 : 1;
  }
}
