import { basename, dirname, join } from 'node:path';

/** Electron's resources folder in the packaged app (undefined elsewhere, and in a utility process not told it). */
export const processResourcesPath = () => (process as { resourcesPath?: string }).resourcesPath;

/**
 * Where a folder the app ships may be, most likely first: electron-builder's extraResources copy
 * resources/<name> to <resources>/<name> beside app.asar; from the sources (tsx, Vitest), the built CLI
 * (node_modules/.ace-cli) and the unpackaged Electron build (out/main) it is resources/<name> a few levels
 * up from `start`; inside app.asar (a utility process may not be told its resourcesPath) the folder holding it.
 */
export function shippedDirCandidates(name: string, start: string, resourcesPath?: string): string[] {
  const candidates = resourcesPath ? [join(resourcesPath, name)] : [];
  for (let dir = start, i = 0; i < 7; i++, dir = dirname(dir)) {
    candidates.push(join(dir, 'resources', name));
    if (basename(dir).endsWith('.asar')) candidates.push(join(dirname(dir), name));
  }
  return candidates;
}
