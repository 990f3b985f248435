import { join } from 'node:path';
import zipcodes from 'zipcodes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeRows } from '../../src-main/core/lib/code-rows';
import { ensurePeople } from '../../src-main/core/derived/people';
import { Session } from '../../src-main/core/session';
import { tempDir } from './helpers/tmp';
import { builtWorkerUrl } from './helpers/worker';

/** Reference rows made by code go into a table exactly as they are: text, empty text, NULLs and doubles. */
const dir = tempDir('ace-code-rows-');
let s: Session;
beforeAll(async () => {
  s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
  await s.open(join(dir, 'c.duckdb'), { create: true });
});
afterAll(() => s.close());

async function roundTrip(rows: { t: string | null; x: number | null }[]): Promise<{ t: string | null; x: number | null }[]> {
  const db = s.requireDb();
  const q = codeRows({ t: 'VARCHAR', x: 'DOUBLE' }, rows);
  await db.write(async (w) => {
    await w.run(`CREATE OR REPLACE TABLE code_rows_t (i INTEGER, t VARCHAR, x DOUBLE)`);
    await w.run(`INSERT INTO code_rows_t SELECT row_number() OVER () AS i, * FROM (${q.sql})`, q.params);
  });
  return (await db.rows<{ t: string | null; x: number | null }>(`SELECT t, x FROM code_rows_t ORDER BY i`)).map((r) => ({
    t: r.t,
    x: r.x === null ? null : Number(r.x),
  }));
}

describe('rows made by code', () => {
  it('keep every value: commas, quotes, line breaks, other scripts, empty text, NULLs, and each double bit for bit', async () => {
    const rows = [
      { t: 'Chicago, IL', x: 41.8857 },
      { t: 'say "hi"\nthen go', x: -87.6181 },
      { t: 'Zoë – São Paulo 東京', x: 0.1 + 0.2 },
      { t: '', x: 5e-324 },
      { t: null, x: 1.7976931348623157e308 },
      { t: '0123', x: null },
      { t: 'NULL', x: -0.000001234 },
    ];
    expect(await roundTrip(rows)).toEqual(rows);
  });

  it('a column without NULLs and one row, and no rows at all', async () => {
    expect(await roundTrip([{ t: 'only', x: 1 }])).toEqual([{ t: 'only', x: 1 }]);
    expect(await roundTrip([])).toEqual([]);
  });

  it('refuse a value holding the separator, or a number that is not finite, before any SQL runs', () => {
    expect(() => codeRows({ t: 'VARCHAR' }, [{ t: 'a\x1eb' }])).toThrow(/separator/);
    expect(() => codeRows({ t: 'VARCHAR' }, [{ t: 'a\x1fb' }])).toThrow(/separator/);
    expect(() => codeRows({ x: 'DOUBLE' }, [{ x: Number.NaN }])).toThrow(/not a finite number/);
    expect(() => codeRows({ 'x; DROP': 'DOUBLE' } as Record<string, 'DOUBLE'>, [{ 'x; DROP': 1 }])).toThrow(/Bad code row columns/);
  });

  it("the workspace's zip centres are the package's, every one to the last bit", async () => {
    await ensurePeople(s.requireDb());
    const got = await s.requireDb().rows<{ zip: string; lat: number; lon: number }>(`SELECT zip, lat, lon FROM zip_centroids`);
    const want = Object.values(
      (zipcodes as unknown as { codes: Record<string, { zip: string; latitude: number; longitude: number; country: string }> }).codes,
    ).filter((c) => c.country === 'US' && /^\d{5}$/.test(c.zip) && Number.isFinite(c.latitude) && Number.isFinite(c.longitude));
    expect(got.length).toBe(want.length);
    const byZip = new Map(got.map((r) => [r.zip, r]));
    const wrong = want.filter((c) => byZip.get(c.zip)?.lat !== c.latitude || byZip.get(c.zip)?.lon !== c.longitude);
    expect(wrong).toEqual([]);
  });
});
