#!/usr/bin/env node
/** `ace`: the workstation's command line. Calls the same core as the app, in-process. */
import { isAceError } from '../core/errors';
import { appVersion } from '../core/paths';
import { helpText, parse, UsageError, type CommandSpec } from './args';
import { demoCommand } from './commands/demo';
import { drawCommand } from './commands/draw';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { infoCommand } from './commands/info';
import { pivotCommand } from './commands/pivot';
import { pushCommand } from './commands/push';
import { roiCommand } from './commands/roi';
import { segmentCommand } from './commands/segment';
import { serveCommand } from './commands/serve';
import { watchCommand } from './commands/watch';

const COMMANDS: CommandSpec[] = [demoCommand, drawCommand, exportCommand, importCommand, infoCommand, pivotCommand, pushCommand, roiCommand, segmentCommand, serveCommand, watchCommand];

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

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version') {
    process.stdout.write(appVersion() + '\n');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command "${name}" (try \`ace --help\`)`);
  const args = parse(command, rest);
  if (args.values.help) {
    process.stdout.write(helpText(command) + '\n');
    return 0;
  }
  return command.run(args);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const message = isAceError(e) || e instanceof UsageError ? e.message : e instanceof Error ? e.message : String(e);
    process.stderr.write(`ace: ${message.split('\n')[0]}\n`);
    if (!isAceError(e) && !(e instanceof UsageError) && process.env.ACE_DEBUG) console.error(e);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
