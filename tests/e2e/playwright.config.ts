import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * Debian's Chromium: Playwright cannot download its own browsers here. Its headless shell (apt-get install
 * chromium-headless-shell; what Playwright itself runs headless tests in) where installed: the same Blink and V8
 * without the browser's own UI, the whole e2e run in a quarter less time and CPU than the full browser in headless
 * mode (261 vs 349 s, measured 2026-12-04). Else the full browser (apt-get install chromium), which passes the same.
 */
const HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // Builds the CLI and the in-process `ace serve` once; empties the generated-demo cache.
  globalSetup: './global-setup.ts',
  // Two at a time on 2 cores: each test has its own temp folder, workspace and port, and a test spends most
  // of its time waiting on the browser or DuckDB. Any test may go to either worker (a file's beforeAll runs
  // in each worker that takes one of its tests): the slow files no longer keep one worker busy alone.
  workers: 2,
  fullyParallel: true,
  // A failed test runs once more, with its trace recorded (below). It still fails the run: a pass on the retry
  // is "flaky", and flaky fails (scripts/test-all.mjs counts it as a failure too).
  retries: 1,
  failOnFlakyTests: true,
  reporter: [['list'], ['json', { outputFile: '../../test-results/e2e-results.json' }]],
  use: {
    viewport: { width: 1360, height: 860 },
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    // DOM snapshots and actions of a failed test, without the screencast, recorded when it runs again:
    // recording every test's in case it failed cost about 8 % of the run (frames too: a sixth).
    trace: { mode: 'on-first-retry', screenshots: false },
    screenshot: 'only-on-failure',
  },
});
