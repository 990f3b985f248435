import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_MACROS, STRPTIME_FORMATS, tryStrptimeSql } from '../../../src-main/core/import/macros';

/**
 * DuckDB's try_strptime reads past a value that ends where its format expects a literal (05/28/2026 11:35 against
 * %m/%d/%Y %H:%M:%S), which killed the process now and then, and past a value of nothing but spaces. The import
 * macros give it every value with a space after it, and only a value with something else in it (macros.ts,
 * tryStrptimeSql). These tests hold what that rests on: every call is made so, every format is one the space
 * protects, and no reading changes.
 */
/** Each try_strptime( call in `sql`: its first argument as written, and the text before the call. */
function calls(sql: string): { arg: string; before: string }[] {
  const out: { arg: string; before: string }[] = [];
  for (let at = sql.indexOf('try_strptime('); at >= 0; at = sql.indexOf('try_strptime(', at + 1)) {
    let depth = 0;
    let quoted = false;
    const start = at + 'try_strptime('.length;
    for (let i = start; i < sql.length; i++) {
      const ch = sql[i];
      if (ch === "'") quoted = !quoted;
      if (quoted) continue;
      if (ch === '(' || ch === '[') depth++;
      if (ch === ')' || ch === ']') depth--;
      if (ch === ',' && depth === 0) {
        out.push({ arg: sql.slice(start, i).trim(), before: sql.slice(0, at) });
        break;
      }
    }
  }
  return out;
}

/** A format's literal runs: what lies between its specifiers (%d, %-m, %%...). */
const literals = (format: string) => format.split(/%-?[A-Za-z%]/).filter((l) => l !== '');

describe('try_strptime in the import macros', () => {
  it('is given every value with a space after it, and only a value with more than spaces in it', () => {
    const sql = IMPORT_MACROS.join('\n');
    const all = calls(sql);
    expect(all.length).toBe(7); // three in each order's rule (mdy, dmy), and RFC 2822's
    expect(sql.split('try_strptime(').length - 1).toBe(all.length);
    for (const { arg, before } of all) {
      expect(arg, arg).toMatch(/ \|\| ' '$/);
      // The whole of tryStrptimeSql on that value: its guard right before the call.
      const guard = tryStrptimeSql(arg.replace(/ \|\| ' '$/, ''), 'X').split('try_strptime(')[0]!;
      expect(before.endsWith(guard), arg).toBe(true);
    }
  });

  it('only takes formats whose literals never have a character after a space (where the space would not be enough)', () => {
    expect(STRPTIME_FORMATS.length).toBeGreaterThan(10);
    for (const f of STRPTIME_FORMATS) for (const l of literals(f)) expect(l, `${f}: "${l}"`).not.toMatch(/\s\S/);
    // The check itself sees what it is for.
    expect(literals('%d - %m').some((l) => /\s\S/.test(l))).toBe(true);
  });
});

describe('tryStrptimeSql', () => {
  let c: DuckDBConnection;
  beforeAll(async () => {
    const db = await DuckDBInstance.create(':memory:');
    c = await db.connect();
  });
  afterAll(() => c.closeSync());

  const when = [`TIMESTAMP '2026-03-01 10:05:09'`, `TIMESTAMP '2026-12-31 23:59:59'`, `TIMESTAMP '2026-01-09 00:00:00'`];
  /** Values of nothing but the spaces DuckDB skips (a tab, a line feed, a form feed...), short and long. */
  const blanks = ['', ' ', ' '.repeat(13), '\f'.repeat(13), '\t \r\n\v', `${' '.repeat(12)}\t`];

  /** For every format, each of `when` written in it, bare and with spaces or a tab around it (the plain parse of a
   * whole match reads no further than the value, so it is the reference), and that text cut just before each of its
   * literals (what ends early). */
  async function cases(f: string) {
    const q = `SELECT w, strftime(w, '${f}') AS full FROM (VALUES ${when.map((w) => `(${w})`).join(', ')}) v(w)`;
    const rows = (await c.runAndReadAll(q)).getRowObjectsJS() as { full: string }[];
    return rows.flatMap(({ full }) => {
      const cuts = [...full.matchAll(/[^0-9A-Za-z+-]/g)].map((m) => full.slice(0, m.index));
      return [
        { v: full, whole: true },
        { v: ` ${full}  `, whole: true },
        { v: `\t${full}\t`, whole: true },
        ...cuts.filter((cut) => cut !== '').map((cut) => ({ v: cut, whole: false })),
      ];
    });
  }

  it.each(STRPTIME_FORMATS)('reads %s as the plain parse does, and a value cut before a literal or blank not at all', async (f) => {
    const all = [...(await cases(f)), ...blanks.map((v) => ({ v, whole: false }))];
    expect(all.filter((x) => !x.whole).length).toBeGreaterThan(2 + blanks.length);
    for (const { v, whole } of all) {
      const lit = `'${v.replace(/'/g, "''")}'`;
      const row = (
        await c.runAndReadAll(
          `SELECT (${tryStrptimeSql(lit, `'${f}'`)})::VARCHAR AS guarded, ${whole ? `try_strptime(${lit}, '${f}')::VARCHAR` : 'NULL'} AS plain`,
        )
      ).getRowObjectsJS()[0] as { guarded: string | null; plain: string | null };
      if (whole) {
        expect(row.plain, JSON.stringify(v)).not.toBeNull();
        expect(row.guarded, JSON.stringify(v)).toBe(row.plain);
      } else expect(row.guarded, JSON.stringify(v)).toBeNull();
    }
  });

  it('takes a list of formats as the macros give it, and NULL as NULL', async () => {
    const list = `[${STRPTIME_FORMATS.slice(0, 7)
      .map((f) => `'${f}'`)
      .join(', ')}]`;
    const row = (
      await c.runAndReadAll(
        `SELECT (${tryStrptimeSql(`'3/1/2026 10:00 AM'`, list)})::VARCHAR AS a, (${tryStrptimeSql('NULL::VARCHAR', list)})::VARCHAR AS b`,
      )
    ).getRowObjectsJS()[0];
    expect(row).toEqual({ a: '2026-03-01 10:00:00', b: null });
  });
});
