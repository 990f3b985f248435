import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officialRules } from '../../../src-main/contract/rules';
import { compliance, complianceNotes } from '../../../src-main/core/rules/compliance';
import { saveRules } from '../../../src-main/core/rules/store';
import type { Session } from '../../../src-main/core/session';
import { parsePrizes } from '../../../src-renderer/features/draw/rulesForm';
import { csv, emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
const rules = (o: object) => officialRules.parse(o);
const ids = (notes: { id: string }[]) => notes.map((n) => n.id);

describe('compliance helpers: warnings with their sources, by the prize value and where entrants live', () => {
  const prizes = [
    { tier: 'Grand prize', count: 1, arv: 10_000 },
    { tier: 'First prize', count: 5, arv: 100 },
  ];

  it('over $5,000 in all, open everywhere: New York and Florida registration and bonding, dated from the start', () => {
    const notes = complianceNotes(rules({ entryPeriod: { start: '2026-03-01', end: '2026-05-31' }, prizes }), '2026-02-10');
    expect(ids(notes)).toEqual(['ny-registration', 'ny-winners', 'fl-registration', 'fl-winners', '1099-Grand prize']);
    expect(notes[0]).toMatchObject({ due: '2026-01-30', overdue: true, source: 'N.Y. General Business Law § 369-e', level: 'warning' });
    expect(notes[0]!.text).toContain('$10,500.00 is over $5,000.00');
    expect(notes[2]).toMatchObject({ due: '2026-02-22', overdue: false, source: 'Fla. Stat. § 849.094' });
    // The winners list is due 60 days after the draw, once there is one.
    expect(notes[3]!.due).toBeNull();
    expect(complianceNotes(rules({ prizes }), '2026-06-10', '2026-06-05').find((n) => n.id === 'fl-winners')!.due).toBe('2026-08-04');
  });

  it('no New York or Florida entrants, or $5,000 or less: no registration warning; a prize under $600 needs no tax form', () => {
    expect(ids(complianceNotes(rules({ eligibleStates: ['MA', 'CT'], prizes }), '2026-02-10'))).toEqual(['1099-Grand prize']);
    expect(ids(complianceNotes(rules({ prizes: [{ tier: 'Gift card', count: 50, arv: 100 }] }), '2026-02-10'))).toEqual([]);
    expect(ids(complianceNotes(rules({}), '2026-02-10'))).toEqual(['prizes']);
  });

  it('prize lines as typed on the screen', () => {
    expect(parsePrizes('Grand prize | 1 | $5,000\n\nGift card | 50 | 25.50')).toEqual({
      prizes: [
        { tier: 'Grand prize', count: 1, arv: 5000 },
        { tier: 'Gift card', count: 50, arv: 25.5 },
      ],
    });
    expect(parsePrizes('Grand prize, 1, 5000')).toEqual({
      error: 'Prize line 1 ("Grand prize, 1, 5000"): write it as tier | how many | value of each, e.g. Grand prize | 1 | 5000.',
    });
  });
});

describe('the odds statement as of now', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
    const rows = Array.from({ length: 30 }, (_, i) => [`E${i}`, '2026-03-01 09:00', `p${i % 12}@example.com`]);
    await imp(s, file(dir, 'e.csv', csv([['entry_id', 'entered_at', 'email'], ...rows])), 'entries');
  });
  afterAll(() => s.close());

  it('per valid entry: entries over prizes; per person: entrants over prizes', async () => {
    await saveRules(
      s.requireDb(),
      rules({
        odds: 'entry',
        prizes: [
          { tier: 'Grand prize', count: 1, arv: 500 },
          { tier: 'Runner-up', count: 3, arv: 50 },
        ],
      }),
    );
    const c = await compliance(s.requireDb());
    expect(c.totalArv).toBe(650);
    expect(c.odds.map((o) => [o.tier, o.chances, o.oneIn])).toEqual([
      ['Grand prize', 30, 30],
      ['Runner-up', 30, 10],
    ]);
    expect(c.odds[0]!.text).toMatch(/^Grand prize \(1 × \$500\.00\): odds of winning are about 1 in 30 as of .* \(30 valid entries\)/);
    await saveRules(s.requireDb(), rules({ odds: 'person', prizes: [{ tier: 'Grand prize', count: 1, arv: 500 }] }));
    expect((await compliance(s.requireDb())).odds[0]).toMatchObject({ chances: 12, oneIn: 12 });
  });
});
