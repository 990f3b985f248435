import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A problem with how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** One line per option for --help. */
  help: string[];
  run(args: ParsedArgs): Promise<number>;
}

/** Where a command writes: the process's streams, or a test's buffers when the CLI runs in-process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) };

export type ParsedArgs = { values: Record<string, string | boolean | undefined>; positionals: string[]; io: CliIo };

export function parse(spec: CommandSpec, argv: string[], io: CliIo = processIo): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...spec.options, help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedArgs['values'], positionals, io };
  } catch (e) {
    throw new UsageError(`${dashValueHint(e, argv, spec) ?? (e as Error).message.split('\n')[0]} (see \`ace ${spec.name} --help\`)`);
  }
}

/**
 * `--id -x1` is refused by parseArgs as ambiguous (is -x1 a value or an option?). Ids saved by earlier versions
 * can start with a dash, so say how to pass one: `--id=-x1`.
 */
function dashValueHint(e: unknown, argv: string[], spec: CommandSpec): string | undefined {
  if ((e as { code?: string }).code !== 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return undefined;
  const option = /Option '(--?[\w-]+)'/.exec((e as Error).message)?.[1];
  const at = option ? argv.indexOf(option) : -1;
  const value = at >= 0 ? argv[at + 1] : undefined;
  if (!option || value === undefined || !value.startsWith('-')) return undefined;
  const long = option.startsWith('--') ? option : `--${Object.entries(spec.options).find(([, o]) => `-${o.short}` === option)?.[0]}`;
  return `the value of ${option} starts with a dash: write it as ${long}=${value}`;
}

export function str(args: ParsedArgs, name: string, required: true): string;
export function str(args: ParsedArgs, name: string, required?: false): string | undefined;
export function str(args: ParsedArgs, name: string, required = false): string | undefined {
  const v = args.values[name];
  if (typeof v === 'string' && v.length > 0) return v;
  if (required) throw new UsageError(`--${name} is required`);
  return undefined;
}

export function int(args: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const v = str(args, name);
  if (v === undefined) return fallback;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${v}")`);
  }
  return n;
}

export function helpText(spec: CommandSpec): string {
  return [
    `Usage: ace ${spec.usage}`,
    '',
    spec.summary,
    '',
    'Options:',
    ...spec.help,
    '  --json              machine-readable output',
    '  -h, --help          this help',
  ].join('\n');
}

/** JSON for machine use: BIGINT-safe (bigint becomes a string, deliberately). */
export function printJson(value: unknown, io: CliIo = processIo): void {
  io.out(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n');
}
