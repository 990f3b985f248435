// What the e2e tests need to run `ace serve` in their own process: the same Session and web host the
// serve command uses (src-main/cli/commands/serve.ts). scripts/build-cli.mjs bundles this beside the
// CLI, so the session's DuckDB worker is the built db-worker.js, as for the CLI.
export { Session } from '../../src-main/core/session';
export { startWebHost } from '../../src-main/web-host/server';
// And the whole `ace` command as a function (what src-main/cli/main.ts calls), for the CLI answers the tests
// compare the screens with, without a Node start per answer.
export { runCli } from '../../src-main/cli/run';
// What the screens build on first use, built before the cached demos are copied to the tests (derived.ts).
export { buildDerived } from './derived';
