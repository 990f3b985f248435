import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, onTestFinished } from 'vitest';

/**
 * A fresh temp folder, removed afterwards: when the file's tests are done, or, made inside a test, when that
 * test ends (an afterAll registered from inside a test never runs: such folders were left behind in /tmp).
 */
export function tempDir(prefix = 'ace-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  if (expect.getState().currentTestName !== undefined) onTestFinished(remove);
  else afterAll(remove);
  return dir;
}
