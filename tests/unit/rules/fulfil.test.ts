import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fulfilInput } from '../../../src-main/contract/draw';
import { officialRules } from '../../../src-main/contract/rules';
import { fulfil } from '../../../src-main/core/draw/fulfil';
import { listDraws, runDraw } from '../../../src-main/core/draw/draw';
import { createDispatcher } from '../../../src-main/core/dispatcher';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { saveRules } from '../../../src-main/core/rules/store';
import type { Session } from '../../../src-main/core/session';
import { csv, emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();

describe('winner fulfilment: notified, release returned, prize sent; a forfeit promotes the next alternate', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
    const rows = Array.from({ length: 10 }, (_, i) => [`E${i}`, '2026-03-01 09:00', `w${i}@example.com`, `Ann${i}`, `Smith${i}`, '02134']);
    await imp(s, file(dir, 'e.csv', csv([['entry_id', 'entered_at', 'email', 'first_name', 'last_name', 'zip'], ...rows])), 'entries');
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

  it('the public winners list: who holds each prize now (the promoted alternate, not the forfeit), first name and initial, city, state; logged', async () => {
    const dispatch = createDispatcher({ session: s, host: { host: 'electron', version: 't', nativeDialogs: true } });
    const path = join(dir, 'winners.csv');
    const started = await dispatch('draw.exportWinners', { path });
    if (!started.ok) throw new Error(started.error.message);
    const job = await s.jobs.wait((started.value as { jobId: string }).jobId);
    expect(job.state).toBe('done');
    const [d] = await listDraws(s.requireDb());
    const holder = d!.alternatesDrawn[0]!;
    const lines = readFileSync(path, 'utf8').trimEnd().split(/\r?\n/);
    expect(lines[0]).toBe('Prize,"Prize value (ARV, USD)",Winner,City,State,Drawn');
    expect(lines).toHaveLength(2);
    // The promoted alternate holds the prize: first name, last initial, the city and state of their zip.
    const n = holder.firstName!.slice(3);
    expect(lines[1]).toMatch(new RegExp(`^Grand prize,,Ann${n} S\\.,[A-Za-z ]+,MA,\\d{4}-\\d{2}-\\d{2}$`));
    expect(holder.steps.map((x) => x.step)).toContain('promoted');
    const log = await s.requireDb().rows<{ what: string; rows: unknown }>(`SELECT what, rows FROM export_log`);
    expect(log.map((l) => [l.what, Number(l.rows)])).toEqual([['Public winners list', 1]]);
  });
});
