import { officialRules, type OfficialRules, type RulesInfo } from '../../contract/rules';
import type { DbClient } from '../db/client';
import { AceError } from '../lib/errors';
import { dropValidity } from './validity-table';

/** The latest saved official rules; with none saved, rules that make every entry valid (version 0). */
export async function getRules(db: DbClient): Promise<RulesInfo> {
  const row = await db.one<{ version: unknown; rules: string; saved_at: string }>(
    `SELECT version, rules::VARCHAR AS rules, strftime(saved_at, '%Y-%m-%d %H:%M:%S') AS saved_at FROM official_rules ORDER BY version DESC LIMIT 1`,
  );
  if (!row) return { rules: officialRules.parse({}), version: 0, savedAt: null };
  return { rules: officialRules.parse(JSON.parse(row.rules)), version: Number(row.version), savedAt: row.saved_at };
}

/** One saved version of the rules (a draw re-run follows the version it was drawn under). */
export async function rulesVersion(db: DbClient, version: number): Promise<RulesInfo> {
  const row = await db.one<{ rules: string; saved_at: string }>(
    `SELECT rules::VARCHAR AS rules, strftime(saved_at, '%Y-%m-%d %H:%M:%S') AS saved_at FROM official_rules WHERE version = ?`,
    [version],
  );
  if (!row) throw new AceError('NOT_FOUND', `There is no version ${version} of the official rules.`);
  return { rules: officialRules.parse(JSON.parse(row.rules)), version, savedAt: row.saved_at };
}

/** Saves the rules as a new version (earlier versions are kept: a draw records the version it used). */
export async function saveRules(db: DbClient, rules: OfficialRules): Promise<RulesInfo> {
  await db.transaction(async (w) => {
    await w.run(`INSERT INTO official_rules (version, rules) SELECT coalesce(max(version), 0) + 1, ?::JSON FROM official_rules`, [
      JSON.stringify(rules),
    ]);
    await dropValidity(w);
  });
  return getRules(db);
}
