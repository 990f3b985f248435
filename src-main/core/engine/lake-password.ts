import type { SecretStore } from '../deliver/secrets';
import { AceError } from '../lib/errors';
import { lakeSecretId, locate } from './location';

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
