import { createHash } from 'node:crypto';
import type { DrawBundle } from '../../contract/draw';
import type { DbClient } from '../db/client';
import { poolAsDrawn, redraw } from './as-drawn';
import { byEntry } from './pool-sql';
import { VERIFY_SCRIPT } from './bundle-script';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * Everything someone outside needs to re-run a draw (docs/rules.md): the official rules it followed (the
 * excluded list only as a count: it names people), the seed and its commitment, the pool as pseudonymous
 * ids in draw order (each entrant's id hashed with the draw id, so a bundle reveals nobody, and the ids of
 * one draw do not link to another's), its fingerprint, the winners and alternates in rank order, the
 * algorithm in words and verify.mjs. The pool is rebuilt as it stood when drawn; when today's data no longer
 * gives that pool, the bundle says so instead of listing a pool the draw did not use.
 */
export async function drawBundle(db: DbClient, drawId: string): Promise<DrawBundle> {
  const { d, rules, ids, hash } = await poolAsDrawn(db, drawId);
  const pseudo = (entrant: string) => `X${sha256(`${drawId}:${entrant}`).slice(0, 16)}`;
  const poolIds = ids.map(pseudo);
  const entries = byEntry(rules);
  const winners = (await redraw(ids, Number(d.count) + Number(d.alternates), d.seed, entries)).map(pseudo);
  const recorded = (await db.rows<{ entrant: unknown }>(`SELECT entrant FROM draw_winners WHERE draw_id = $1 ORDER BY rank`, [drawId])).map(
    (r) => pseudo(String(r.entrant)),
  );
  const { excluded, ...publicRules } = rules?.rules ?? { excluded: [] as string[] };
  return {
    format: 'ace-draw-bundle/1',
    draw: {
      drawId,
      tier: d.tier,
      count: Number(d.count),
      alternates: Number(d.alternates),
      drawnAt: d.drawn_at,
      odds: entries ? 'entry' : 'person',
    },
    rules: rules && rules.version ? { version: rules.version, ...publicRules, excludedCount: excluded.length } : null,
    seed: d.seed,
    commitment: d.seed_hash ? { seedHash: d.seed_hash, committedAt: d.committed_at! } : null,
    pool: { ids: poolIds, hash: sha256(poolIds.join(',')), matchesRecord: hash === d.pool_hash },
    winners: recorded,
    reproduced: JSON.stringify(winners) === JSON.stringify(recorded),
    algorithm:
      'A 256-bit state from SHA-256("ace-draw:" + seed) drives sfc32; a number below n is drawn by rejection sampling. ' +
      (entries
        ? 'By valid entry: entries are drawn one after another, uniformly from the pool; an entry whose person was drawn already is passed over, until count + alternates people are drawn.'
        : 'By person: the first count + alternates positions of a partial Fisher-Yates shuffle of the pool.') +
      ' Winners first, then alternates, in rank order. Pool ids are SHA-256(draw id + ":" + entrant id), first 16 hex digits.',
    script: VERIFY_SCRIPT,
  };
}
