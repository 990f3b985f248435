import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetKind } from '../../../src-main/contract/types';
import { KINDS, type ColumnType } from '../../../src-main/core/import/kinds';
import { FALSE_WORDS, IMPORT_MACROS, TRUE_WORDS } from '../../../src-main/core/import/macros';
import { EMPTY_NUMBER_WORDS } from '../../../src-main/core/import/numbers';
import { transformSql } from '../../../src-main/core/import/transform';

/**
 * A row's reject reason is worked out with a shortcut in front (the values it read show that no reason applies)
 * and the yes/no and empty-number words are looked up with list_contains, not IN. Both only make the import
 * faster: here every kind's reasons with the shortcut are held to the plain reasons, row by row, over values
 * made to sit on the edges (blank words, the no-break space, tabs, unreadable dates and amounts), and the
 * macros to the IN lists they replace.
 */
const BLANKISH = ['', ' ', '\u00a0', '\t', ' \u00a0 ', ...EMPTY_NUMBER_WORDS, 'N/A', 'NULL', ' -- '];
const GOOD: Record<ColumnType, string[]> = {
  text: ['Ann', 'x', ' padded '],
  id: ['E1', 'MB7', ' S-9 '],
  keyword: ['WGN', ' shoes5 ', 'a b'],
  email: ['ann@example.com', ' Ann@Example.COM ', 'a.b+c@x.co'],
  phone: ['555-123-4567', '+15551234567', '(555) 123-4567', '15551234567'],
  zip: ['02134', '2134', '02134-1234', 'K1A 0B1'],
  money: ['$1.00', '1,234.50', '-2.00', '(3.50)', '€4.00', '12'],
  count: ['12', '1,234', '7.0'],
  age: ['34', '120', '0'],
  bool: ['Yes', 'n', 'TRUE', 'opted out'],
  date: ['05/28/2026', '2026-05-28', '28 May 2026'],
  timestamp: ['05/28/2026 11:35:22', '2026-03-20T12:00:00Z', '2026-03-20 12:00:00 -0400', '1710000000', '5/2/26 9:05'],
  lower: ['SMS', 'Text', 'email', 'web', 'all', 'fax'],
  currency: ['USD', 'usd', 'EUR'],
  latlon: ['42.36', '-71.06', '200', '1,5'],
  event: ['delivered', 'Bounce', 'open', 'clicked', 'nonsense'],
};
const BAD = ['abc', '13/45/2026', '@', '12', '1.2.3', 'yes please', '٣', '1e400', '2026-02-30'];

let c: DuckDBConnection;
beforeAll(async () => {
  c = await (await DuckDBInstance.create(':memory:')).connect();
  for (const m of IMPORT_MACROS) await c.run(m);
});
afterAll(() => c.closeSync());

/** A staged table of `rows` rows for `kind`: every column mapped, values good (half), blank-ish or bad, seeded. */
async function stage(kind: DatasetKind, rows: number): Promise<{ headers: string[]; refs: string[] }> {
  const cols = KINDS[kind].columns;
  let seed = cols.length * 7919;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
  const data = Array.from({ length: rows }, () =>
    cols.map((col) => {
      const r = next();
      return r < 0.04 ? null : r < 0.6 ? pick(GOOD[col.type]) : r < 0.85 ? pick(BLANKISH) : pick(BAD);
    }),
  );
  const refs = cols.map((_, i) => `c${i}`);
  await c.run(`DROP TABLE IF EXISTS ace_stage`);
  await c.run(
    `CREATE TABLE ace_stage AS SELECT ${refs.map((r, i) => `v[${i + 1}] AS ${r}`).join(', ')}, row_number() OVER () AS ace_line
     FROM (SELECT unnest($1::JSON::VARCHAR[][]) AS v)`,
    [JSON.stringify(data)],
  );
  return { headers: cols.map((col) => col.name), refs };
}

const KINDS_TESTED = Object.keys(KINDS) as DatasetKind[];

describe('the reject reasons’ shortcut gives the plain reasons', () => {
  for (const kind of KINDS_TESTED) {
    it(kind, async () => {
      const { headers, refs } = await stage(kind, 4000);
      const input = {
        kind,
        headers,
        refs,
        mapping: Object.fromEntries(headers.map((h) => [h, h])),
        dateOrder: 'MDY' as const,
        decimal: '.' as const,
        timezone: 'America/New_York',
        currency: 'USD',
      };
      const quick = transformSql(input);
      const plain = transformSql({ ...input, plainReasons: true });
      const run = async (t: { sql: string; params: unknown[] }) =>
        (await c.runAndReadAll(`SELECT ace_line, ace_reason FROM (${t.sql}) ORDER BY ace_line`, t.params as never)).getRowObjectsJson();
      const [a, b] = [await run(quick), await run(plain)];
      expect(a).toEqual(b);
      // The kinds whose reasons all have a shortcut use it; the rest (they have reasons of their own) do not.
      const short = ['entries', 'contacts', 'stores', 'media_buys', 'replies'].includes(kind);
      expect(quick.sql !== plain.sql).toBe(short);
      // Where it is used, rows of both kinds are there, so the comparison means something.
      const rejected = b.filter((r) => r.ace_reason !== null).length;
      expect(rejected).toBeGreaterThan(100);
      if (short) expect(b.length - rejected).toBeGreaterThan(100);
    });
  }
});

describe('list_contains in the import macros answers as the IN lists did', () => {
  it('yes/no words and empty-number words, over the same edge values', async () => {
    const values = [...new Set([...BLANKISH, ...BAD, ...Object.values(GOOD).flat(), ...TRUE_WORDS, ...FALSE_WORDS])];
    const variants = values.flatMap((v) => [v, v.toUpperCase(), ` ${v} `, `${v}\u00a0`]);
    const q = (xs: string[]) => xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ');
    const r = await c.runAndReadAll(
      `SELECT s FROM (SELECT unnest($1::JSON::VARCHAR[]) AS s UNION ALL SELECT NULL)
       WHERE ace_bool_any(s) IS DISTINCT FROM (CASE WHEN lower(trim(s)) IN (${q(TRUE_WORDS)}) THEN true WHEN lower(trim(s)) IN (${q(FALSE_WORDS)}) THEN false END)
          OR ace_num_blank_any(s) IS DISTINCT FROM (CASE WHEN lower(trim(s)) IN (${q(EMPTY_NUMBER_WORDS)}) THEN NULL ELSE nullif(trim(s), '') END)`,
      [JSON.stringify(variants)],
    );
    expect(variants.length).toBeGreaterThan(300);
    expect(r.getRowObjectsJson()).toEqual([]);
  });
});
