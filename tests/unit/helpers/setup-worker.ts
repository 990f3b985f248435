import { fileURLToPath } from 'node:url';
import { builtWorkerUrl } from './worker';

// Vitest setup file (vitest.config.ts): every session a test opens without naming a worker (the in-process
// `ace` of helpers/cli.ts, hosts, openDemo, ...) starts the DuckDB worker the global setup built
// (core/db/client.ts defaultWorkerUrl reads ACE_DB_WORKER), not worker.ts through tsx: about a second of CPU
// saved per session on 2 cores. Left unset when the build failed, so the tests still run from the sources.
const built = builtWorkerUrl();
if (built) process.env.ACE_DB_WORKER = fileURLToPath(built);
