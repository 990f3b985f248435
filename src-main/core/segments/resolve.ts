import { segmentRule, type SegmentRule } from '../../contract/segments';
import type { DbClient } from '../db/client';
import { AceError } from '../lib/errors';

export interface SegmentVersion {
  id: string;
  name: string;
  version: number;
  rule: SegmentRule;
}

/** A saved segment by id or (case-insensitive) name, at a version (the latest when left out). */
export async function resolveSegment(db: DbClient, idOrName: string, version?: number): Promise<SegmentVersion> {
  const rows = await db.rows<{ segment_id: string; version: number; name: string; rule: string }>(
    `SELECT segment_id, version, name, rule::VARCHAR AS rule FROM segments
     WHERE segment_id = $1 OR (lower(name) = lower($1) AND segment_id NOT IN (SELECT segment_id FROM segments WHERE segment_id = $1))
     ORDER BY segment_id = $1 DESC, version DESC`,
    [idOrName],
  );
  const ids = [...new Set(rows.map((r) => r.segment_id))];
  if (ids.length === 0)
    throw new AceError(
      'NOT_FOUND',
      `There is no saved segment "${idOrName}". Save the segment first (Segments screen, or ace segment save).`,
    );
  const mine = rows.filter((r) => r.segment_id === ids[0]);
  // A name shared by several segments is ambiguous (an id never is: it sorts first).
  if (ids.length > 1 && mine[0]!.segment_id !== idOrName)
    throw new AceError('BAD_INPUT', `Several segments are called "${idOrName}": give its id instead (${ids.join(', ')}).`);
  const row = version === undefined ? mine[0]! : mine.find((r) => Number(r.version) === version);
  if (!row) throw new AceError('NOT_FOUND', `Segment "${mine[0]!.name}" has no version ${version}.`);
  const parsed = segmentRule.safeParse(JSON.parse(row.rule));
  if (!parsed.success)
    throw new AceError('BAD_INPUT', `The rule of segment "${row.name}" cannot be read any more; save it again from the Segments screen.`);
  return { id: row.segment_id, name: row.name, version: Number(row.version), rule: parsed.data };
}
