import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Creates an empty workspace file (schema only) through the core, in a child process. */
export function emptyWorkspace(path: string): string {
  const code = `import { Session } from ${JSON.stringify(join(root, 'src-main/core/session.ts'))};
    const s = new Session({ dataDir: '/tmp' }); await s.open(${JSON.stringify(path)}, { create: true }); await s.close();`;
  const r = spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), '--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`could not create an empty workspace: ${r.stderr}`);
  return path;
}
