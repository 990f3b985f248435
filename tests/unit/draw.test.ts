import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrawRecord } from '../../src-main/contract/draw';
import { listDraws, runDraw, verifyDraw } from '../../src-main/core/draw/draw';
import { previewPool } from '../../src-main/core/draw/pool';
import { drawPositions, seededRandom } from '../../src-main/core/draw/random';
import type { Session } from '../../src-main/core/session';
import { pdfFonts, pdfInfo, pdfPageText, renderPage } from '../support/pdf';
import { ace } from './helpers/cli';
import { demoSession } from './helpers/demo';
import { tempDir } from './helpers/tmp';

/** Pearson's chi-square statistic of observed counts against a uniform expectation. */
function chiSquare(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const e = total / counts.length;
  return counts.reduce((s, o) => s + (o - e) ** 2 / e, 0);
}

describe('the draw is uniform and reproducible', () => {
  it('each of 20 people wins one prize equally often over 20,000 seeds (chi-square, 19 df, p > 0.001)', () => {
    const counts = new Array<number>(20).fill(0);
    for (let s = 0; s < 20_000; s++) counts[drawPositions(20, 1, `seed-${s}`)[0]!]!++;
    // 43.82 is the 0.999 quantile of chi-square with 19 degrees of freedom.
    expect(chiSquare(counts)).toBeLessThan(43.82);
  });

  it('every rank is uniform too (3 winners of 12, 12,000 seeds), and nobody is drawn twice', () => {
    const byRank = [0, 1, 2].map(() => new Array<number>(12).fill(0));
    for (let s = 0; s < 12_000; s++) {
      const got = drawPositions(12, 3, `s${s}`);
      expect(new Set(got).size).toBe(3);
      got.forEach((pos, rank) => byRank[rank]![pos]!++);
    }
    // 11 df, 0.999 quantile 31.26.
    for (const counts of byRank) expect(chiSquare(counts)).toBeLessThan(31.26);
  });

  it('the same seed gives the same draw; a permutation when everyone is drawn', () => {
    expect(drawPositions(1_000_000, 50, 'spring-2026')).toEqual(drawPositions(1_000_000, 50, 'spring-2026'));
    expect(drawPositions(1_000_000, 50, 'spring-2026')).not.toEqual(drawPositions(1_000_000, 50, 'spring-2027'));
    expect([...drawPositions(30, 30, 'x')].sort((a, b) => a - b)).toEqual([...Array(30).keys()]);
    const r = seededRandom('bias');
    // Rejection sampling: a range that does not divide 2^32 is still uniform.
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[r.below(3)]!++;
    expect(chiSquare(counts)).toBeLessThan(13.82);
  });
});

describe('draws in a workspace', () => {
  const dir = tempDir('ace-draw-');
  let s: Session;
  beforeAll(async () => {
    s = await demoSession(dir, 'draw.duckdb', 2000);
  }, 60_000);
  afterAll(() => s.close());

  let grand: DrawRecord;
  it('draws winners and alternates from the eligible people only, and records the audit trail', async () => {
    const adults = {
      all: [
        { type: 'number' as const, field: 'age' as const, min: 18, max: null },
        { type: 'reachable' as const, channel: 'email' as const },
      ],
    };
    grand = await runDraw(s.requireDb(), { tier: 'Grand prize', count: 3, alternates: 2, seed: 'audit-seed', rule: adults });
    expect(grand.winners.map((w) => w.rank)).toEqual([1, 2, 3]);
    expect(grand.alternatesDrawn.map((w) => w.rank)).toEqual([4, 5]);
    const ids = [...grand.winners, ...grand.alternatesDrawn].map((w) => w.entrantId);
    expect(new Set(ids).size).toBe(5);
    const [eligible] = await s
      .requireDb()
      .rows<{ n: unknown }>(`SELECT count(*) AS n FROM segment_people WHERE age >= 18 AND reachable_email`);
    expect(grand.poolSize).toBe(Number(eligible!.n));
    const ages = await s
      .requireDb()
      .rows<{ ok: boolean }>(
        `SELECT age >= 18 AND reachable_email AS ok FROM segment_people WHERE 'P' || lpad(to_hex(entrant), 16, '0') IN (${ids.map((i) => `'${i}'`).join(', ')})`,
      );
    expect(ages.map((a) => a.ok)).toEqual([true, true, true, true, true]);
    expect(grand.seed).toBe('audit-seed');
    expect(grand.drawnBy).toBeTruthy();
    expect((await verifyDraw(s.requireDb(), grand.drawId)).same).toBe(true);
  });

  it('one win per person across tiers; exclusions by address hold; a tier is drawn once', async () => {
    // Two people not drawn yet: one excluded by their email written in capitals, one by a phone written loosely.
    const [a, b] = await s
      .requireDb()
      .rows<{ email: string; phone: string }>(
        `SELECT email, phone FROM segment_people WHERE email IS NOT NULL AND phone LIKE '+1__________' AND entrant NOT IN (SELECT entrant FROM draw_winners) ORDER BY entrant LIMIT 2`,
      );
    const loose = `(${b!.phone.slice(2, 5)}) ${b!.phone.slice(5, 8)}-${b!.phone.slice(8)}`;
    // Before drawing, the screen's preview: the pool the draw will have, and the line that matches nobody.
    const [everyone] = await s.requireDb().rows<{ n: unknown }>(`SELECT count(*) AS n FROM segment_people`);
    const preview = await previewPool(s.requireDb(), { exclude: [a!.email.toUpperCase(), loose, ' staff@nowhere.example ', loose] });
    expect(preview).toEqual({
      eligible: Number(everyone!.n),
      excluded: 2,
      noValidEntry: null,
      wonBefore: 5,
      poolSize: Number(everyone!.n) - 7,
      exclusionLines: 3,
      unmatched: ['staff@nowhere.example'],
      unmatchedCount: 1,
    });
    const second = await runDraw(s.requireDb(), {
      tier: 'First prize',
      count: 40,
      seed: 'audit-seed',
      exclude: [a!.email.toUpperCase(), loose],
    });
    const earlier = new Set([...grand.winners, ...grand.alternatesDrawn].map((w) => w.entrantId));
    expect(second.winners.some((w) => earlier.has(w.entrantId))).toBe(false);
    expect(second.winners.some((w) => w.email === a!.email || w.phone === b!.phone)).toBe(false);
    const [all] = await s.requireDb().rows<{ n: unknown }>(`SELECT count(*) AS n FROM segment_people`);
    expect(second.poolSize).toBe(Number(all!.n) - 5 - 2);
    expect(second.poolSize).toBe(preview.poolSize);
    await expect(runDraw(s.requireDb(), { tier: 'grand PRIZE', count: 1 })).rejects.toThrow(/was drawn already/);
    await expect(
      runDraw(s.requireDb(), { tier: 'Everyone', count: 1, rule: { type: 'number', field: 'age', min: 200, max: null } }),
    ).rejects.toThrow(/Only 0 people are eligible/);
    // Both still verify after later draws and with their own pools.
    expect((await verifyDraw(s.requireDb(), grand.drawId)).same).toBe(true);
    expect((await verifyDraw(s.requireDb(), second.drawId)).same).toBe(true);
    expect((await listDraws(s.requireDb())).map((d) => d.tier)).toEqual(['Grand prize', 'First prize']);
  });

  it('lists the draws with the winners’ names after an import dropped the people table (it is built again)', async () => {
    const names = (await listDraws(s.requireDb())).map((d) => d.winners.map((w) => w.lastName));
    await s.requireDb().write((w) => w.run('DROP TABLE segment_people'));
    expect((await listDraws(s.requireDb())).map((d) => d.winners.map((w) => w.lastName))).toEqual(names);
  });

  it('exports the audit report as a PDF: one page with the tier, seed, pool fingerprint and winners', async () => {
    const { drawReportPdf } = await import('../../src-main/core/draw/report');
    const bytes = await drawReportPdf(grand, 'Demo');
    // Opened as a reader opens it (poppler): one Letter page, and the text on it.
    const info = pdfInfo(bytes);
    expect(info.pages).toBe(1);
    expect(info.size).toEqual([612, 792]);
    const text = pdfPageText(bytes, 1);
    expect(text).toContain('Winner draw: Grand prize');
    expect(text).toContain('audit-seed');
    expect(text).toContain(grand.poolHash);
    for (const w of grand.winners) expect(text).toContain(w.entrantId);
    // Rendered: ink in the top half (the facts and winners), a blank bottom margin.
    const page = renderPage(bytes, 1);
    expect(page.darkIn(0, 0, 1, 0.5)).toBeGreaterThan(0.01);
    expect(page.darkIn(0, 0.95, 1, 0.05)).toBe(0);
    // Contact details are masked in a report that gets passed around.
    for (const w of grand.winners) if (w.email) expect(text).not.toContain(w.email);
  });

  it('prints winners’ names in any script as they are, in embedded fonts', async () => {
    const { drawReportPdf } = await import('../../src-main/core/draw/report');
    const names = [
      ['Дмитрий', 'Иванов'],
      ['王', '芳'],
      ['Zoë', 'Ωmega'],
    ];
    const winners = grand.winners.slice(0, 3).map((w, i) => ({ ...w, firstName: names[i]![0]!, lastName: names[i]![1]! }));
    const bytes = await drawReportPdf({ ...grand, tier: 'Grand prize ≥ 1 × ÷', winners }, 'Démo');
    const text = pdfPageText(bytes, 1);
    for (const [first, last] of names) expect(text).toContain(`${first} ${last}`);
    expect(text).toContain('Winner draw: Grand prize ≥ 1 × ÷');
    expect(text).toContain('Démo');
    // Every font but the rule's monospaced one is embedded, with its Unicode map.
    for (const f of pdfFonts(bytes).filter((f) => !f.name.includes('Courier')))
      expect(f, f.name).toMatchObject({ embedded: true, unicode: true });
    expect(
      pdfFonts(bytes)
        .map((f) => f.name)
        .join(' '),
    ).toContain('DroidSansFallback');
  });

  it('a tampered record does not verify', async () => {
    await s
      .requireDb()
      .write((w) =>
        w.run(`UPDATE draw_winners SET rank = CASE rank WHEN 1 THEN 2 WHEN 2 THEN 1 ELSE rank END WHERE draw_id = ?`, [grand.drawId]),
      );
    const v = await verifyDraw(s.requireDb(), grand.drawId);
    expect(v.same).toBe(false);
    expect(v.poolChanged).toBe(false);
    expect(v.message).toMatch(/altered/);
  });
});

describe('ace draw', () => {
  const dir = tempDir('ace-draw-cli-');
  it('draws with rules and exclusions from files, lists, and verifies', async () => {
    const s = await demoSession(dir, 'cli.duckdb', 1500);
    await s.close();
    const ws = join(dir, 'cli.duckdb');
    writeFileSync(join(dir, 'rules.json'), JSON.stringify({ type: 'number', field: 'age', min: 18 }));
    writeFileSync(join(dir, 'exclude.txt'), 'staff@example.com\n(617) 555-0101\n');
    const r = await ace([
      'draw',
      '--workspace',
      ws,
      '--tier',
      'Grand',
      '--count',
      '2',
      '--alternates',
      '1',
      '--seed',
      'cli',
      '--rules',
      join(dir, 'rules.json'),
      '--exclude',
      join(dir, 'exclude.txt'),
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as DrawRecord;
    expect(d.winners).toHaveLength(2);
    expect(d.excludeCount).toBe(2);
    const v = await ace(['draw', '--workspace', ws, '--verify', d.drawId]);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^Verified: seed "cli"/);
    const bad = await ace(['draw', '--workspace', ws, '--tier', 'X']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('ace: --count is required\n');
  }, 120_000);
});
