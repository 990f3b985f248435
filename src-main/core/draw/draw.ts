import { randomBytes } from 'node:crypto';
import { drawInput, type DrawInput, type DrawRecord, type DrawWinner, type FulfilmentStep } from '../../contract/draw';
import { segmentRule } from '../../contract/segments';
import type { DbClient } from '../db/client';
import { ensurePeople } from '../derived/people';
import { AceError } from '../lib/errors';
import { userName } from '../lib/paths';
import { Params } from '../lib/params';
import { drawByEntry, drawPositions } from './random';
import { seedHash, takeCommittedSeed } from './commit';
import { byEntry, poolHashSql, poolSql, type DrawRules } from './pool-sql';
import { poolAsDrawn, redraw } from './as-drawn';
import { getRules } from '../rules/store';
import { currentSnapshot } from '../engine/snapshot';

/** Draws winners and alternates for a tier and records the audit trail in one transaction. */
export async function runDraw(db: DbClient, raw: DrawInput): Promise<DrawRecord> {
  const input = drawInput.parse(raw);
  let seed = input.seed ?? randomBytes(16).toString('hex');
  const [tier] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM draws WHERE lower(tier) = lower($1)`, [input.tier]);
  if (Number(tier!.n) > 0)
    throw new AceError('BAD_INPUT', `The tier "${input.tier}" was drawn already. Draw another tier, or verify that draw with draw.verify.`);
  const p = new Params();
  // The official rules as they stand: only valid entrants can win, by entry or by person as they say.
  const rules: DrawRules = await getRules(db);
  // Fraud confirmed up to now is out; the draw records this moment so a re-run sees the same decisions.
  const [now] = await db.rows<{ t: string }>(`SELECT strftime(current_timestamp::TIMESTAMP, '%Y-%m-%d %H:%M:%S.%f') AS t`);
  const fraudAsOf = now!.t;
  const pool = await poolSql(db, input, rules, p, fraudAsOf);
  const drawId = `drw_${randomBytes(6).toString('hex')}`;
  await db.transaction(async (w) => {
    // A committed seed is revealed now, once: the draw that uses it is recorded with it.
    if (input.commitment) seed = await takeCommittedSeed(w, input.commitment, drawId);
    await w.run(`CREATE OR REPLACE TEMP TABLE draw_pool AS ${pool}`, p.values);
    // On a lake, the snapshot this transaction read: verify re-runs the pool as it stood then.
    const snapshot = await currentSnapshot(db, w);
    const [info] = await w.run<{ n: unknown; people: unknown; h: string | null }>(
      `SELECT count(*) AS n, count(DISTINCT entrant) AS people, ${poolHashSql(rules)} AS h FROM draw_pool`,
    );
    const n = Number(info!.n);
    const people = Number(info!.people);
    if (people < input.count)
      throw new AceError(
        'BAD_INPUT',
        `Only ${people} people are eligible for "${input.tier}", fewer than the ${input.count} winners asked for. Loosen the rules or draw fewer.`,
      );
    const k = Math.min(input.count + input.alternates, people);
    const positions = byEntry(rules)
      ? await drawByEntry(n, k, seed, async (ps) => {
          const rows = await w.run<{ pos: unknown; entrant: unknown }>(
            `SELECT pos, entrant FROM draw_pool WHERE pos IN (${ps.join(', ')})`,
          );
          return new Map(rows.map((r) => [Number(r.pos), String(r.entrant)]));
        })
      : drawPositions(n, k, seed);
    const ranks = positions.map((pos, i) => `(${pos}, ${i + 1})`).join(', ');
    await w.run(
      `INSERT INTO draw_winners SELECT $1, $2, r.rank, d.entrant, r.rank > $3 FROM (VALUES ${ranks}) r(pos, rank) JOIN draw_pool d ON d.pos = r.pos`,
      [drawId, input.tier, input.count],
    );
    await w.run(
      `INSERT INTO draws (draw_id, seq, tier, count, alternates, seed, rule, exclude, pool_size, pool_hash, drawn_by, rules_version, odds, commitment_id, fraud_as_of, snapshot)
       VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM draws), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::TIMESTAMP, $15)`,
      [
        drawId,
        input.tier,
        input.count,
        input.alternates,
        seed,
        input.rule ? JSON.stringify(input.rule) : null,
        JSON.stringify(input.exclude),
        n,
        info!.h,
        userName(),
        rules.version,
        rules.version ? rules.rules.odds : null,
        input.commitment ?? null,
        fraudAsOf,
        snapshot,
      ],
    );
    await w.run(`DROP TABLE draw_pool`);
  });
  return (await listDraws(db)).find((d) => d.drawId === drawId)!;
}

export async function listDraws(db: DbClient): Promise<DrawRecord[]> {
  const draws = await db.rows<Record<string, unknown>>(
    `SELECT d.draw_id, d.tier, d.count, d.alternates, d.seed, d.rule::VARCHAR AS rule, d.exclude::VARCHAR AS exclude, d.pool_size, d.pool_hash,
            d.drawn_by, strftime(d.drawn_at, '%Y-%m-%d %H:%M:%S') AS drawn_at, d.rules_version, d.odds,
            d.commitment_id, c.seed_hash, strftime(c.committed_at, '%Y-%m-%d %H:%M:%S') AS committed_at, d.snapshot
     FROM draws d LEFT JOIN draw_commitments c USING (commitment_id) ORDER BY d.seq`,
  );
  if (!draws.length) return [];
  // The winners' names come from the people table, which an import drops until something needs it again.
  await ensurePeople(db);
  const people = await db.rows<Record<string, unknown>>(
    `SELECT w.draw_id, w.rank, w.alternate, 'P' || lpad(to_hex(w.entrant), 16, '0') AS entrant_id, pp.first_name, pp.last_name, pp.email, pp.phone, pp.zip
     FROM draw_winners w LEFT JOIN segment_people pp ON pp.entrant = w.entrant ORDER BY w.draw_id, w.rank`,
  );
  // Fulfilment: every step per winner; the release is due the rules' claim days after notifying.
  const { rules } = await getRules(db);
  const steps = await db.rows<Record<string, unknown>>(
    `SELECT draw_id, 'P' || lpad(to_hex(entrant), 16, '0') AS entrant_id, step, note, by_user, strftime(done_at, '%Y-%m-%d %H:%M:%S') AS at
     FROM winner_steps ORDER BY done_at, rowid`,
  );
  const stepsOf = (drawId: unknown, entrantId: string) =>
    steps
      .filter((x) => x.draw_id === drawId && x.entrant_id === entrantId)
      .map((x) => ({
        step: x.step as FulfilmentStep,
        at: String(x.at),
        by: (x.by_user as string | null) ?? null,
        note: String(x.note ?? ''),
      }));
  const due = (st: { step: string; at: string }[]) => {
    const n = st.find((x) => x.step === 'notified');
    if (!n || rules.claimDays === null) return null;
    return new Date(Date.parse(`${n.at.slice(0, 10)}T00:00:00Z`) + rules.claimDays * 86_400_000).toISOString().slice(0, 10);
  };
  const of = (id: unknown, alternate: boolean): DrawWinner[] =>
    people
      .filter((r) => r.draw_id === id && r.alternate === alternate)
      .map((r) => ({
        rank: Number(r.rank),
        entrantId: String(r.entrant_id),
        firstName: (r.first_name as string) ?? null,
        lastName: (r.last_name as string) ?? null,
        email: (r.email as string) ?? null,
        phone: (r.phone as string) ?? null,
        zip: (r.zip as string) ?? null,
        steps: stepsOf(id, String(r.entrant_id)),
        releaseDue: due(stepsOf(id, String(r.entrant_id))),
      }));
  return draws.map((d) => ({
    drawId: String(d.draw_id),
    tier: String(d.tier),
    count: Number(d.count),
    alternates: Number(d.alternates),
    seed: String(d.seed),
    rule: d.rule ? segmentRule.parse(JSON.parse(String(d.rule))) : null,
    excludeCount: (JSON.parse(String(d.exclude ?? '[]')) as unknown[]).length,
    poolSize: Number(d.pool_size),
    poolHash: String(d.pool_hash),
    rulesVersion: d.rules_version ? Number(d.rules_version) : null,
    odds: d.rules_version ? (String(d.odds) as 'entry' | 'person') : null,
    commitment: d.commitment_id
      ? { commitmentId: String(d.commitment_id), seedHash: String(d.seed_hash), committedAt: String(d.committed_at) }
      : null,
    drawnBy: (d.drawn_by as string | null) ?? null,
    drawnAt: String(d.drawn_at),
    snapshot: d.snapshot === null || d.snapshot === undefined ? null : Number(d.snapshot),
    winners: of(d.draw_id, false),
    alternatesDrawn: of(d.draw_id, true),
  }));
}

/**
 * Re-runs a recorded draw: the same pool (as it stood then: later draws' winners are not removed
 * again) and the recorded seed must give the same people in the same order.
 */
export async function verifyDraw(
  db: DbClient,
  drawId: string,
): Promise<{ drawId: string; same: boolean; poolChanged: boolean; message: string }> {
  const { d, rules, ids, hash, snapshot } = await poolAsDrawn(db, drawId);
  const poolChanged = hash !== d.pool_hash;
  const again = await redraw(ids, Number(d.count) + Number(d.alternates), d.seed, byEntry(rules));
  const recorded = (await db.rows<{ entrant: unknown }>(`SELECT entrant FROM draw_winners WHERE draw_id = $1 ORDER BY rank`, [drawId])).map(
    (r) => String(r.entrant),
  );
  // A committed seed must be the one whose hash was published before the draw.
  const seedKept = d.seed_hash === null || seedHash(d.seed) === d.seed_hash;
  const same = seedKept && JSON.stringify(again) === JSON.stringify(recorded);
  const what = `${byEntry(rules) ? 'valid entries' : 'eligible people'}${snapshot !== null ? ` (the lake as it stood at snapshot ${snapshot})` : ''}`;
  const message = !seedKept
    ? `The recorded seed does not hash to the commitment published before the draw (${d.seed_hash}): the record was altered.`
    : same
      ? `Verified: seed "${d.seed}"${d.seed_hash ? ` (committed before the draw as ${d.seed_hash.slice(0, 16)}…)` : ''} over the same ${ids.length} ${what} gives the same ${recorded.length} people in the same order.`
      : poolChanged
        ? `The eligible pool changed since the draw (data imported since?): ${ids.length} ${what} now; the recorded result cannot be reproduced on this data.`
        : 'The same pool and seed give a different result: the record was altered.';
  return { drawId, same, poolChanged, message };
}
