import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AceError } from '../../core/lib/errors';
import { defaultDataDir } from '../../core/lib/paths';
import { Session } from '../../core/session';
import { startWebHost } from '../../web-host/server';
import { int, printJson, str, type CommandSpec } from '../args';

/*
 * Host-level, so the session directly: `serve` is a host, as the Electron main process is. It owns the
 * session and hands it to the web host, whose requests then go through the dispatcher like every other.
 */

export const serveCommand: CommandSpec = {
  name: 'serve',
  summary:
    'Serve the app to a browser on this machine only (127.0.0.1), with a per-launch access token in the URL it prints. Without --workspace it opens the demo campaign.',
  usage: 'serve [--workspace FILE] [--port P] [--json]',
  options: { workspace: { type: 'string' }, port: { type: 'string' } },
  help: [
    '  --workspace FILE    the workspace to open (default: the demo campaign)',
    '  --port P            port on 127.0.0.1 (default 4780; 0 picks a free one)',
  ],
  async run(args) {
    const workspace = str(args, 'workspace');
    const port = int(args, 'port', 4780, 0, 65535);
    const session = new Session({ dataDir: defaultDataDir(), background: true });
    if (workspace && !existsSync(workspace)) throw new AceError('NOT_FOUND', `No workspace at ${resolve(workspace)}. Check the path.`);
    // Ctrl+C (or SIGTERM) from now on closes in order, also while the workspace is still opening.
    const stopped = new Promise<void>((done) => {
      const stop = () => {
        // A second Ctrl+C does not wait for the orderly close.
        process.once('SIGINT', () => process.exit(130));
        done();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    // The page loads while the workspace opens (DuckDB reading a large file's catalogue takes a moment):
    // the host listens at once, and calls that arrive before the workspace is open wait for it.
    const opening = workspace ? session.open(workspace) : session.openDemo();
    const host = await startWebHost({ session, port });
    if (args.values.json) printJson({ url: host.url, port: host.port }, args.io);
    else args.io.out(`ACE Workstation is running in browser mode.\nOpen ${host.url}\nPress Ctrl+C to stop.\n`);
    const failed = await opening.then(
      () => null,
      (e: unknown) => e,
    );
    if (failed) {
      await host.close();
      throw failed;
    }
    await stopped;
    args.io.out(args.values.json ? '' : 'Stopping: cancelling running work and closing the workspace…\n');
    await host.close();
    await session.close();
    return 0;
  },
};
