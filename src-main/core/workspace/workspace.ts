import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { DATASET_KINDS, type WorkspaceInfo } from '../../contract/types';
import type { DbClient } from '../db/client';
import { keptUntilWrite } from '../db/kept-until-write';
import { AceError, causeOf } from '../lib/errors';
import { ensurePrivateDir, tightenFile, usePrivateFileModes } from '../lib/paths';
import { damagedAtOpen, looksDamaged } from './damaged';
import { catalogName, lakeSecretId, locate, type WorkspaceLocation } from '../engine/location';
import { lakeAuthor } from '../engine/author';
import { seedLakeStats } from '../engine/lake-stats';
import type { SecretStore } from '../deliver/secrets';
import { duckdbPlatform, extensionsDir } from '../engine/extensions';
import type { LakeOpen } from '../db/protocol';
import { DATASET_TABLES, MIGRATIONS, SCHEMA_VERSION } from './schema';
import { metaMergeSql } from '../lib/merge';

/** Reads the schema version; 0 for a brand-new (empty) database. Anything else foreign is rejected. */
async function currentVersion(db: DbClient): Promise<number> {
  const tables = await db.rows<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main'`);
  if (tables.length === 0) return 0;
  if (!tables.some((t) => t.name === 'ace_meta')) {
    throw new AceError(
      'WORKSPACE_INVALID',
      'This DuckDB file is not an ACE workspace (it has other tables and no ACE metadata). Choose another file, or a new file name to create a workspace.',
    );
  }
  const row = await db.one<{ value: string }>(`SELECT value FROM ace_meta WHERE key = 'schema_version'`);
  return row ? Number(row.value) : 0;
}

/** Applies every migration the file has not had yet, each in its own transaction with the version bump (a new file: all in one). */
export async function migrate(db: DbClient): Promise<number> {
  const from = await currentVersion(db);
  if (from > SCHEMA_VERSION) {
    throw new AceError(
      'WORKSPACE_INVALID',
      `This workspace was saved by a newer ACE Workstation (schema ${from}; this app knows up to ${SCHEMA_VERSION}). Update the app to open it.`,
    );
  }
  // A new workspace takes every migration in one transaction (one commit instead of one per version: on a lake
  // whose catalog is in PostgreSQL those 18 commits took 1.4 s of a 1,500-entry demo's 6 s); an older one a
  // version at a time, each with its version bump.
  const step = from === 0 ? SCHEMA_VERSION : 1;
  for (let v = from; v < SCHEMA_VERSION; v += step) {
    await db.tx([
      ...MIGRATIONS.slice(v, v + step).flatMap((m) => m.map((sql) => ({ sql }))),
      { sql: metaMergeSql([[`'schema_version'`, '?']]), params: [String(v + step)] },
    ]);
  }
  return SCHEMA_VERSION;
}

/**
 * What the database worker needs to open a DuckLake: its catalog (for PostgreSQL with the password from the
 * keychain, or ACE_LAKE_PASSWORD), its data folder (made private), the shipped extensions, who commits.
 */
function lakeOpen(where: Extract<WorkspaceLocation, { kind: 'lake' }>, secrets?: SecretStore): LakeOpen {
  const dir = extensionsDir();
  if (!dir)
    throw new AceError(
      'WORKSPACE_INVALID',
      `${where.path} is a DuckLake, and this copy of ACE Workstation has no DuckDB extensions folder. Reinstall the app; from the source, run node scripts/duckdb-extensions.mjs.`,
    );
  // A local lake's data is in the folder beside its catalog: a catalog moved without it opens nothing.
  if ('file' in where.catalog && existsSync(where.catalog.file) && !existsSync(where.dataPath))
    throw new AceError(
      'WORKSPACE_INVALID',
      `${where.path} is a DuckLake whose data folder, ${basename(where.dataPath)}, is not beside it. Move or copy the folder together with the .ducklake file, then open it again.`,
    );
  ensurePrivateDir(where.dataPath);
  const author = lakeAuthor();
  if ('file' in where.catalog) return { catalog: where.catalog, dataPath: where.dataPath, extensionsDir: dir, author };
  const pg = where.catalog.postgres;
  // Only what this host keeps (the desktop's keychain, a session's memory); the environment is ACE_LAKE_PASSWORD.
  const held = secrets?.get(lakeSecretId(pg));
  const password = (held && held.source !== 'env' ? held.secret : null) ?? process.env.ACE_LAKE_PASSWORD;
  if (!password)
    throw new AceError(
      'NEEDS_PASSWORD',
      `${where.path} keeps its catalog in PostgreSQL as ${pg.user} at ${pg.host}:${pg.port}/${pg.database}, and no password for it is known here. Set ACE_LAKE_PASSWORD for this command or \`ace serve\` (never written to the workspace, the catalog or a log).`,
      { catalog: catalogName(pg), path: where.path },
    );
  return { catalog: { postgres: { ...pg, password } }, dataPath: where.dataPath, extensionsDir: dir, author };
}

export async function openWorkspaceFile(db: DbClient, path: string, opts: { create: boolean; secrets?: SecretStore }): Promise<string> {
  const full = resolve(path);
  if (!opts.create && !existsSync(full)) {
    throw new AceError('NOT_FOUND', `No workspace at ${full}. Check the path, or create one with \`ace demo --workspace ${full}\`.`);
  }
  // A workspace holds people's data: its files are the owner's only (DuckDB creates the WAL later,
  // under the umask; an older workspace created 0644 is tightened here).
  usePrivateFileModes();
  const where = locate(full);
  try {
    if (where.kind === 'lake') await db.open(full, lakeOpen(where, opts.secrets));
    else await db.open(full);
    for (const f of [full, `${full}.wal`]) tightenFile(f);
    await migrate(db);
    await seedLakeStats(db);
  } catch (e) {
    // One sentence of advice instead of "IO Error: Could not read enough bytes ...".
    const cause = causeOf(e);
    if (looksDamaged(cause)) throw damagedAtOpen(full, cause);
    if (where.kind === 'lake' && 'postgres' in where.catalog) {
      const pg = where.catalog.postgres;
      if (/password authentication failed|no password supplied/i.test(cause))
        throw new AceError(
          'NEEDS_PASSWORD',
          `PostgreSQL refused the password of ${pg.user} for the team lake's catalog at ${pg.host}:${pg.port}/${pg.database}. Check ACE_LAKE_PASSWORD.`,
          { catalog: catalogName(pg), refused: true, path: where.path },
        );
      if (/Unable to connect to Postgres|could not connect|Connection refused|could not translate host/i.test(cause))
        throw new AceError(
          'NOT_FOUND',
          `The team lake's catalog at ${pg.host}:${pg.port}/${pg.database} cannot be reached (is PostgreSQL running, and the database there?). Nothing was changed.`,
          { cause },
        );
    }
    if (where.kind === 'lake' && /extension .*ducklake.* not found|ducklake.*(not found|could not be found)/i.test(cause))
      throw new AceError(
        'WORKSPACE_INVALID',
        `${full} is a DuckLake, and this copy of ACE Workstation has no DuckLake extension for its DuckDB (${duckdbPlatform()}). Reinstall the app; from the source, run node scripts/duckdb-extensions.mjs.`,
      );
    throw e;
  }
  return full;
}

export async function setMeta(db: DbClient, key: string, value: string): Promise<void> {
  await db.tx([{ sql: metaMergeSql([['?', '?']]), params: [key, value] }]);
}

/** A workspace's info, kept until its next write: every screen asks for it (the Overview three times as it loads). */
export const workspaceInfo = keptUntilWrite(readWorkspaceInfo, (path: string) => path);

async function readWorkspaceInfo(db: DbClient, path: string): Promise<WorkspaceInfo> {
  // A row per table (UNION ALL), not a scalar subquery each: DuckDB's join order search over nine single-row
  // cross products took ~28 ms of planning where the union takes ~2 (2026-12-05).
  const counts = DATASET_KINDS.map((k, i) => `SELECT ${i} AS i, count(*) AS n FROM ${DATASET_TABLES[k]}`).join(' UNION ALL ');
  const rows = new Map((await db.rows<{ i: number; n: string }>(counts)).map((r) => [Number(r.i), Number(r.n)]));
  const meta = await db.rows<{ key: string; value: string }>(`SELECT key, value FROM ace_meta`);
  const metaMap = new Map(meta.map((m) => [m.key, m.value]));
  const range = await db.one<{ from: string | null; to: string | null }>(
    `SELECT strftime(min(entered_at), '%Y-%m-%d') AS "from", strftime(max(entered_at), '%Y-%m-%d') AS "to" FROM entries`,
  );
  return {
    path,
    name: metaMap.get('name') ?? basename(path).replace(/\.(duckdb|ducklake|acelake)$/i, ''),
    isDemo: metaMap.get('demo') === 'true',
    engine: db.engine,
    schemaVersion: Number(metaMap.get('schema_version') ?? SCHEMA_VERSION),
    datasets: DATASET_KINDS.map((kind, i) => {
      const n = rows.get(i);
      if (n === undefined) throw new Error(`No row count for ${kind}`);
      return { kind, rows: n };
    }),
    dateRange: range?.from && range.to ? { from: range.from, to: range.to } : null,
  };
}
