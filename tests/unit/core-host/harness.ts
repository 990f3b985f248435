// Runs the real core process entry (src-main/core-host/entry.ts) as a plain Node child, the way the
// app runs it as an Electron utility process, and drives it through the real relay client.
// The entry is bundled once per run with esbuild (about a second), like the CLI (scripts/build-cli.mjs),
// into node_modules/.ace-core-host/ with the DuckDB worker beside it as db-worker.js.
import { fork } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { CoreClient, type CoreClientOptions } from '../../../src-main/core-host/client';
import type { HostCallbacks } from '../../../src-main/core-host/host-calls';
import { nodeChildCore } from '../../../src-main/core-host/port';

export const root = fileURLToPath(new URL('../../..', import.meta.url));
const outDir = join(root, 'node_modules', '.ace-core-host');
export const builtEntry = join(outDir, 'core.mjs');
/** The same entry as electron-vite builds it for the app (`npx electron-vite build`). */
export const appEntry = join(root, 'out', 'main', 'core.js');

/** Packages stay external (resolved from node_modules at run time); JSON is inlined (Node needs an attribute for it). */
const external: Plugin = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.endsWith('.json') ? undefined : { path: args.path, external: true }));
  },
};

async function bundle(entry: string, outfile: string): Promise<void> {
  const r = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    plugins: [external],
    absWorkingDir: root,
    write: false,
  });
  const tmp = `${outfile}.${process.pid}.tmp`;
  writeFileSync(tmp, r.outputFiles[0]!.contents);
  renameSync(tmp, outfile);
}

/** Two levels below the root, like out/main/: core/lib/paths.ts finds package.json the same way. */
export async function buildCoreEntry(): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'package.json'), JSON.stringify({ name: 'ace-core-host-build', private: true, type: 'module' }) + '\n');
  await Promise.all([
    bundle('src-main/core-host/entry.ts', builtEntry),
    bundle('src-main/core/db/worker.ts', join(outDir, 'db-worker.js')),
  ]);
  return builtEntry;
}

export interface Driven {
  client: CoreClient;
  events: [string, unknown][];
  down: { code: number | null; message: string }[];
  pids: number[];
  /** Resolves with the next event of that name. */
  next(name: string, where?: (payload: unknown) => boolean): Promise<unknown>;
}

/** A relay client whose core is `entry` forked with plain Node; started. */
export function driveCore(entry: string, host: HostCallbacks, dataDir: string, extra: Partial<CoreClientOptions> = {}): Driven {
  const events: [string, unknown][] = [];
  const down: Driven['down'] = [];
  const pids: number[] = [];
  const waiters: { name: string; where: (p: unknown) => boolean; resolve: (p: unknown) => void }[] = [];
  const client = new CoreClient({
    spawn: () => {
      // `advanced` serialization: structured clone, as Electron's parentPort, so bytes stay Uint8Array.
      const child = fork(entry, [], {
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        env: { ...process.env, ACE_DATA_DIR: dataDir },
      });
      pids.push(child.pid!);
      return nodeChildCore(child);
    },
    config: { dataDir, version: '9.9.9-test', host: 'electron', nativeDialogs: true },
    host,
    onEvent: (name, payload) => {
      events.push([name, payload]);
      for (const w of [...waiters]) {
        if (w.name === name && w.where(payload)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(payload);
        }
      }
    },
    onDown: (why) => down.push(why),
    ...extra,
  });
  client.start();
  const next = (name: string, where: (p: unknown) => boolean = () => true) =>
    new Promise<unknown>((resolve) => waiters.push({ name, where, resolve }));
  return { client, events, down, pids, next };
}

/** A reversible stand-in for safeStorage: the plaintext never appears in what it returns. */
export const fakeSeal = (plain: string) =>
  new Uint8Array(Buffer.from(`sealed:${Buffer.from(plain).toString('base64').split('').reverse().join('')}`));
export const fakeOpen = (sealed: Uint8Array) =>
  Buffer.from(Buffer.from(sealed).toString().slice(7).split('').reverse().join(''), 'base64').toString();
