#!/usr/bin/env node
// `npm test`: every check CI runs, in order, with one summary line at the end.
// typecheck, lint, electronegativity, build, unit (Vitest, real DuckDB), e2e (Playwright + Chromium against the web host),
// electron smoke (reported skipped where no Electron binary exists).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const bin = (name) => `node_modules/.bin/${name}`;
const steps = [
  { name: 'typecheck', cmd: [bin('tsc'), '-p', 'tsconfig.main.json'], also: [[bin('tsc'), '-p', 'tsconfig.renderer.json'], [bin('tsc'), '-p', 'tsconfig.tests.json']] },
  { name: 'lint', cmd: [bin('eslint'), '.', '--max-warnings=0'] },
  // Doyensec's Electron scanner; each finding accepted with its reason in electronegativity.json.
  { name: 'electronegativity', cmd: ['node', 'scripts/electronegativity.mjs'] },
  { name: 'build', cmd: [bin('electron-vite'), 'build'] },
  { name: 'unit', cmd: [bin('vitest'), 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/unit-results.json'], results: 'test-results/unit-results.json', kind: 'vitest' },
  { name: 'e2e', cmd: [bin('playwright'), 'test', '-c', 'tests/e2e/playwright.config.ts'], results: 'test-results/e2e-results.json', kind: 'playwright' },
  { name: 'electron', cmd: [bin('playwright'), 'test', '-c', 'tests/electron/playwright.config.ts'], results: 'test-results/electron-results.json', kind: 'playwright' },
];

rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];
const started = Date.now();

function count(step) {
  if (!step.results || !existsSync(step.results)) return;
  const r = JSON.parse(readFileSync(step.results, 'utf8'));
  if (step.kind === 'vitest') {
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests + r.numTodoTests;
  } else {
    totals.passed += r.stats.expected;
    totals.failed += r.stats.unexpected + r.stats.flaky;
    totals.skipped += r.stats.skipped;
  }
}

for (const step of steps) {
  const t0 = Date.now();
  console.log(`\n=== ${step.name} ===`);
  let ok = true;
  for (const cmd of [step.cmd, ...(step.also ?? [])]) {
    const r = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
    if (r.status !== 0) ok = false;
  }
  count(step);
  if (!ok) failedSteps.push(step.name);
  console.log(`=== ${step.name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

console.log(`\nChecks: ${steps.length - failedSteps.length}/${steps.length} ok${failedSteps.length ? ` (failed: ${failedSteps.join(', ')})` : ''}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length || totals.failed ? 1 : 0);
