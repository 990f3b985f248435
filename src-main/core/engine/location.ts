import { resolve } from 'node:path';

/**
 * Where a workspace lives (docs/lake.md, the engine seam). A path ending in .ducklake is a DuckLake whose
 * catalog is that local file (one analyst) and whose data is Parquet in the folder beside it (<path>.files);
 * any other path is a DuckDB file, the default. The same SQL runs on both.
 */
export type WorkspaceLocation = { kind: 'file'; path: string } | { kind: 'lake'; path: string; catalog: string; dataPath: string };

export const LAKE_SUFFIX = '.ducklake';

export function locate(path: string): WorkspaceLocation {
  const full = resolve(path);
  if (full.toLowerCase().endsWith(LAKE_SUFFIX)) return { kind: 'lake', path: full, catalog: full, dataPath: `${full}.files` };
  return { kind: 'file', path: full };
}
