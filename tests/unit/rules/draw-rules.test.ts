import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitSeed, listCommitments } from '../../../src-main/core/draw/commit';
import { officialRules } from '../../../src-main/contract/rules';
import { listDraws, runDraw, verifyDraw } from '../../../src-main/core/draw/draw';
import { drawByEntry } from '../../../src-main/core/draw/random';
import { previewPool } from '../../../src-main/core/draw/pool';
import { saveRules } from '../../../src-main/core/rules/store';
import type { Session } from '../../../src-main/core/session';
import { csv, emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();

describe('drawing by valid entry: each valid entry one chance, one prize per person', () => {
  // Positions 0-9: A has four entries, B three, C two, D one.
  const owner = ['A', 'A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', 'D'];
  const people = async (ps: number[]) => new Map(ps.map((p) => [p, owner[p]!]));

  it('a person wins the first prize as often as their share of the entries (chi-square over 20,000 seeds, 3 df, p > 0.001)', async () => {
    const wins: Record<string, number> = { A: 0, B: 0, C: 0, D: 0 };
    const n = 20_000;
    for (let i = 0; i < n; i++) wins[owner[(await drawByEntry(10, 1, `seed-${i}`, people))[0]!]!]!++;
    const expected = { A: 0.4 * n, B: 0.3 * n, C: 0.2 * n, D: 0.1 * n };
    const chi = Object.entries(expected).reduce((a, [k, e]) => a + (wins[k]! - e) ** 2 / e, 0);
    expect(chi).toBeLessThan(16.27);
  });

  it('never two prizes to one person; the same seed gives the same order', async () => {
    const all = await drawByEntry(10, 4, 'fixed', people);
    expect(new Set(all.map((p) => owner[p])).size).toBe(4);
    expect(await drawByEntry(10, 4, 'fixed', people)).toEqual(all);
  });
});

describe('a draw under the official rules', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
    await imp(
      s,
      file(
        dir,
        'entries.csv',
        csv([
          ['entry_id', 'entered_at', 'email', 'zip', 'age'],
          ['A1', '2026-03-01 09:00', 'ann@example.com', '02134', '30'],
          ['A2', '2026-03-02 09:00', 'ann@example.com', '02134', '30'],
          ['B1', '2026-03-05 12:00', 'bo@example.com', '10001', '17'],
          ['C1', '2026-03-06 12:00', 'cy@example.com', '90210', '40'],
          ['D1', '2026-02-07 12:00', 'dee@example.com', '02134', '25'],
          ['D2', '2026-03-07 12:00', 'dee@example.com', '02134', '25'],
          ['G1', '2026-03-10 12:00', 'gus@example.com', '02134', '22'],
        ]),
      ),
      'entries',
    );
    // Valid: Ann (2 entries), Dee (D2 only: D1 is before the period), Gus. Bo is 17, Cy lives in CA.
    await saveRules(
      s.requireDb(),
      officialRules.parse({
        entryPeriod: { start: '2026-03-01', end: '2026-03-31' },
        minAge: 18,
        eligibleStates: ['MA', 'NY'],
        odds: 'entry',
      }),
    );
  });
  afterAll(() => s.close());

  it('only valid entrants can win; the draw records the rules version and odds, and verifies', async () => {
    expect(await previewPool(s.requireDb(), { exclude: [] })).toMatchObject({ eligible: 5, noValidEntry: 2, poolSize: 3 });
    await expect(runDraw(s.requireDb(), { tier: 'Too many', count: 4 })).rejects.toThrow(/Only 3 people are eligible/);
    const d = await runDraw(s.requireDb(), { tier: 'Grand prize', count: 3, seed: 'spring' });
    expect(d).toMatchObject({ rulesVersion: 1, odds: 'entry', poolSize: 4 });
    expect(d.winners.map((w) => w.email).sort()).toEqual(['ann@example.com', 'dee@example.com', 'gus@example.com']);
    expect((await verifyDraw(s.requireDb(), d.drawId)).same).toBe(true);
  });

  it('verifies after new rules are saved (it follows its own version) and after an import that adds no valid entry', async () => {
    const [d] = await listDraws(s.requireDb());
    await saveRules(s.requireDb(), officialRules.parse({ minAge: 35 }));
    await imp(
      s,
      file(
        dir,
        'late.csv',
        csv([
          ['entry_id', 'entered_at', 'email', 'zip', 'age'],
          ['G9', '2026-04-02 12:00', 'gus@example.com', '02134', '22'],
        ]),
      ),
      'entries',
    );
    expect(await verifyDraw(s.requireDb(), d!.drawId)).toMatchObject({ same: true, poolChanged: false });
    // Tampering with the record is caught.
    await s.requireDb().write((w) => w.run(`UPDATE draws SET seed = 'autumn' WHERE draw_id = ?`, [d!.drawId]));
    expect((await verifyDraw(s.requireDb(), d!.drawId)).same).toBe(false);
  });
});

describe('commit before reveal', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
    await imp(
      s,
      file(
        dir,
        'people.csv',
        csv([
          ['entry_id', 'entered_at', 'email'],
          ...Array.from({ length: 12 }, (_, i) => [`E${i}`, '2026-03-01 09:00', `p${i}@example.com`]),
        ]),
      ),
      'entries',
    );
  });
  afterAll(() => s.close());

  it('only the hash is shown before the draw; the draw reveals the seed once, and verification checks it against the hash', async () => {
    const c = await commitSeed(s.requireDb());
    expect(c).toMatchObject({
      commitmentId: expect.stringMatching(/^cmt_/),
      seedHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      usedBy: null,
    });
    expect(JSON.stringify(await listCommitments(s.requireDb()))).not.toContain('"seed"');
    await expect(runDraw(s.requireDb(), { tier: 'Both', count: 1, seed: 'x', commitment: c.commitmentId })).rejects.toThrow(/not both/);
    const d = await runDraw(s.requireDb(), { tier: 'Grand prize', count: 2, commitment: c.commitmentId });
    expect(createHash('sha256').update(d.seed).digest('hex')).toBe(c.seedHash);
    expect(d.commitment).toEqual({ commitmentId: c.commitmentId, seedHash: c.seedHash, committedAt: c.committedAt });
    expect((await listCommitments(s.requireDb()))[0]!.usedBy).toBe(d.drawId);
    await expect(runDraw(s.requireDb(), { tier: 'Again', count: 1, commitment: c.commitmentId })).rejects.toThrow(/revealed by draw/);
    expect(await verifyDraw(s.requireDb(), d.drawId)).toMatchObject({
      same: true,
      message: expect.stringMatching(/committed before the draw/),
    });
    // A seed swapped after the fact no longer matches what was published.
    await s.requireDb().write((w) => w.run(`UPDATE draws SET seed = 'chosen later' WHERE draw_id = ?`, [d.drawId]));
    expect(await verifyDraw(s.requireDb(), d.drawId)).toMatchObject({
      same: false,
      message: expect.stringMatching(/does not hash to the commitment/),
    });
  });
});
