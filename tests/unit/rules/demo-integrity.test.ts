import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fraudListInput } from '../../../src-main/contract/fraud';
import { DEMO_RULES } from '../../../src-main/core/demo/integrity';
import { listFraud } from '../../../src-main/core/fraud/store';
import { compliance } from '../../../src-main/core/rules/compliance';
import { getRules } from '../../../src-main/core/rules/store';
import { validitySummary } from '../../../src-main/core/rules/validity';
import type { Session } from '../../../src-main/core/session';
import { emptySession } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();

/**
 * The app's demo campaign comes with its official rules and with planted entries that break them or look like
 * fraud (demo/integrity.ts), one ring of each at 20,000 entries: the Winner draw screen has work on first launch.
 */
describe('the demo campaign keeps its sweepstakes honest', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
    await s.generateDemo({ entries: 20_000, seed: 42, rules: true });
  }, 120_000);
  afterAll(() => s.close());

  it('saves its rules as version 1 and finds the planted late and staff entries', async () => {
    const db = s.requireDb();
    expect(await getRules(db)).toMatchObject({ version: 1, rules: DEMO_RULES });
    const v = await validitySummary(db);
    // 15 planted entries beside the 20,000 generated: one late, two by staff.
    expect(v.entries).toBe(20_015);
    expect(v.invalidBy).toMatchObject({ outside_period: 1, excluded: 2, fraud: 0 });
    expect(v.invalidBy.over_limit).toBeGreaterThan(0);
    expect(v.unmatchedExclusions).toEqual(['j.pratt@aceshoes.example']);
    const [plain] = await db.rows<{ n: unknown }>(
      `SELECT count(*) AS n FROM entries WHERE entered_at >= DATE '2026-06-01' OR email IN ('m.ortiz@aceshoes.example', 'd.chen@aceshoes.example')`,
    );
    expect(Number(plain!.n)).toBe(3);
  });

  it('flags the planted rings and nobody among the generated people', async () => {
    const l = await listFraud(s.requireDb(), fraudListInput.parse({ status: 'all', limit: 100 }));
    expect(l.byFlag).toEqual({
      disposable_email: 5,
      patterned_addresses: 5,
      mailbox_variants: 3,
      shared_phone: 1,
      burst: 1,
      zip_state_mismatch: 0,
    });
    expect(l.total).toBe(9);
    // Every flagged person entered only planted entries (ids F…).
    const [mixed] = await s.requireDb().rows<{ n: unknown }>(
      `SELECT count(*) AS n FROM entries e JOIN entry_facts_t f ON f.entry_key = ace_row_key(e.import_id, e.line)
       WHERE 'P' || lpad(to_hex(f.entrant), 16, '0') IN (${l.people.map((p) => `'${p.entrantId}'`).join(', ')}) AND NOT starts_with(e.entry_id, 'F')`,
    );
    expect(Number(mixed!.n)).toBe(0);
  });

  it('warns that New York needs registration and a bond for prizes over $5,000', async () => {
    const c = await compliance(s.requireDb());
    expect(c.totalArv).toBe(7750);
    expect(c.notes.map((n) => n.id)).toContain('ny-registration');
  });
});
