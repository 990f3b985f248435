#!/usr/bin/env node
/**
 * The DuckDB extensions the app loads (DuckLake and the PostgreSQL catalog), put where the app finds them:
 * resources/duckdb-extensions/v<duckdb version>/<duckdb platform>/<name>.duckdb_extension, DuckDB's own
 * extension-directory layout. They come from the Python package index (packages duckdb-extension-<name>,
 * the same binaries DuckDB publishes, one wheel per platform) at exactly the DuckDB version of
 * @duckdb/node-api; the app never downloads anything at run time (docs/lake.md). electron-builder ships the
 * folder (extraResources); .ci/run fetches it for the tests.
 *
 *   node scripts/duckdb-extensions.mjs [--platform linux_amd64|linux_arm64|osx_arm64|osx_amd64|windows_amd64 ...]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** What the app loads (core/engine/extensions.ts names the same). */
export const EXTENSIONS = ['ducklake', 'postgres_scanner'];
/** DuckDB's platform names and the wheel tags PyPI files them under. */
const WHEEL_TAG = {
  linux_amd64: 'manylinux2014_x86_64',
  linux_arm64: 'manylinux2014_aarch64',
  osx_arm64: 'macosx_11_0_arm64',
  osx_amd64: 'macosx_10_15_x86_64',
  windows_amd64: 'win_amd64',
};

export function duckdbVersion() {
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules/@duckdb/node-bindings/package.json'), 'utf8'));
  // 1.5.5-r.5: DuckDB 1.5.5, fifth release of the Node bindings for it.
  return pkg.version.replace(/-r\.\d+$/, '');
}

function hostPlatform() {
  const os = { linux: 'linux', darwin: 'osx', win32: 'windows' }[process.platform];
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch];
  return `${os}_${arch}`;
}

function main() {
  const args = process.argv.slice(2);
  const platforms = args.flatMap((a, i) => (args[i - 1] === '--platform' ? [a] : []));
  const version = duckdbVersion();
  for (const platform of platforms.length ? platforms : [hostPlatform()]) {
    const tag = WHEEL_TAG[platform];
    if (!tag) throw new Error(`Unknown platform ${platform}: one of ${Object.keys(WHEEL_TAG).join(', ')}`);
    const out = join(root, 'resources/duckdb-extensions', `v${version}`, platform);
    mkdirSync(out, { recursive: true });
    for (const name of EXTENSIONS) {
      const file = join(out, `${name}.duckdb_extension`);
      if (existsSync(file)) continue;
      const tmp = mkdtempSync(join(tmpdir(), 'ace-ext-'));
      try {
        const pkg = `duckdb-extension-${name.replace(/_/g, '-')}==${version}`;
        execFileSync(
          'python3',
          [
            '-m',
            'pip',
            'download',
            '--quiet',
            '--no-deps',
            '--only-binary=:all:',
            '--platform',
            tag,
            '--python-version',
            '3.11',
            pkg,
            '-d',
            tmp,
          ],
          { stdio: ['ignore', 'inherit', 'inherit'] },
        );
        const wheel = readdirSync(tmp).find((f) => f.endsWith('.whl'));
        if (!wheel) throw new Error(`pip gave no wheel for ${pkg} (${platform})`);
        execFileSync('python3', ['-m', 'zipfile', '-e', join(tmp, wheel), join(tmp, 'x')]);
        const found = execFileSync('python3', [
          '-c',
          `import glob,sys;print('\\n'.join(glob.glob(sys.argv[1]+'/**/*.duckdb_extension',recursive=True)))`,
          join(tmp, 'x'),
        ])
          .toString()
          .trim()
          .split('\n')
          .filter(Boolean);
        if (found.length !== 1) throw new Error(`${wheel} holds ${found.length} extension files, expected one`);
        renameSync(found[0], file);
        console.log(`${name} ${version} for ${platform}`);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
