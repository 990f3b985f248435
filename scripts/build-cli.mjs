#!/usr/bin/env node
// Builds the `ace` command for the tests: `src-main/cli/main.ts` -> `node_modules/.ace-cli/ace.mjs` (with the
// e2e tests' host entry, host.mjs, and the chunks the two share or load when asked), and the DuckDB worker
// beside it as `db-worker.js` (the name `core/db/client.ts` looks for next to a built file).
// Spawning the built file starts in a fraction of a second; `tsx src-main/cli/main.ts` transpiles the whole
// graph on every start (4-8 s on 2 cores). esbuild is what tsx itself uses, so the code is transformed the same way.
//
// Packages stay external (resolved from node_modules at run time, as under tsx), except JSON files, which are
// inlined: Node refuses `import x from 'pkg/file.json'` without an import attribute.
// The folder is two levels below the root, like `src-main/web-host/`, so the web host's `../../out/renderer`
// and the package.json lookup of `core/lib/paths.ts` resolve as they do from the sources; inside node_modules it is
// ignored by git, lint and the packager, and `npm ci` starts it afresh. Its own package.json says "module":
// Node stops looking for the package scope at node_modules, and db-worker.js is an ES module.
//
// Usage: node scripts/build-cli.mjs   (the Vitest and Playwright global setups call buildCli() themselves)
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const cliDir = join(root, 'node_modules', '.ace-cli');
export const cliFile = join(cliDir, 'ace.mjs');
export const workerFile = join(cliDir, 'db-worker.js');
/** The sources' session and web host, for the e2e tests' in-process `ace serve` (tests/setup/host-entry.ts). */
export const hostFile = join(cliDir, 'host.mjs');
/** Why the last build failed, for the tests that then cannot run the CLI. */
export const buildErrorFile = join(cliDir, 'build-error.txt');

/**
 * Pure-JavaScript packages of a thousand small modules between them, bundled in: loading them file by file is
 * most of a start (echarts and zrender ~700 files, apache-arrow ~160, zod ~100). Resolved as Node resolves
 * them (the "import" and "node" conditions, package.json "main"; no bundler-only "module" field).
 */
const BUNDLED = ['echarts', 'zrender', 'apache-arrow', 'flatbuffers', 'zod', 'tslib'];
/**
 * In the DuckDB worker too: DuckDB's JavaScript API, ~60 CommonJS modules (its native binding, @duckdb/node-bindings,
 * stays outside). Loading it file by file was a third of a worker's start: `require('@duckdb/node-api')` 0.154 ->
 * 0.100 CPU-s bundled, and every `ace` command, `ace serve` and new session starts a worker.
 */
const BUNDLED_IN_WORKER = [...BUNDLED, '@duckdb/node-api'];
const packageOf = (spec) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

/** Other packages stay external (native DuckDB, pdfkit's font files ...); JSON is inlined (Node needs an attribute). */
const externalPackages = (bundled) => ({
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      if (args.path.endsWith('.json') || bundled.includes(packageOf(args.path))) return undefined;
      return { path: args.path, external: true };
    });
  },
});

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  plugins: [externalPackages(BUNDLED)],
  conditions: [],
  mainFields: ['main'],
  absWorkingDir: root,
  write: false,
};

/** True when `path` already holds exactly `contents`. */
function same(path, contents) {
  try {
    return Buffer.from(contents).equals(readFileSync(path));
  } catch {
    return false;
  }
}

/**
 * Each file written whole, then renamed: a process starting meanwhile never reads half a file. A file that is
 * already what this build made is left alone: the unit and e2e runs build at the same time (scripts/test-all.mjs)
 * while the other's tests start the CLI.
 */
function writeOutputs(files) {
  for (const f of files) {
    if (same(f.path, f.contents)) continue;
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
}

/**
 * The DuckDB worker as one file. A CommonJS package bundled into an ES module reaches its own externals (the native
 * binding) through `require`, which an ES module lacks: the banner makes one for it.
 */
async function bundleWorker(entry, outfile) {
  const r = await build({
    ...common,
    plugins: [externalPackages(BUNDLED_IN_WORKER)],
    banner: {
      js: "import { createRequire as __aceCreateRequire } from 'node:module';\nconst require = __aceCreateRequire(import.meta.url);",
    },
    entryPoints: [join(root, entry)],
    outfile,
  });
  writeOutputs(r.outputFiles);
}

/**
 * The CLI and the host entry share their code in chunks beside them (same folder, so paths the code finds from
 * its own URL still resolve), and what the core loads only when asked (ECharts' 2.9 MB for server-side charts)
 * is a chunk of its own: a start of `ace serve` no longer reads and compiles it (a sixth less CPU a start; the e2e
 * tests start ~130). The chunks are written before the entries that import them; chunks of earlier builds go.
 */
async function bundleShared(entries) {
  const r = await build({
    ...common,
    entryPoints: entries,
    outdir: cliDir,
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
  });
  const entryFiles = Object.keys(entries).map((name) => join(cliDir, `${name}.mjs`));
  const chunks = r.outputFiles.filter((f) => !entryFiles.includes(f.path));
  writeOutputs([...chunks, ...r.outputFiles.filter((f) => entryFiles.includes(f.path))]);
  const made = new Set(r.outputFiles.map((f) => basename(f.path)));
  for (const f of readdirSync(cliDir)) if (f.endsWith('.mjs') && !made.has(f)) rmSync(join(cliDir, f), { force: true });
}

/**
 * Builds the CLI, the DuckDB worker and the host entry (about a second); returns the path of the CLI.
 * When the sources do not compile, the old files are removed and the reason kept in build-error.txt
 * (see builtCliProblem); `tolerant` then returns instead of throwing, so the tests that do not need the
 * CLI still run, as they did when every test started the CLI through tsx.
 */
export async function buildCli({ quiet = false, tolerant = false } = {}) {
  const t0 = Date.now();
  mkdirSync(cliDir, { recursive: true });
  writeOutputs([
    { path: join(cliDir, 'package.json'), contents: JSON.stringify({ name: 'ace-cli-build', private: true, type: 'module' }) + '\n' },
  ]);
  rmSync(buildErrorFile, { force: true });
  try {
    await Promise.all([
      bundleShared({ ace: join(root, 'src-main/cli/main.ts'), host: join(root, 'tests/setup/host-entry.ts') }),
      bundleWorker('src-main/core/db/worker.ts', workerFile),
    ]);
  } catch (e) {
    for (const f of [cliFile, workerFile, hostFile]) rmSync(f, { force: true });
    const why =
      e && Array.isArray(e.errors) && e.errors.length
        ? e.errors.map((x) => `${x.location ? `${x.location.file}:${x.location.line}: ` : ''}${x.text}`).join('\n')
        : String(e);
    writeFileSync(buildErrorFile, why + '\n');
    if (!tolerant) throw e;
    console.error(`The ace CLI could not be built, so the tests that run it will fail:\n${why}`);
    return cliFile;
  }
  if (!quiet) console.log(`built ${relative(root, cliFile)}, db-worker.js and host.mjs in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return cliFile;
}

/** Why the built CLI cannot be used (never built, or the last build failed), or null. */
export function builtCliProblem() {
  try {
    return `the ace CLI could not be built: ${readFileSync(buildErrorFile, 'utf8').trim()}`;
  } catch {
    /* no error recorded */
  }
  if (existsSync(cliFile) && existsSync(workerFile) && existsSync(hostFile)) return null;
  return `${cliFile} is missing: run \`node scripts/build-cli.mjs\` (the Vitest and Playwright global setups do)`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildCli();
