import type { z } from 'zod';
import type { DrawRecord, fulfilInput } from '../../contract/draw';
import type { DbClient } from '../db/client';
import { AceError } from '../lib/errors';
import { userName } from '../lib/paths';
import { listDraws } from './draw';

const ID = (col: string) => `'P' || lpad(to_hex(${col}), 16, '0')`;

/**
 * Records one step of a prize's fulfilment (docs/rules.md): notified, the signed release returned, the prize
 * sent, or forfeited. A forfeit by a winner (or by an alternate already promoted) promotes the next alternate
 * in rank order, recorded as its own step; every step is kept with who and when.
 */
export async function fulfil(db: DbClient, input: z.output<typeof fulfilInput>): Promise<DrawRecord> {
  await db.transaction(async (w) => {
    const [who] = await w.run<{ entrant: unknown; alternate: boolean }>(
      `SELECT entrant, alternate FROM draw_winners WHERE draw_id = ? AND ${ID('entrant')} = ?`,
      [input.drawId, input.entrantId],
    );
    if (!who) throw new AceError('NOT_FOUND', `${input.entrantId} was not drawn in ${input.drawId}.`);
    const steps = (
      await w.run<{ step: string }>(`SELECT step FROM winner_steps WHERE draw_id = ? AND entrant = ?::UBIGINT`, [
        input.drawId,
        String(who.entrant),
      ])
    ).map((r) => r.step);
    if (steps.includes('forfeited')) throw new AceError('BAD_INPUT', `${input.entrantId} forfeited this prize already.`);
    if (who.alternate && !steps.includes('promoted'))
      throw new AceError('BAD_INPUT', `${input.entrantId} is an alternate not promoted yet: their turn comes when a winner forfeits.`);
    await w.run(`INSERT INTO winner_steps (draw_id, entrant, step, note, by_user) VALUES (?, ?::UBIGINT, ?, ?, ?)`, [
      input.drawId,
      String(who.entrant),
      input.step,
      input.note,
      userName(),
    ]);
    if (input.step !== 'forfeited') return;
    const [next] = await w.run<{ entrant: unknown }>(
      `SELECT entrant FROM draw_winners WHERE draw_id = ? AND alternate
         AND entrant NOT IN (SELECT entrant FROM winner_steps WHERE draw_id = ? AND step IN ('promoted', 'forfeited'))
       ORDER BY rank LIMIT 1`,
      [input.drawId, input.drawId],
    );
    if (next)
      await w.run(`INSERT INTO winner_steps (draw_id, entrant, step, note, by_user) VALUES (?, ?::UBIGINT, 'promoted', ?, ?)`, [
        input.drawId,
        String(next.entrant),
        `replaces ${input.entrantId}`,
        userName(),
      ]);
  });
  return (await listDraws(db)).find((d) => d.drawId === input.drawId)!;
}
