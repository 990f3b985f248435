import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const cli = join(root, 'src-main/cli/main.ts');

/** Runs the real `ace` CLI and returns its parsed --json output. */
export function aceJson<T>(args: string[], env: NodeJS.ProcessEnv = {}): T {
  const r = spawnSync(process.execPath, [tsx, cli, ...args, '--json'], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`ace ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

export interface Served {
  url: string;
  origin: string;
  workspace: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** `ace serve` on a port of its own with a temp data dir, as a user would start it. */
export async function serve(opts: { workspace?: string; dataDir: string }): Promise<Served> {
  const args = [tsx, cli, 'serve', '--port', '0', '--json', ...(opts.workspace ? ['--workspace', opts.workspace] : [])];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ACE_DATA_DIR: opts.dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      try {
        resolve((JSON.parse(out) as { url: string }).url);
      } catch {
        /* wait for the whole JSON */
      }
    });
    child.once('exit', (code) => reject(new Error(`ace serve exited (${code}): ${stderr}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    workspace: opts.workspace ?? join(opts.dataDir, 'demo-campaign.duckdb'),
    dataDir: opts.dataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Calls the served API as the page does (with the launch token from the URL); throws with the method's message. */
export async function apiCall<T>(server: Served, method: string, input: unknown = {}): Promise<T> {
  const token = new URL(server.url).hash.replace('#token=', '');
  const r = await fetch(`${server.origin}/api/rpc/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-ace-token': token }, body: JSON.stringify(input) });
  const body = (await r.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.value;
}

/** A temp folder per test, removed afterwards. */
export const test = base.extend<{ tmp: string }>({
  // eslint-disable-next-line no-empty-pattern
  tmp: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'ace-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
