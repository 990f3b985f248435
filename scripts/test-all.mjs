#!/usr/bin/env node
// `npm test`: every check CI runs, with one summary line at the end.
// typecheck, lint, electronegativity, build, unit (Vitest, real DuckDB), e2e (Playwright + Chromium against the web host),
// electron smoke (reported skipped where no Electron binary exists).
//
// Each step starts as soon as the steps it needs are done (`after`), and its output is printed whole when it ends.
// The build comes first (the unit and e2e tests use out/); unit and e2e then run side by side, each with two workers:
// together they ran in 427 s against 459 one after the other, with the same results (2026-12-05). The static checks
// (typecheck, format, lint, electronegativity) need nothing and nothing needs them: they run from the start at the
// lowest CPU priority (`background`), on the cycles the tests leave idle (a file waiting on a spawned `ace` or the
// browser, the last worker finishing alone) instead of before them. Electron last. The unit and e2e global setups
// build the `ace` command (scripts/build-cli.mjs) instead of starting it through tsx every time.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import { join } from 'node:path';

const bin = (name) => `node_modules/.bin/${name}`;
/**
 * TypeScript 7, the native compiler (package.json's `typescript7`), by its path: `typescript` stays 5.9 for the
 * tools that use its JavaScript API (typescript-eslint's parser), and both packages name their command `tsc`.
 * The same checks in about a third of the CPU (16 against 48 s on 2 cores, 2026-12-05).
 */
const tsc = ['node', 'node_modules/typescript7/bin/tsc'];
const steps = [
  // The main and renderer projects are independent: checked side by side. The tests project then checks the
  // tests against their declarations (project references, node_modules/.cache/tsc/) instead of checking all
  // the sources a third time.
  {
    name: 'typecheck',
    background: true,
    parallel: true,
    cmds: [
      [...tsc, '-b', 'tsconfig.main.json'],
      [...tsc, '-b', 'tsconfig.renderer.json'],
    ],
    then: [[...tsc, '-b', 'tsconfig.tests.json']],
  },
  // One formatting (Prettier, .prettierrc.json: 140 columns): `npm run format` fixes what this reports. TypeScript
  // and JavaScript are parsed by Prettier's own oxc plugin (native): the same output, about 30 % less CPU.
  { name: 'format', background: true, cmds: [[bin('prettier'), '--check', '--log-level=warn', '.']] },
  { name: 'lint', background: true, cmds: [[bin('eslint'), '.', '--max-warnings=0']] },
  // Doyensec's Electron scanner; each finding accepted with its reason in electronegativity.json.
  { name: 'electronegativity', background: true, cmds: [['node', 'scripts/electronegativity.mjs']] },
  { name: 'build', cmds: [[bin('electron-vite'), 'build']] },
  {
    name: 'unit',
    after: ['build'],
    cmds: [[bin('vitest'), 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/unit-results.json']],
    results: 'test-results/unit-results.json',
    kind: 'vitest',
  },
  {
    name: 'e2e',
    after: ['build'],
    cmds: [[bin('playwright'), 'test', '-c', 'tests/e2e/playwright.config.ts']],
    results: 'test-results/e2e-results.json',
    kind: 'playwright',
  },
  {
    name: 'electron',
    after: ['typecheck', 'format', 'lint', 'electronegativity', 'build', 'unit', 'e2e'],
    cmds: [[bin('playwright'), 'test', '-c', 'tests/electron/playwright.config.ts']],
    results: 'test-results/electron-results.json',
    kind: 'playwright',
  },
];

rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];
const started = Date.now();

/**
 * CPU-seconds the run's finished processes used (Linux: /proc/self/stat's cutime + cstime, in the kernel's
 * fixed 100 ticks a second), or null elsewhere. Only processes their parents waited for land here: Chromium's
 * renderers do not (574 counted where the machine spent 717, 2026-12-06), hence the machine's figure beside it.
 * Printed beside the wall time: the run keeps both cores busy, and the same commit took 326-442 s here within two
 * hours (2026-12-05), so the two together say whether a slower run did more work or met a slower machine.
 */
function childCpu() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return null;
  }
}
/**
 * CPU-seconds every process on the machine has used since boot (Linux: /proc/stat's first line, all but idle and
 * iowait), or null elsewhere: on a machine running nothing else, the run's whole cost, the PostgreSQL server's too.
 */
function machineCpu() {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return null;
  }
}
const cpuNow = () => ({ own: childCpu(), machine: machineCpu() });
const cpuSince = (c0) => {
  const c = cpuNow();
  const own = c.own === null || c0.own === null ? '' : `, ${(c.own - c0.own).toFixed(0)} CPU-s`;
  return own && c.machine !== null && c0.machine !== null ? `${own} (machine: ${(c.machine - c0.machine).toFixed(0)})` : own;
};
const runCpu = cpuNow();

/**
 * The tests' temp folders (workspaces, exports, lakes: some thousand DuckDB files made, committed to and closed)
 * in memory where Linux has a tmpfs with room, instead of on the disk: the same files and DuckDB, without waiting
 * on the disk for each commit's and checkpoint's sync (the unit tests took about a tenth less time and CPU on a
 * 2-core machine, 2026-12-05). ACE_TEST_TMPDIR names another folder; a machine without one uses its usual temp.
 */
function testTmp() {
  const base = process.env.ACE_TEST_TMPDIR ?? '/dev/shm';
  try {
    const fs = statfsSync(base);
    if (fs.bavail * fs.bsize < 4 * 2 ** 30) return null;
    return mkdtempSync(join(base, 'ace-tests-'));
  } catch {
    return null;
  }
}
const tmp = testTmp();
const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ...(tmp ? { TMPDIR: tmp } : {}) };

function count(step) {
  if (!step.results || !existsSync(step.results)) return;
  const r = JSON.parse(readFileSync(step.results, 'utf8'));
  if (step.kind === 'vitest') {
    totals.passed += r.numPassedTests;
    // A file that fails to load or in a hook fails no test of its own: counted as one.
    totals.failed +=
      r.numFailedTests +
      r.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')).length;
    totals.skipped += r.numPendingTests + r.numTodoTests;
  } else {
    totals.passed += r.stats.expected;
    totals.failed += r.stats.unexpected + r.stats.flaky;
    totals.skipped += r.stats.skipped;
  }
}

/**
 * `nice -n 19` before a background step's commands where Linux has it: the kernel then gives them only the CPU the
 * other steps leave (their children and threads inherit it). Elsewhere they run at the usual priority.
 */
const lowest = process.platform === 'linux' && ['/usr/bin/nice', '/bin/nice'].find((p) => existsSync(p));
const withPriority = (step, cmd) => (step.background && lowest ? [lowest, '-n', '19', ...cmd] : cmd);

/** Runs one command, its output (stdout and stderr interleaved) kept in `buffer` to print later. Resolves ok. */
function run(cmd, buffer) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env });
    for (const s of [child.stdout, child.stderr]) s.on('data', (c) => buffer.push(c));
    child.on('error', (e) => {
      buffer.push(Buffer.from(`${cmd[0]}: ${e.message}\n`));
      resolve(false);
    });
    child.on('close', (code) => resolve(code === 0));
  });
}

const since = (t) => ((Date.now() - t) / 1000).toFixed(1);

/**
 * Runs a step's commands (side by side when `parallel`, then its `then` one after another) once the steps it
 * names in `after` are done; prints `=== name ===`, its whole output, and its result with when it ran.
 */
async function runStep(step) {
  const t0 = Date.now();
  const outs = [];
  const go = (cmd) => {
    const out = [];
    outs.push(out);
    return run(withPriority(step, cmd), out);
  };
  const results = step.parallel ? await Promise.all(step.cmds.map(go)) : [];
  if (!step.parallel) for (const cmd of step.cmds) results.push(await go(cmd));
  // Commands that need the ones above done (tsc -b of a project that references them).
  for (const cmd of step.then ?? []) results.push(await go(cmd));
  const ok = results.every(Boolean);
  console.log(`\n=== ${step.name} ===`);
  for (const o of outs) process.stdout.write(Buffer.concat(o));
  count(step);
  if (!ok) failedSteps.push(step.name);
  const priority = step.background && lowest ? ', lowest priority' : '';
  console.log(`=== ${step.name}: ${ok ? 'ok' : 'FAILED'} (${since(t0)} s, from ${((t0 - started) / 1000).toFixed(1)} s${priority})`);
}

/** Each step once, when the steps it needs are done. */
const running = new Map();
function start(step) {
  if (!running.has(step.name)) {
    const needs = (step.after ?? []).map((name) => steps.find((s) => s.name === name));
    running.set(
      step.name,
      Promise.all(needs.map(start)).then(() => runStep(step)),
    );
  }
  return running.get(step.name);
}
await Promise.all(steps.map(start));

// What tests left in the temp folder is named (each should remove its own), then removed with it.
if (tmp) {
  // Playwright keeps its compiled tests there (playwright-transform-cache-*): its own, not a test's.
  const left = readdirSync(tmp).filter((f) => !f.startsWith('playwright-transform-cache'));
  if (left.length)
    console.log(`\nLeft in the temp folder by tests (${left.length}): ${left.slice(0, 10).join(', ')}${left.length > 10 ? ', ...' : ''}`);
  rmSync(tmp, { recursive: true, force: true });
}
console.log(
  `\nChecks: ${steps.length - failedSteps.length}/${steps.length} ok${failedSteps.length ? ` (failed: ${failedSteps.join(', ')})` : ''}; ${((Date.now() - started) / 1000).toFixed(0)} s${cpuSince(runCpu)}`,
);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length || totals.failed ? 1 : 0);
