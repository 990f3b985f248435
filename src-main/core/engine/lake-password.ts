import { existsSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { teamLakeFile } from '../../contract/lake';
import type { SecretStore } from '../deliver/secrets';
import { writeFileAtomic } from '../lib/fs-atomic';
import { AceError } from '../lib/errors';
import { lakeSecretId, locate, type PostgresCatalog } from './location';

/** The team lake at `path`'s catalog: its keychain entry, or BAD_INPUT when `path` is not a team lake. */
function secretIdOf(path: string): string {
  const where = locate(path);
  if (where.kind !== 'lake' || !('postgres' in where.catalog))
    throw new AceError('BAD_INPUT', `${where.path} is not a team lake (.acelake): only a team lake's catalog takes a password.`);
  return lakeSecretId(where.catalog.postgres);
}

/** Keeps a team lake's catalog password as this host keeps secrets (desktop: the OS keychain; browser mode: memory). */
export function keepLakePassword(secrets: SecretStore, path: string, password: string): void {
  secrets.set(secretIdOf(path), password);
}

export function forgetLakePassword(secrets: SecretStore, path: string): void {
  secrets.delete(secretIdOf(path));
}

/**
 * Writes a new team lake's file (never over an existing one; the password is not in it) and keeps its catalog
 * password as this host keeps secrets. The caller opens it; when that fails, `undo` removes both.
 */
export function writeTeamLakeFile(
  secrets: SecretStore,
  input: { path: string; catalog: PostgresCatalog; dataPath: string; password: string },
): { undo: () => void } {
  const path = resolve(input.path);
  if (existsSync(path)) throw new AceError('BAD_INPUT', `${path} already exists. Open it, or choose a new file name for the team lake.`);
  if (!existsSync(dirname(path))) throw new AceError('BAD_INPUT', `The folder ${dirname(path)} does not exist. Create it first.`);
  const file = teamLakeFile.parse({ format: 'ace-lake/1', catalog: { postgres: input.catalog }, dataPath: input.dataPath });
  writeFileAtomic(path, JSON.stringify(file, null, 2) + '\n');
  keepLakePassword(secrets, path, input.password);
  return {
    undo: () => {
      forgetLakePassword(secrets, path);
      rmSync(path, { force: true });
    },
  };
}
