import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processResourcesPath, shippedDirCandidates } from '../lib/resources';

/** DuckDB's name for this machine's platform (its extension folders are named so). */
export function duckdbPlatform(): string {
  const os = { linux: 'linux', darwin: 'osx', win32: 'windows' }[process.platform as string] ?? process.platform;
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string] ?? process.arch;
  return `${os}_${arch}`;
}

/**
 * The folder of the DuckDB extensions the app ships (DuckDB's extension-directory layout: v<version>/<platform>/
 * <name>.duckdb_extension), never a download: ACE_EXTENSIONS_DIR when set, else found as the PDF fonts are
 * (lib/resources.ts: the packaged app's resources, or the repository's resources/duckdb-extensions, which
 * scripts/duckdb-extensions.mjs fills). Null when none is there.
 */
export function extensionsDir(): string | null {
  const candidates = [
    ...(process.env.ACE_EXTENSIONS_DIR ? [process.env.ACE_EXTENSIONS_DIR] : []),
    ...shippedDirCandidates('duckdb-extensions', dirname(fileURLToPath(import.meta.url)), processResourcesPath()),
  ];
  return candidates.find((d) => existsSync(d)) ?? null;
}

/** Whether the extension `name` for DuckDB `version` is in `dir` for this platform. */
export const hasExtension = (dir: string, version: string, name: string) =>
  existsSync(join(dir, `v${version}`, duckdbPlatform(), `${name}.duckdb_extension`));
