import { createHash, randomBytes } from 'node:crypto';
import type { DrawCommitment } from '../../contract/draw';
import type { DbClient, Writer } from '../db/client';
import { AceError } from '../lib/errors';

/**
 * Commit before reveal: a seed made now, kept in the workspace, and only its SHA-256 shown (to print in the
 * official rules or publish before entries close). At the draw the seed is revealed and used; anyone can
 * check that it hashes to what was published, so the seed cannot have been chosen after seeing the entries.
 */
export const seedHash = (seed: string) => createHash('sha256').update(seed, 'utf8').digest('hex');

export async function commitSeed(db: DbClient): Promise<DrawCommitment> {
  const seed = randomBytes(32).toString('hex');
  const id = `cmt_${randomBytes(6).toString('hex')}`;
  await db.tx([
    { sql: `INSERT INTO draw_commitments (commitment_id, seed_hash, seed) VALUES (?, ?, ?)`, params: [id, seedHash(seed), seed] },
  ]);
  return (await listCommitments(db)).find((c) => c.commitmentId === id)!;
}

export async function listCommitments(db: DbClient): Promise<DrawCommitment[]> {
  const rows = await db.rows<{ id: string; h: string; at: string; used_by: string | null }>(
    `SELECT commitment_id AS id, seed_hash AS h, strftime(committed_at, '%Y-%m-%d %H:%M:%S') AS at, used_by FROM draw_commitments ORDER BY committed_at, commitment_id`,
  );
  return rows.map((r) => ({ commitmentId: r.id, seedHash: r.h, committedAt: r.at, usedBy: r.used_by }));
}

/** Inside a draw's transaction: the committed seed, which no other draw has used; marked as used by this one. */
export async function takeCommittedSeed(w: Writer, commitmentId: string, drawId: string): Promise<string> {
  const [c] = await w.run<{ seed: string; used_by: string | null }>(`SELECT seed, used_by FROM draw_commitments WHERE commitment_id = ?`, [
    commitmentId,
  ]);
  if (!c) throw new AceError('NOT_FOUND', `There is no seed commitment ${commitmentId}.`);
  if (c.used_by)
    throw new AceError(
      'BAD_INPUT',
      `The committed seed ${commitmentId} was revealed by draw ${c.used_by} already: commit a new one for this draw.`,
    );
  await w.run(`UPDATE draw_commitments SET used_by = ? WHERE commitment_id = ?`, [drawId, commitmentId]);
  return c.seed;
}
