import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

/**
 * A fresh temp folder, removed afterwards: when the file's tests are done, or, made inside a test, when that
 * test ends (an afterAll registered from inside a test never runs: such folders were left behind in /tmp).
 */
export function tempDir(prefix = 'ace-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    onTestFinished(remove);
  } catch {
    // Not inside a test ("can only be called inside a test"): the file's or describe's folder.
    afterAll(remove);
  }
  return dir;
}
