import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateFormsSql } from '../../../src-main/core/import/dates';
import { IMPORT_MACROS } from '../../../src-main/core/import/macros';

/**
 * The import reads the common shapes of phone numbers, zip codes and keywords without a regex (#20: the
 * import within 2x of raw DuckDB). Those fast paths must give exactly the answers of the general rules
 * they stand in front of, for every value: here over every cell of every fixture file (real exports, the
 * DuckDB CSV corpus, csv-spectrum) and 200,000 made-up values built from the characters that matter.
 */
const FIXTURES = fileURLToPath(new URL('../../fixtures', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(csv|tsv|txt)$/i.test(name) ? [p] : [];
  });
}

/** Cells, roughly: every line cut at the usual delimiters, with and without the quotes. */
function fixtureValues(): string[] {
  const out = new Set<string>();
  for (const f of files(FIXTURES)) {
    const text = readFileSync(f, 'utf8').slice(0, 200_000);
    for (const line of text.split(/\r?\n/)) {
      for (const cell of line.split(/[,;\t|]/)) {
        out.add(cell);
        out.add(cell.replace(/^"|"$/g, ''));
      }
    }
  }
  return [...out];
}

/** Seeded made-up values: the shapes the fast paths take (phones, zips, e-mails, slashed dates), each also with
 * one character changed, and strings of digits, separators, signs, letters, ticks and odd spaces. */
function madeUpValues(n: number): string[] {
  const chars = [
    '0',
    '1',
    '2',
    '5',
    '9',
    ' ',
    '(',
    ')',
    '-',
    '.',
    '+',
    "'",
    '@',
    '/',
    ':',
    '\t',
    '\n',
    '\v',
    '\f',
    '\r',
    'a',
    'X',
    'é',
    '\u00a0',
    '٣',
  ];
  const shapes = [
    'dddddddddd',
    '1dddddddddd',
    '+ddddddddddd',
    '+dddddd',
    'ddd-ddd-dddd',
    '(ddd) ddd-dddd',
    'ddddd',
    'dddd',
    'ddddd-dddd',
    'dd/dd/dddd dd:dd:dd',
    'd/d/dddd d:dd:dd',
    'dd/dd/dddd dd:dd',
    'name.d@example.com',
    'First.Last@Example.COM',
    'Name.d@example.com',
    'wgn',
    'SHOESd',
    'd',
  ];
  let seed = 20;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = '';
    if (i % 2 === 0) {
      // A shape with random digits (two-digit fields sometimes out of range), one character in four changed.
      s = pick(shapes).replace(/d/g, () => String(Math.floor(next() * 10)));
      if (next() < 0.25) {
        const at = Math.floor(next() * (s.length + 1));
        s = s.slice(0, at) + pick(chars) + s.slice(at + (next() < 0.5 ? 1 : 0));
      }
    } else {
      const len = Math.floor(next() * 16);
      for (let j = 0; j < len; j++) s += next() < 0.6 ? String(Math.floor(next() * 10)) : pick(chars);
    }
    out.push(s);
  }
  return out;
}

/** Yes/no words as exports write them, and look-alikes lower() leaves alone (the long s, the Kelvin sign). */
const YES_NO = ['Yes', 'nO', 'TRUE', 'Opted-In', 'never_subscribed', 'ſubscribed', 'unſubscribed', 'oK', '\u212Aeep', ' yes', 'Y '];

let c: DuckDBConnection;
let values = 0;
beforeAll(async () => {
  const db = await DuckDBInstance.create(':memory:');
  c = await db.connect();
  for (const m of IMPORT_MACROS) await c.run(m);
  const all = [
    ...fixtureValues(),
    ...madeUpValues(200_000),
    '',
    ' ',
    '5551234567',
    '15551234567',
    '(555) 123-4567',
    '02134',
    '2134',
    ...YES_NO,
  ];
  values = all.length;
  await c.run(`CREATE TABLE v AS SELECT unnest($1::JSON::VARCHAR[]) AS s UNION ALL SELECT NULL`, [JSON.stringify(all)]);
});
afterAll(() => c.closeSync());

/** Values where the fast macro and the general one disagree (NULLs compared as values), and how many took the fast path. */
async function disagreements(fast: string, general: string, fastWhen: string): Promise<{ differ: string[]; fast: number }> {
  const differ = await c.runAndReadAll(`SELECT s FROM v WHERE (${fast}) IS DISTINCT FROM (${general}) LIMIT 5`);
  const taken = await c.runAndReadAll(`SELECT count(*) FILTER (WHERE ${fastWhen})::INTEGER FROM v`);
  return { differ: differ.getRows().map((r) => JSON.stringify(r[0])), fast: Number(taken.getRows()[0]![0]) };
}

describe('the import’s fast paths give the general rules’ answers', () => {
  it('has a varied set of values to compare', () => {
    expect(values).toBeGreaterThan(200_000);
  });

  // [fast macro, its general rule, how many values must take the fast path (so the comparison covers it)]
  const CASES: [string, string, string, number][] = [
    [
      'ace_phone(s)',
      'ace_phone_any(s)',
      `regexp_full_match(s, '\\+?[0-9]{8,15}|[0-9]{3}-[0-9]{3}-[0-9]{4}|\\([0-9]{3}\\) [0-9]{3}-[0-9]{4}')`,
      15_000,
    ],
    ['ace_zip(s)', 'ace_zip_any(s)', `regexp_full_match(s, '[0-9]{5}')`, 5_000],
    ['ace_zip_repaired(s)', 'ace_zip_repaired_any(s)', `regexp_full_match(s, '[0-9]{5}')`, 5_000],
    ['ace_keyword(s)', 'ace_keyword_any(s)', `regexp_full_match(s, '[0-9A-Za-z]+')`, 20_000],
    ['ace_email(s)', 'ace_email_any(s)', `regexp_full_match(s, '[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z0-9-]{2,}')`, 2_000],
    ['ace_bool(s)', 'ace_bool_any(s)', `lower(s) IN ('y', 'n', 'yes', 'no', 'true', 'false', '1', '0')`, 1_000],
    ['ace_num_blank(s)', 'ace_num_blank_any(s)', `regexp_full_match(s, '[0-9].*')`, 50_000],
    ["ace_ts_mdy(s, 'America/Chicago')", "ace_ts_mdy_any(s, 'America/Chicago')", `regexp_full_match(s, '[0-9/]+ [0-9:]+')`, 5_000],
    ["ace_ts_dmy(s, 'Europe/London')", "ace_ts_dmy_any(s, 'Europe/London')", `regexp_full_match(s, '[0-9/]+ [0-9:]+')`, 5_000],
  ];
  for (const [fast, general, fastWhen, atLeast] of CASES) {
    it(fast, async () => {
      const d = await disagreements(fast, general, fastWhen);
      expect(d.differ).toEqual([]);
      expect(d.fast).toBeGreaterThan(atLeast);
    });
  }
});

describe('the date order’s look at the values', () => {
  it('grouped by their starts, gives what every trimmed value gives', async () => {
    // The rule as it was written for every value: trimmed, then the two regexes on the whole value.
    const perValue = `SELECT count(*) FILTER (WHERE m.a <> '')::BIGINT AS s0, max(try_cast(m.a AS INTEGER)) AS a0,
      max(try_cast(m.b AS INTEGER)) AS b0, count(*) FILTER (WHERE regexp_matches(t, '^[0-9]{4}[-/]'))::BIGINT AS i0
      FROM (SELECT t, regexp_extract(t, '^([0-9]{1,2})/([0-9]{1,2})/', ['a', 'b']) AS m FROM (SELECT trim(s) AS t FROM v))`;
    const rows = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJson().map((r) => JSON.stringify(r));
    const grouped = `SELECT s0::BIGINT AS s0, a0, b0, i0::BIGINT AS i0 FROM (${dateFormsSql(['s'], 'v')})`;
    const expected = await rows(perValue);
    expect(await rows(grouped)).toEqual(expected);
    // Slashed starts and ISO ones were both among the values (the comparison covers both rules).
    const [r] = (await c.runAndReadAll(perValue)).getRowObjectsJson();
    expect(Number(r!.s0)).toBeGreaterThan(10_000);
    expect(Number(r!.i0)).toBeGreaterThan(10);
    // And on values with leading and trailing spaces of every kind around dates whose parts go past 12.
    await c.run(`CREATE OR REPLACE TEMP VIEW v2 AS SELECT p || d || q AS s FROM
      (VALUES (''), (' '), ('  '), ('\t'), (chr(11)), (chr(12)), (chr(160))) a(p),
      (VALUES ('13/2/2026'), ('2/13/2026 10:00'), ('2026-03-01'), ('2026/3/1'), ('1/1/'), ('12/31/99'), ('7/04'), (''), (NULL)) b(d),
      (VALUES (''), (' '), ('\t')) c(q)`);
    const onV2 = (sql: string) => rows(sql.replaceAll('FROM v)', 'FROM v2)').replace(/FROM v$/, 'FROM v2'));
    expect(await onV2(`SELECT s0::BIGINT AS s0, a0, b0, i0::BIGINT AS i0 FROM (${dateFormsSql(['s'], 'v2')})`)).toEqual(
      await onV2(perValue),
    );
  });
});
