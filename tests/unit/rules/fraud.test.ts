import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fraudListInput, fraudReviewInput, type FraudList } from '../../../src-main/contract/fraud';
import { listFraud, reviewFraud } from '../../../src-main/core/fraud/store';
import { validitySummary } from '../../../src-main/core/rules/validity';
import { runDraw, verifyDraw } from '../../../src-main/core/draw/draw';
import { previewPool } from '../../../src-main/core/draw/pool';
import type { Session } from '../../../src-main/core/session';
import { csv, emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();

/** Each flag planted on purpose, beside people who look like what they are (one person entering now and then). */
describe('fraud flags: each with its evidence, reviewed, and confirmed fraud is invalid', () => {
  let s: Session;
  const list = (status: 'open' | 'confirmed' | 'cleared' | 'all' = 'all') => listFraud(s.requireDb(), fraudListInput.parse({ status }));
  const byEmail = (l: FraudList) => Object.fromEntries(l.people.map((p) => [p.email, p.flags.map((f) => f.flag)]));
  beforeAll(async () => {
    s = await emptySession(dir);
    const E = (id: string, at: string, email: string, phone = '') => [id, at, email, phone];
    await imp(
      s,
      file(
        dir,
        'entries.csv',
        csv([
          ['entry_id', 'entered_at', 'email', 'phone'],
          E('N1', '2026-03-01 09:00:00', 'ann@example.com'),
          E('N2', '2026-03-05 09:00:00', 'ann@example.com'),
          E('N3', '2026-03-09 09:00:00', 'ann@example.com'),
          E('V1', '2026-03-02 10:00:00', 'jane.doe+win@gmail.com'),
          E('V2', '2026-03-02 11:00:00', 'janedoe@gmail.com'),
          E('V3', '2026-03-02 12:00:00', 'jane.doe@googlemail.com'),
          E('D1', '2026-03-03 10:00:00', 'x7@mailinator.com'),
          E('P1', '2026-03-04 10:00:00', 'sam1@example.net'),
          E('P2', '2026-03-04 10:05:00', 'sam2@example.net'),
          E('P3', '2026-03-04 10:09:00', 'sam3@example.net'),
          E('S1', '2026-03-06 10:00:00', 'a1@example.org', '+16175550111'),
          E('S2', '2026-03-07 10:00:00', 'a2@example.org', '+16175550111'),
          E('S3', '2026-03-08 10:00:00', 'a3@example.org', '+16175550111'),
          E('T1', '2026-03-11 10:00:00', 'tom7@example.com'),
          E('T2', '2026-03-12 10:00:00', 'tom19@example.com'),
          E('T3', '2026-03-13 10:00:00', 'tom233@example.com'),
          E('B1', '2026-03-10 10:00:00', 'bo@example.com'),
          E('B2', '2026-03-10 10:00:20', 'bo@example.com'),
          E('B3', '2026-03-10 10:00:50', 'bo@example.com'),
        ]),
      ),
      'entries',
    );
  });
  afterAll(() => s.close());

  it('finds each planted pattern, with what was seen, and nobody else', async () => {
    const l = await list();
    expect(l.total).toBe(9);
    expect(l.byFlag).toEqual({
      disposable_email: 1,
      mailbox_variants: 3,
      patterned_addresses: 3,
      shared_phone: 1,
      burst: 1,
      zip_state_mismatch: 0,
    });
    const flags = byEmail(l);
    expect(flags['janedoe@gmail.com']).toEqual(['mailbox_variants']);
    expect(flags['x7@mailinator.com']).toEqual(['disposable_email']);
    expect(flags['sam2@example.net']).toEqual(['patterned_addresses']);
    expect(flags['bo@example.com']).toEqual(['burst']);
    expect(flags['ann@example.com']).toBeUndefined();
    // Names with numbers are common; only numbers in a row are a pattern.
    expect(flags['tom19@example.com']).toBeUndefined();
    expect(l.people.find((p) => p.email === 'sam2@example.net')!.flags[0]!.evidence).toBe(
      '3 entrants numbered in a row after sam@example.net: sam1@example.net, sam2@example.net, sam3@example.net',
    );
    // Highest score first: the mailbox variants weigh 3.
    expect(l.people[0]!.score).toBe(3);
    const jane = l.people.find((p) => p.email === 'janedoe@gmail.com')!;
    expect(jane.flags[0]!.evidence).toBe('same mailbox as other entrants: jane.doe+win@gmail.com, jane.doe@googlemail.com');
    const phone = l.people.find((p) => p.flags.some((f) => f.flag === 'shared_phone'))!;
    expect(phone.flags[0]!.evidence).toBe('3 emails entered with +16175550111: a1@example.org, a2@example.org, a3@example.org');
    expect(l.people.find((p) => p.email === 'bo@example.com')!.flags[0]!.evidence).toBe(
      'three entries within 60 seconds, first at 2026-03-10 10:00:00',
    );
  });

  it('a reviewer confirms or clears each person; confirmed fraud makes their entries invalid, cleared stays valid', async () => {
    const l = await list();
    const sam = l.people.find((p) => p.email === 'sam1@example.net')!;
    const jane = l.people.find((p) => p.email === 'janedoe@gmail.com')!;
    expect((await validitySummary(s.requireDb())).invalidBy.fraud).toBe(0);
    const confirmed = await reviewFraud(
      s.requireDb(),
      fraudReviewInput.parse({ entrantId: sam.entrantId, decision: 'confirmed', note: 'bot pattern' }),
    );
    expect(confirmed.review).toMatchObject({ decision: 'confirmed', note: 'bot pattern' });
    await reviewFraud(s.requireDb(), fraudReviewInput.parse({ entrantId: jane.entrantId, decision: 'cleared' }));
    const v = await validitySummary(s.requireDb());
    expect(v.invalidBy.fraud).toBe(1);
    expect(v.validEntries).toBe(v.entries - 1);
    expect((await list('open')).total).toBe(7);
    expect((await list('confirmed')).people.map((p) => p.email)).toEqual(['sam1@example.net']);
    expect((await list('cleared')).people.map((p) => p.email)).toEqual(['janedoe@gmail.com']);
    // A change of mind is recorded too; the latest decision counts.
    await reviewFraud(s.requireDb(), fraudReviewInput.parse({ entrantId: sam.entrantId, decision: 'cleared', note: 'a real Sam' }));
    expect((await validitySummary(s.requireDb())).invalidBy.fraud).toBe(0);
    const [n] = await s.requireDb().rows<{ n: unknown }>(`SELECT count(*) AS n FROM fraud_reviews`);
    expect(Number(n!.n)).toBe(3);
  });

  it('only flagged people are reviewed', async () => {
    await expect(
      reviewFraud(s.requireDb(), fraudReviewInput.parse({ entrantId: 'P0000000000000001', decision: 'confirmed' })),
    ).rejects.toThrow(/has no fraud flag/);
  });
});

describe('confirmed fraud cannot win, and a draw re-run later sees the decisions it was drawn with', () => {
  it('out of the pool with or without rules; verify holds after a later confirmation', async () => {
    const s = await emptySession(dir);
    try {
      const rows = Array.from({ length: 6 }, (_, i) => [`E${i}`, '2026-03-01 09:00:00', `p${i}@example.com`]);
      // p9 enters three times in 30 seconds: flagged as a burst.
      rows.push(
        ['B1', '2026-03-02 09:00:00', 'p9@example.com'],
        ['B2', '2026-03-02 09:00:10', 'p9@example.com'],
        ['B3', '2026-03-02 09:00:30', 'p9@example.com'],
      );
      await imp(s, file(dir, 'pool.csv', csv([['entry_id', 'entered_at', 'email'], ...rows])), 'entries');
      const first = await runDraw(s.requireDb(), { tier: 'Early', count: 1, seed: 'before-review' });
      const [p9] = (await listFraud(s.requireDb(), fraudListInput.parse({}))).people;
      // (This seed draws someone else first: p9 stays in the pool the first draw had.)
      expect(first.winners[0]!.entrantId).not.toBe(p9!.entrantId);
      await reviewFraud(s.requireDb(), fraudReviewInput.parse({ entrantId: p9!.entrantId, decision: 'confirmed' }));
      expect(await previewPool(s.requireDb(), { exclude: [] })).toMatchObject({ eligible: 7, noValidEntry: 1, wonBefore: 1, poolSize: 5 });
      const later = await runDraw(s.requireDb(), { tier: 'Everyone else', count: 5, seed: 'after-review' });
      expect([...later.winners, ...later.alternatesDrawn].map((w) => w.entrantId)).not.toContain(p9!.entrantId);
      await expect(runDraw(s.requireDb(), { tier: 'One more', count: 1 })).rejects.toThrow(/Only 0 people/);
      // The first draw had p9 in its pool: its re-run still does.
      expect(await verifyDraw(s.requireDb(), first.drawId)).toMatchObject({ same: true, poolChanged: false });
      expect(await verifyDraw(s.requireDb(), later.drawId)).toMatchObject({ same: true, poolChanged: false });
    } finally {
      await s.close();
    }
  });
});
