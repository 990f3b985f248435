/**
 * The core process as Electron starts it: a utility process (a Node process Chromium manages, with
 * no window and no Electron main APIs) running out/main/core.js, talking over its parentPort.
 * Everything else about the relay is Electron-free (src-main/core-host/client.ts).
 */
import { utilityProcess } from 'electron';
import type { CoreProcess } from '../core-host/port';

export function spawnUtilityCore(modulePath: string): CoreProcess {
  // stdout and stderr inherited: the core's logs land where main's do.
  const child = utilityProcess.fork(modulePath, [], { serviceName: 'ACE core', stdio: 'inherit' });
  let exitCode: number | null | undefined;
  child.once('exit', (code) => (exitCode = code));
  return {
    port: {
      post: (m) => child.postMessage(m),
      onMessage: (l) => void child.on('message', l),
      onClose: (l) => void child.once('exit', () => l()),
      drain: async () => undefined,
    },
    kill: () => void child.kill(),
    onExit: (l) => {
      if (exitCode !== undefined) l(exitCode);
      else child.once('exit', l);
    },
  };
}
