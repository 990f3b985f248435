import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { builtCliProblem, workerFile } from '../../../scripts/build-cli.mjs';

/**
 * The DuckDB worker for the sessions the helpers open: the one the global setup built beside the CLI
 * (src-main/core/db/worker.ts bundled by esbuild, the transform tsx applies) starts in a third of the time of
 * the sources, which each new worker thread would load through tsx. Undefined (the sources) when no build is
 * there, so the tests still run.
 */
export function builtWorkerUrl(): URL | undefined {
  return builtCliProblem() === null && existsSync(workerFile) ? pathToFileURL(workerFile) : undefined;
}
