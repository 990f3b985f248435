// Playwright global setup: builds the `ace` command and the host bundle once (scripts/build-cli.mjs) and
// empties the cache of generated demo data, so this run generates its own (tests/e2e/fixtures.ts).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, cliDir } from '../../scripts/build-cli.mjs';

export default async function globalSetup(): Promise<void> {
  rmSync(join(cliDir, 'e2e-demos'), { recursive: true, force: true });
  await buildCli({ quiet: true, tolerant: true });
}
