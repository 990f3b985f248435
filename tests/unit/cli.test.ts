import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ace, aceProcess } from './helpers/cli';
import { tempDir } from './helpers/tmp';

const dir = tempDir();
const ws = join(dir, 'cli.duckdb');

describe('ace command line', () => {
  // In a process of its own: exit code 0 and nothing at all on stderr, as the shell sees them.
  it('generates the demo campaign and reports it as JSON', () => {
    const r = aceProcess(['demo', '--workspace', ws, '--entries', '4000', '--seed', '3', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.datasets.find((d: { kind: string }) => d.kind === 'entries').rows).toBe(4000);
    expect(out.isDemo).toBe(true);
  });

  it('info --json lists every dataset with its row count, matching the database', async () => {
    const r = await ace(['info', '--workspace', ws, '--json']);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.datasets.map((d: { kind: string }) => d.kind)).toEqual([
      'media_buys',
      'spend',
      'entries',
      'redemptions',
      'stores',
      'contacts',
      'optouts',
      'message_events',
      'replies',
    ]);
    expect(info.datasets.find((d: { kind: string }) => d.kind === 'media_buys').rows).toBe(16);
    expect(info.dateRange.from).toBe('2026-03-02');
    const text = await ace(['info', '--workspace', ws]);
    expect(text.stdout).toMatch(/entries\s+4,000/);
  });

  it('replies: the summary and a search as --json agree with each other and the data; a bad type is a usage error', async () => {
    const sum = JSON.parse((await ace(['replies', '--workspace', ws, '--json'])).stdout);
    expect(sum.totals.replies).toBeGreaterThan(0);
    expect(sum.totals.replies).toBe(sum.totals.feedback + sum.totals.help + sum.totals.optOuts);
    expect(sum.byMediaBuy.reduce((a: number, b: { replies: number }) => a + b.replies, 0)).toBe(sum.totals.replies);
    const help = JSON.parse((await ace(['replies', '--workspace', ws, '--type', 'help', '--limit', '500', '--json'])).stdout);
    expect(help.total).toBe(sum.totals.help);
    expect(help.rows.every((r: { type: string }) => r.type === 'help')).toBe(true);
    const text = await ace(['replies', '--workspace', ws]);
    expect(text.stdout).toContain(`from ${sum.totals.first} to ${sum.totals.last}`);
    const bad = await ace(['replies', '--workspace', ws, '--type', 'angry']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--type: .*feedback/);
  });

  it('has --help on every command, and on the whole', async () => {
    for (const c of ['demo', 'info', 'serve']) {
      const r = await ace([c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.stdout).toContain(`Usage: ace ${c}`);
      expect(r.stdout).toContain('--json');
    }
    const all = await ace(['--help']);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/demo[\s\S]*info[\s\S]*serve/);
  });

  it('fails with a non-zero exit and one line that says what to do', async () => {
    const cases: [string[], number, RegExp][] = [
      [['info'], 2, /--workspace is required/],
      [['frobnicate'], 2, /unknown command "frobnicate"/],
      [['demo', '--workspace', ws, '--entries', 'lots'], 2, /--entries must be a whole number/],
      [['info', '--workspace', join(dir, 'missing.duckdb')], 1, /No workspace at .*missing\.duckdb/],
      [['demo', '--workspace', ws], 2, /already has data/],
      [['info', '--workspace', ws, '--bogus'], 2, /Unknown option '--bogus'/],
      // An id saved by an earlier version may start with a dash: the message says how to pass it.
      [
        ['segment', 'export', '--workspace', ws, '--id', '-x1', '--out', 'o.csv'],
        2,
        /value of --id starts with a dash: write it as --id=-x1 /,
      ],
    ];
    for (const [args, code, message] of cases) {
      const r = await ace(args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.startsWith('ace: ')).toBe(true);
    }
    // The usage exit code as the shell sees it (main.ts hands runCli's code to process.exit).
    const usage = aceProcess(['frobnicate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe('ace: unknown command "frobnicate" (try `ace --help`)\n');
  });

  // In a process of its own: the exit code the shell sees, and no crash.
  it('explains a file that is not a workspace instead of crashing', () => {
    const junk = join(dir, 'junk.duckdb');
    writeFileSync(junk, 'hello');
    const r = aceProcess(['info', '--workspace', junk]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ace: This file is not an ACE workspace/);
  });
});
