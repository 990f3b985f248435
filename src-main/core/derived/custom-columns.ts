import type { DbClient } from '../db/client';

/**
 * The custom columns imported entries carry in `attrs` (headers no standard field took), as written in
 * their files; rows not from a file (the demo generator) name theirs in the rows themselves.
 */
export async function customEntryColumns(db: DbClient): Promise<string[]> {
  const fromImports = await db.rows<{ k: string }>(
    `SELECT DISTINCT unnest(from_json(json_extract(report, '$.customColumns'), '["VARCHAR"]')) AS k FROM imports WHERE kind = 'entries' AND status = 'imported'`,
  );
  const sampled = await db.rows<{ k: string }>(
    `SELECT DISTINCT unnest(json_keys(attrs)) AS k FROM (SELECT attrs FROM entries WHERE attrs IS NOT NULL AND import_id = 0 LIMIT 10000)`,
  );
  return [...new Set([...fromImports, ...sampled].map((r) => r.k))].sort();
}

/** A JSON path to an attribute named `name` (quoted: any header is a safe key; bind the result). */
export const attrPath = (name: string) => `$."${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
