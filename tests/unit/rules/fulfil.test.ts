import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fulfilInput } from '../../../src-main/contract/draw';
import { officialRules } from '../../../src-main/contract/rules';
import { runDraw } from '../../../src-main/core/draw/draw';
import { fulfil } from '../../../src-main/core/draw/fulfil';
import { saveRules } from '../../../src-main/core/rules/store';
import type { Session } from '../../../src-main/core/session';
import { csv, emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();

describe('winner fulfilment: notified, release returned, prize sent; a forfeit promotes the next alternate', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
    const rows = Array.from({ length: 10 }, (_, i) => [`E${i}`, '2026-03-01 09:00', `w${i}@example.com`]);
    await imp(s, file(dir, 'e.csv', csv([['entry_id', 'entered_at', 'email'], ...rows])), 'entries');
    await saveRules(s.requireDb(), officialRules.parse({ claimDays: 10, odds: 'person' }));
  });
  afterAll(() => s.close());

  it('each step is kept with who and when; the release is due the claim days after notifying', async () => {
    const d = await runDraw(s.requireDb(), { tier: 'Grand prize', count: 1, alternates: 2, seed: 'f' });
    const [winner] = d.winners;
    const step = (entrantId: string, st: 'notified' | 'release_returned' | 'prize_sent' | 'forfeited', note = '') =>
      fulfil(s.requireDb(), fulfilInput.parse({ drawId: d.drawId, entrantId, step: st, note }));
    let r = await step(winner!.entrantId, 'notified');
    const w = r.winners[0]!;
    expect(w.steps.map((x) => x.step)).toEqual(['notified']);
    const notifiedOn = w.steps[0]!.at.slice(0, 10);
    expect(w.releaseDue).toBe(new Date(Date.parse(`${notifiedOn}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10));
    // An alternate has no turn until a winner forfeits.
    await expect(step(d.alternatesDrawn[0]!.entrantId, 'notified')).rejects.toThrow(/alternate not promoted yet/);

    r = await step(winner!.entrantId, 'forfeited', 'release not returned in time');
    expect(r.winners[0]!.steps.map((x) => x.step)).toEqual(['notified', 'forfeited']);
    expect(r.alternatesDrawn[0]!.steps).toMatchObject([{ step: 'promoted', note: `replaces ${winner!.entrantId}` }]);
    expect(r.alternatesDrawn[1]!.steps).toEqual([]);
    await expect(step(winner!.entrantId, 'prize_sent')).rejects.toThrow(/forfeited this prize already/);

    const alt = r.alternatesDrawn[0]!.entrantId;
    await step(alt, 'notified');
    await step(alt, 'release_returned');
    r = await step(alt, 'prize_sent');
    expect(r.alternatesDrawn[0]!.steps.map((x) => x.step)).toEqual(['promoted', 'notified', 'release_returned', 'prize_sent']);
  });

  it('only people drawn in that draw', async () => {
    const [d] = await s.requireDb().rows<{ id: string }>(`SELECT draw_id AS id FROM draws`);
    await expect(
      fulfil(s.requireDb(), fulfilInput.parse({ drawId: d!.id, entrantId: 'P0000000000000001', step: 'notified' })),
    ).rejects.toThrow(/was not drawn/);
  });
});
