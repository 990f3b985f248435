import { createHash } from 'node:crypto';
import { segmentRule } from '../../contract/segments';
import type { DbClient } from '../db/client';
import { AceError } from '../lib/errors';
import { Params } from '../lib/params';
import { rulesVersion } from '../rules/store';
import { atSnapshot } from '../engine/snapshot';
import { byEntry, poolSql, type DrawRules } from './pool-sql';
import { drawByEntry, drawPositions } from './random';

export interface DrawRow {
  tier: string;
  count: number;
  alternates: number;
  seed: string;
  rule: string | null;
  exclude: string;
  pool_hash: string;
  seq: number;
  rules_version: number | null;
  odds: string | null;
  seed_hash: string | null;
  committed_at: string | null;
  drawn_at: string;
  fraud_as_of: string | null;
  snapshot: unknown;
}

/**
 * A recorded draw's pool as it stood when it was drawn: its rule, exclusions and official rules version,
 * with earlier draws' winners out (this draw's own and later ones' in). On a lake, read at the snapshot the
 * draw read (imports since change nothing); on a DuckDB file, on today's data. `ids` are the entrants by
 * position (by entry: one per valid entry), `hash` the fingerprint runDraw recorded.
 */
export async function poolAsDrawn(
  db: DbClient,
  drawId: string,
): Promise<{ d: DrawRow; rules: DrawRules | null; ids: string[]; keys: string[]; hash: string; snapshot: number | null }> {
  const [d] = await db.rows<DrawRow>(
    `SELECT d.tier, d.count, d.alternates, d.seed, d.rule::VARCHAR AS rule, d.exclude::VARCHAR AS exclude, d.pool_hash, d.seq, d.rules_version,
            d.odds, c.seed_hash, strftime(c.committed_at, '%Y-%m-%d %H:%M:%S') AS committed_at, strftime(d.drawn_at, '%Y-%m-%d %H:%M:%S') AS drawn_at,
            strftime(d.fraud_as_of, '%Y-%m-%d %H:%M:%S.%f') AS fraud_as_of, d.snapshot
     FROM draws d LEFT JOIN draw_commitments c USING (commitment_id) WHERE d.draw_id = $1`,
    [drawId],
  );
  if (!d) throw new AceError('NOT_FOUND', `There is no draw ${drawId}.`);
  const snapshot = d.snapshot === null || d.snapshot === undefined || db.engine !== 'lake' ? null : Number(d.snapshot);
  const pool = snapshot === null ? await poolOf(db, d) : await atSnapshot(db, snapshot, (at) => poolOf(at, d));
  return { d, ...pool, snapshot };
}

async function poolOf(db: DbClient, d: DrawRow): Promise<{ rules: DrawRules | null; ids: string[]; keys: string[]; hash: string }> {
  const p = new Params();
  const rule = d.rule ? segmentRule.parse(JSON.parse(d.rule)) : undefined;
  // The official rules of the version the draw followed (kept: every saved version is).
  const rules: DrawRules | null = d.rules_version ? await rulesVersion(db, Number(d.rules_version)) : null;
  const base = await poolSql(db, { rule, exclude: JSON.parse(d.exclude) as string[] }, rules, p, d.fraud_as_of);
  const pool = base.replace(
    'pp.entrant NOT IN (SELECT entrant FROM draw_winners)',
    `pp.entrant NOT IN (SELECT w.entrant FROM draw_winners w JOIN draws x USING (draw_id) WHERE x.seq < ${p.add(Number(d.seq))})`,
  );
  const rows = await db.rows<{ entrant: unknown; entry_key?: unknown; pos: unknown }>(`${pool} ORDER BY pos`, p.values);
  const ids = rows.map((r) => String(r.entrant));
  const keys = byEntry(rules) ? rows.map((r) => `${String(r.entrant)}:${String(r.entry_key)}`) : ids;
  return { rules, ids, keys, hash: createHash('sha256').update(keys.join(',')).digest('hex') };
}

/** The people a seed draws from pool `ids` (by position), as runDraw draws them: rank order. */
export async function redraw(ids: string[], want: number, seed: string, entries: boolean): Promise<string[]> {
  const k = Math.min(want, new Set(ids).size);
  const positions = entries
    ? await drawByEntry(ids.length, k, seed, async (ps) => new Map(ps.map((x) => [x, ids[x]!])))
    : drawPositions(ids.length, k, seed);
  return positions.map((pos) => ids[pos]!);
}
