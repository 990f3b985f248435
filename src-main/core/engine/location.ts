import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { postgresCatalog, teamLakeFile } from '../../contract/lake';
import { AceError } from '../lib/errors';

/**
 * Where a workspace lives (docs/lake.md, the engine seam):
 * - any path but the two below: a DuckDB file, the default;
 * - `x.ducklake`: a DuckLake whose catalog is that local file (one analyst) and whose data is Parquet in the
 *   folder beside it (`x.ducklake.files`);
 * - `x.acelake`: a DuckLake whose catalog is in PostgreSQL (a team), described by that small JSON file: the
 *   server, database, user and optional schema, and the shared data folder. Its password is never in it: the
 *   OS keychain (or ACE_LAKE_PASSWORD) holds it.
 * The same SQL runs on all three.
 */
export type WorkspaceLocation =
  | { kind: 'file'; path: string }
  | { kind: 'lake'; path: string; catalog: { file: string }; dataPath: string }
  | { kind: 'lake'; path: string; catalog: { postgres: PostgresCatalog }; dataPath: string };

export const LAKE_SUFFIX = '.ducklake';
export const TEAM_LAKE_SUFFIX = '.acelake';

export type PostgresCatalog = z.output<typeof postgresCatalog>;

/** A team lake's catalog as people read it and messages name it: user@host:port/database. */
export const catalogName = (c: PostgresCatalog) => `${c.user}@${c.host}:${c.port}/${c.database}`;

/** The keychain entry of a team lake's catalog password: one per server, database and user. */
export const lakeSecretId = (c: PostgresCatalog) => `lake-${catalogName(c)}`;

export function locate(path: string): WorkspaceLocation {
  const full = resolve(path);
  const lower = full.toLowerCase();
  if (lower.endsWith(LAKE_SUFFIX)) return { kind: 'lake', path: full, catalog: { file: full }, dataPath: `${full}.files` };
  if (lower.endsWith(TEAM_LAKE_SUFFIX)) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(full, 'utf8'));
    } catch (e) {
      throw new AceError(
        'WORKSPACE_INVALID',
        `${full} is not a readable team lake file (${(e as Error).message}). It is JSON: {"format": "ace-lake/1", "catalog": {"postgres": {...}}, "dataPath": "..."} (docs/lake.md).`,
      );
    }
    const parsed = teamLakeFile.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new AceError('WORKSPACE_INVALID', `${full}: ${issue.path.join('.') || 'the file'}: ${issue.message} (docs/lake.md).`);
    }
    return {
      kind: 'lake',
      path: full,
      catalog: { postgres: parsed.data.catalog.postgres },
      dataPath: resolve(dirname(full), parsed.data.dataPath),
    };
  }
  return { kind: 'file', path: full };
}
