import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listSegments } from '../../src-main/core/segments/run';
import { Session } from '../../src-main/core/session';
import { ace, aceArgv, aceBin } from './helpers/cli';
import { tempDir } from './helpers/tmp';
import { builtWorkerUrl } from './helpers/worker';
import { onEveryCore } from './helpers/threads';

onEveryCore();

/**
 * Crash safety: SIGKILL of the whole `ace` process group in the middle of an import, and while
 * segments are being saved, leaves a workspace that opens, with every committed change and none of
 * the interrupted one. (The same for a push: tests/unit/deliver/kill.test.ts.)
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = tempDir('ace-crash-');

/**
 * Starts `ace` in its own process group and resolves `reached` when a line of its stderr matches
 * `progress`: the kill then lands where the work is known to be, not after a guessed sleep (on a busy
 * machine a fixed sleep can kill before anything ran, and the test proves nothing).
 * ACE_PROFILE_SQL=1 makes the CLI print each writer statement as it finishes.
 */
function start(args: string[], progress: RegExp) {
  const child = spawn(process.execPath, aceArgv(args).slice(1), {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
    env: { ...process.env, ACE_PROFILE_SQL: '1' },
  });
  const exited = new Promise<string | null>((r) => child.on('exit', (_code, signal) => r(signal)));
  let err = '';
  const reached = new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      const line = err.split('\n').find((l) => progress.test(l));
      if (line) resolve(line);
    });
    child.on('exit', () => reject(new Error(`ace exited before ${progress}: ${err.slice(-500)}`)));
  });
  return { kill: () => process.kill(-child.pid!, 'SIGKILL'), exited, reached };
}

async function counts(ws: string) {
  const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
  await s.open(ws);
  try {
    const [r] = await s
      .requireDb()
      .rows<{ entries: unknown; imports: unknown; facts: unknown }>(
        `SELECT (SELECT count(*) FROM entries) AS entries, (SELECT count(*) FROM imports) AS imports, (SELECT count(*) FROM entry_facts_t) AS facts`,
      );
    return {
      entries: Number(r!.entries),
      imports: Number(r!.imports),
      facts: Number(r!.facts),
      segments: await listSegments(s.requireDb()),
    };
  } finally {
    await s.close();
  }
}

describe('kill -9', () => {
  it('during an import: the workspace opens as it was; the same import then goes through whole', async () => {
    const exports = join(dir, 'exports');
    // 60,000 rows: enough that the insert is profiled (over 50 ms) and the identity, facts and commit after it
    // take most of a second, so the kill lands inside the transaction; at 250,000 generating and importing
    // it twice was 30 s of CPU for the same proof.
    expect((await ace(['demo', '--csv', exports, '--entries', '60000', '--seed', '2'])).code).toBe(0);
    const ws = join(dir, 'import.duckdb');
    expect((await ace(['demo', '--workspace', ws, '--entries', '2000', '--seed', '1'])).code).toBe(0);
    const before = await counts(ws);

    // Killed right after the rows went into the entries table, inside the import's transaction,
    // before identity, attribution and the commit: the moment that would leave half an import.
    const run = start(['import', '--workspace', ws, join(exports, 'entries.csv'), '--kind', 'entries'], /\] INSERT INTO entries \(/);
    expect(await run.reached).toMatch(/INSERT INTO entries/);
    run.kill();
    expect(await run.exited).toBe('SIGKILL');
    const after = await counts(ws);
    expect(after).toEqual(before);

    const again = await ace(['import', '--workspace', ws, join(exports, 'entries.csv'), '--kind', 'entries', '--json']);
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as { rowsRead: number; rowsImported: number; rowsRejected: number; duplicatesSkipped: number };
    expect(report.rowsImported + report.rowsRejected + report.duplicatesSkipped).toBe(report.rowsRead);
    const done = await counts(ws);
    expect(done.entries).toBe(before.entries + report.rowsImported);
    expect(done.facts).toBe(done.entries);
  }, 240_000);

  it('while segments are saved: each saved one is whole, the interrupted one is absent', async () => {
    const ws = join(dir, 'segments.duckdb');
    expect((await ace(['demo', '--workspace', ws, '--entries', '1000', '--seed', '1'])).code).toBe(0);
    const rule = join(dir, 'rule.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      rule,
      JSON.stringify({ all: [{ type: 'response', field: 'channel', values: ['sms'] }, { not: { type: 'redeemed', value: true } }] }),
    );
    // A shell loop saving segments one after another, saying when each is saved; killed once three
    // are, while the fourth is being saved.
    const child = spawn(
      'bash',
      [
        '-c',
        `for i in $(seq 1 40); do node ${aceBin} segment save --workspace ${ws} --rule ${rule} --name "Loop $i" >/dev/null 2>&1 && echo "saved $i"; done`,
      ],
      { detached: true, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const exited = new Promise((r) => child.on('exit', r));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (/^saved 3$/m.test(out)) resolve();
      });
      child.on('exit', () => reject(new Error(`the loop ended before three saves: ${out}`)));
    });
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    const after = await counts(ws);
    expect(after.segments.length).toBeGreaterThanOrEqual(3);
    expect(after.segments.length).toBeLessThan(40);
    for (const s of after.segments) {
      expect(s.problem).toBeUndefined();
      expect(s.rule).toEqual({
        all: [{ type: 'response', field: 'channel', values: ['sms'] }, { not: { type: 'redeemed', value: true } }],
      });
    }
    // Names are consecutive from 1: no gap left by a half-written save.
    const numbers = after.segments.map((s) => Number(s.name.replace('Loop ', ''))).sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  }, 120_000);
});
