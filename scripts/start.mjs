#!/usr/bin/env node
// `npm start`: build, then open the desktop app on the demo campaign. Where the Electron binary is
// missing and cannot be fetched, say so in one line and start browser mode instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(dirname(new URL(import.meta.url).pathname), '..');
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });

if (run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build']).status !== 0) {
  console.error('npm start: the build failed (see above).');
  process.exit(1);
}

// The DuckDB extensions a DuckLake workspace needs (docs/lake.md): fetched once from the Python package index
// when missing; without them everything but DuckLake workspaces works, and opening one says how to get them.
if (!existsSync(join(root, 'resources/duckdb-extensions'))) {
  const got = spawnSync(process.execPath, [join(root, 'scripts/duckdb-extensions.mjs')], { cwd: root, stdio: 'ignore', timeout: 180_000 });
  if (got.status !== 0)
    console.log('DuckLake workspaces need the DuckDB extensions: run node scripts/duckdb-extensions.mjs (it uses python3 -m pip).');
}

function electronBinary() {
  const pkgDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

let bin = electronBinary();
if (!bin) {
  // Electron 45 fetches its binary on first use; try once, quietly.
  spawnSync(process.execPath, ['-e', "require('electron')"], { cwd: root, stdio: 'ignore', timeout: 120_000 });
  bin = electronBinary();
}

if (bin) {
  const child = spawn(bin, [root], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('The Electron binary is not available on this machine (it could not be downloaded), so ACE opens in browser mode instead.');
  const child = spawn(
    process.execPath,
    [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'src-main/cli/main.ts'), 'serve', ...process.argv.slice(2)],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}
