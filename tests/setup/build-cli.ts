// Vitest global setup: the `ace` command is built once per run (node_modules/.ace-cli/ace.mjs), so the tests
// spawn plain `node` instead of transpiling the sources with tsx on every start. A build error does not stop
// the run: the tests that run the CLI fail with it (tests/unit/helpers/cli.ts), the others run.
import { buildCli } from '../../scripts/build-cli.mjs';

export async function setup(): Promise<void> {
  await buildCli({ quiet: true, tolerant: true });
}
