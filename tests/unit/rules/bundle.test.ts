import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrawBundle } from '../../../src-main/contract/draw';
import { officialRules } from '../../../src-main/contract/rules';
import { drawBundle } from '../../../src-main/core/draw/bundle';
import { commitSeed } from '../../../src-main/core/draw/commit';
import { runDraw } from '../../../src-main/core/draw/draw';
import { saveRules } from '../../../src-main/core/rules/store';
import type { Session } from '../../../src-main/core/session';
import { csv, emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';
import { selfContainedScript } from '../../../src-renderer/features/draw/bundleFile';

const dir = tempDir();
let n = 0;

/** Writes the bundle and its script to a folder of their own and runs the script there, in a fresh Node. */
function verifyOutside(b: DrawBundle): { code: number | null; out: string } {
  const where = join(dir, `bundle-${++n}`);
  mkdirSync(where);
  writeFileSync(join(where, 'bundle.json'), JSON.stringify(b, null, 2));
  writeFileSync(join(where, 'verify.mjs'), b.script);
  const r = spawnSync(process.execPath, ['verify.mjs', 'bundle.json'], { cwd: where, encoding: 'utf8', env: {} });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('a verification bundle re-runs a draw outside the app', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
    // 30 people; the first ten entered three times each.
    const rows = Array.from({ length: 30 }, (_, i) => [`E${i}`, '2026-03-01 09:00', `p${i}@example.com`]);
    const more = Array.from({ length: 20 }, (_, i) => [`F${i}`, `2026-03-0${2 + (i % 2)} 09:00`, `p${i % 10}@example.com`]);
    await imp(s, file(dir, 'entries.csv', csv([['entry_id', 'entered_at', 'email'], ...rows, ...more])), 'entries');
  });
  afterAll(() => s.close());

  it('a draw by person with no rules: the script gives the recorded winners; a changed pool or seed is caught', async () => {
    const d = await runDraw(s.requireDb(), { tier: 'First', count: 3, alternates: 2, seed: 'open-seed' });
    const b = await drawBundle(s.requireDb(), d.drawId);
    expect(b).toMatchObject({ draw: { odds: 'person' }, rules: null, reproduced: true, pool: { matchesRecord: true } });
    expect(b.pool.ids).toHaveLength(30);
    expect(b.winners).toHaveLength(5);
    // Nothing in the bundle names anyone.
    expect(JSON.stringify(b)).not.toMatch(/@example\.com|P[0-9A-F]{16}/);
    const ok = verifyOutside(b);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain(`Verified: draw ${d.drawId}`);
    const swapped = verifyOutside({ ...b, pool: { ...b.pool, ids: [...b.pool.ids].reverse() } });
    expect(swapped.code).toBe(1);
    expect(swapped.out).toContain('the pool is not the one whose fingerprint was recorded');
    expect(verifyOutside({ ...b, seed: 'other-seed' }).code).toBe(1);
  });

  it('a draw by valid entry with a committed seed: the script checks the commitment and the weighted draw', async () => {
    await saveRules(s.requireDb(), officialRules.parse({ excluded: ['p29@example.com'], odds: 'entry' }));
    const c = await commitSeed(s.requireDb());
    const d = await runDraw(s.requireDb(), { tier: 'Grand', count: 4, alternates: 3, commitment: c.commitmentId });
    const b = await drawBundle(s.requireDb(), d.drawId);
    // 29 people (p29 excluded, earlier winners out) by their valid entries: the first ten have three each.
    expect(b).toMatchObject({ draw: { odds: 'entry' }, rules: { version: 1, excludedCount: 1, odds: 'entry' }, reproduced: true });
    expect(b.rules).not.toHaveProperty('excluded');
    expect(b.commitment).toEqual({ seedHash: c.seedHash, committedAt: c.committedAt });
    const ok = verifyOutside(b);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/valid entries gives/);
    const forged = verifyOutside({ ...b, seed: 'chosen-after' });
    expect(forged.code).toBe(1);
    expect(forged.out).toContain('the seed does not hash to the commitment');
  });
});

describe('the one-file copy the Winner draw screen downloads', () => {
  it('verify.mjs with its bundle inside re-runs the draw with no other file', async () => {
    const s = await emptySession(dir);
    try {
      await imp(
        s,
        file(
          dir,
          'few.csv',
          csv([
            ['entry_id', 'entered_at', 'email'],
            ...Array.from({ length: 8 }, (_, i) => [`E${i}`, '2026-03-01 09:00', `q${i}@example.com`]),
          ]),
        ),
        'entries',
      );
      const d = await runDraw(s.requireDb(), { tier: 'Only', count: 2, seed: 'one-file' });
      const b = await drawBundle(s.requireDb(), d.drawId);
      const where = join(dir, 'one-file');
      mkdirSync(where);
      writeFileSync(join(where, 'verify-draw.mjs'), selfContainedScript(b));
      const r = spawnSync(process.execPath, ['verify-draw.mjs'], { cwd: where, encoding: 'utf8', env: {} });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain(`Verified: draw ${d.drawId}`);
    } finally {
      await s.close();
    }
  });
});
