import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** DuckDB's name for this machine's platform (its extension folders are named so). */
export function duckdbPlatform(): string {
  const os = { linux: 'linux', darwin: 'osx', win32: 'windows' }[process.platform as string] ?? process.platform;
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string] ?? process.arch;
  return `${os}_${arch}`;
}

/**
 * The folder of the DuckDB extensions the app ships (DuckDB's extension-directory layout: v<version>/<platform>/
 * <name>.duckdb_extension), never a download: ACE_EXTENSIONS_DIR when set, the packaged app's resources, or the
 * repository's resources/duckdb-extensions (scripts/duckdb-extensions.mjs fills it). Null when none is there.
 */
export function extensionsDir(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    process.env.ACE_EXTENSIONS_DIR,
    (process as { resourcesPath?: string }).resourcesPath
      ? join((process as { resourcesPath?: string }).resourcesPath!, 'duckdb-extensions')
      : null,
    // From src-main/core/engine, out/main or node_modules/.ace-cli: up to the repository.
    ...[1, 2, 3, 4].map((n) => join(here, ...Array<string>(n).fill('..'), 'resources', 'duckdb-extensions')),
  ].filter((d): d is string => !!d);
  return candidates.find((d) => existsSync(d)) ?? null;
}

/** Whether the extension `name` for DuckDB `version` is in `dir` for this platform. */
export const hasExtension = (dir: string, version: string, name: string) =>
  existsSync(join(dir, `v${version}`, duckdbPlatform(), `${name}.duckdb_extension`));
