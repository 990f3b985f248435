import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aceArgv } from './helpers/cli';
import { demoSession } from './helpers/demo';
import { tempDir } from './helpers/tmp';

const dir = tempDir();

/**
 * `ace serve` stopped (SIGTERM) while the Map's queries still run: it interrupts them, lets them end,
 * closes the workspace and exits cleanly. It used to close DuckDB under the running queries and abort
 * in native code ("terminate called after throwing an instance of 'Napi::Error'").
 */
describe('stopping the web host mid-query', () => {
  it('exits 0 without a native abort while geo queries run', async () => {
    const s = await demoSession(dir, 'serve-stop.duckdb');
    await s.close();
    const workspace = join(dir, 'serve-stop.duckdb');
    for (let round = 0; round < 3; round++) {
      const [node, ...argv] = aceArgv(['serve', '--port', '0', '--json', '--workspace', workspace]);
      const child = spawn(node!, argv, { env: { ...process.env, ACE_DATA_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      );
      const url = await new Promise<string>((resolve, reject) => {
        const t = setInterval(() => {
          try {
            resolve((JSON.parse(out) as { url: string }).url);
            clearInterval(t);
          } catch {
            /* not the whole JSON yet */
          }
        }, 20);
        child.once('exit', () => reject(new Error(`ace serve exited early: ${err}`)));
      });
      const token = url.split('#token=')[1]!;
      const origin = new URL(url).origin;
      const ask = (method: string, input: unknown) =>
        fetch(`${origin}/api/rpc/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-ace-token': token },
          body: JSON.stringify(input),
        }).catch(() => null);
      // What the Map asks when it opens, then the stop while (some of) it runs.
      const calls = [ask('geo.measures', { filters: [] }), ask('geo.stores', { miles: 25, filters: [] }), ask('roi.get', { by: 'market' })];
      await new Promise((r) => setTimeout(r, 15 * (round + 1)));
      child.kill('SIGTERM');
      const { code, signal } = await exited;
      await Promise.all(calls);
      expect(err).not.toMatch(/terminate called|Napi::Error/);
      expect({ code, signal }).toEqual({ code: 0, signal: null });
    }
  }, 120_000);
});
