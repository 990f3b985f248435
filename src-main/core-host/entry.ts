/**
 * The core process: started by the desktop shell with Electron's utilityProcess.fork (electron-vite
 * bundles this file as out/main/core.js), or by a plain Node parent with child_process.fork
 * (tests/unit/core-host). Whichever channel it was given, it serves the relay protocol.
 */
import { serveCore } from './server';
import { childPort } from './port';

// The DuckDB worker is bundled beside this file as db-worker.js. Named from here rather than left to
// core/db/client.ts: a bundler may put that module in a shared chunk in another folder.
const here = import.meta.url;
const workerUrl = here.endsWith('.ts') ? undefined : new URL('./db-worker.js', here);

serveCore(childPort(), { workerUrl });
