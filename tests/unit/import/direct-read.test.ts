import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../src-main/core/session';
import { emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';
import { onEveryCore } from '../helpers/threads';

onEveryCore();

/**
 * A plain file is parsed straight from the file (import/direct.ts; here at any size: `directFromBytes: 0`); a file
 * that is not plain is found so on the way and read the staged way. Both give every row the line it has in the file: here each entry's id is its line,
 * and every 997th has a date that cannot be read (rejected at its line). The file is 9 MB, so DuckDB reads it in
 * parallel: the parse must keep the file's order.
 */
const dir = tempDir('ace-direct-');
let s: Session;
beforeAll(async () => {
  s = await emptySession(dir);
});
afterAll(() => s.close());

const ROWS = 200_000;
const bad = (line: number) => line % 997 === 0;
const DIRECT = { directFromBytes: 0 };

/**
 * The data lines of a file whose ids start with `p` (each file its own, so none repeats another's); `extra` adds a
 * quoted line break in the note of line `at`.
 */
function lines(p: string, extra?: { at: number }): string[] {
  const out = ['entry_id,entered_at,email,note'];
  for (let line = 2, i = 0; i < ROWS; i++, line++) {
    const at = bad(line) ? 'soon' : `2026-03-0${1 + (i % 9)} 10:${String(i % 60).padStart(2, '0')}`;
    if (extra?.at === line) {
      out.push(`${p}${line},${at},p${i}@example.com,"two`, 'lines"');
      line++;
    } else out.push(`${p}${line},${at},p${i}@example.com,n${i % 7}`);
  }
  return out;
}

/** Each entry's line is the one its id names; the rejects are the lines with a bad date, each with its reason. */
async function expectLines(importId: number, rejected: number[]) {
  const db = s.requireDb();
  const [e] = await db.rows<{ n: string; wrong: string }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE line <> substr(entry_id, 2)::BIGINT) AS wrong FROM entries WHERE import_id = ?`,
    [importId],
  );
  expect(Number(e!.wrong)).toBe(0);
  const r = await db.rows<{ line: string; reason: string }>(`SELECT line, reason FROM rejects WHERE import_id = ? ORDER BY line`, [
    importId,
  ]);
  expect(r.map((x) => Number(x.line))).toEqual(rejected);
  expect(r.every((x) => x.reason === 'Cannot read entered_at "soon" as a date and time.')).toBe(true);
  return Number(e!.n);
}

describe('a plain file read straight from the file, and one that is not', () => {
  it('plain: every row at its line, every reject at its line, as many rows as the file holds', async () => {
    const text = lines('a');
    const rejected = text.map((_, i) => i + 1).filter((line) => line > 1 && bad(line));
    const r = await imp(s, file(dir, 'plain.csv', text.join('\n') + '\n'), 'entries', DIRECT);
    expect(r.rowsRead).toBe(ROWS);
    expect(r.rowsRejected).toBe(rejected.length);
    expect(await expectLines(r.importId!, rejected)).toBe(ROWS - rejected.length);
  });

  it('a record spanning two lines: read the staged way, the lines after it one further on', async () => {
    const text = lines('b', { at: 150_001 });
    // Lines are counted in the file: the record on line 150,001 ends on the next, so every later id is one more.
    const rejected = text.map((_, i) => i + 1).filter((line) => line > 1 && bad(line) && text[line - 1]!.includes(',soon,'));
    const r = await imp(s, file(dir, 'spanning.csv', text.join('\n') + '\n'), 'entries', DIRECT);
    expect(r.rowsRead).toBe(ROWS);
    expect(await expectLines(r.importId!, rejected)).toBe(ROWS - rejected.length);
  });

  it('a byte that is not UTF-8 in a column the decisions do not read: the file is read again, as Windows-1252', async () => {
    const text = lines('c');
    const head = Buffer.from(text.slice(0, 100_000).join('\n') + '\n');
    const tail = Buffer.from('\n' + text.slice(100_001).join('\n') + '\n');
    // Line 100,001's note is "café" in Windows-1252 (0xE9): not UTF-8.
    const odd = Buffer.concat([Buffer.from(text[100_000]!.replace(/n\d$/, 'caf')), Buffer.from([0xe9])]);
    const r = await imp(s, file(dir, 'cp1252.csv', Buffer.concat([head, odd, tail])), 'entries', DIRECT);
    expect(r.rowsRead).toBe(ROWS);
    expect(r.source).toMatchObject({ encoding: 'windows-1252', encodingNote: expect.stringMatching(/not valid UTF-8 past its start/) });
    const [note] = await s.requireDb().rows<{ note: string }>(`SELECT attrs->>'note' AS note FROM entries WHERE entry_id = 'c100001'`);
    expect(note!.note).toBe('café');
  });

  it('a summary row at the end: found by the first read, skipped and counted', async () => {
    const text = [...lines('d').slice(0, 5001), 'Total,5000,,'];
    const r = await imp(s, file(dir, 'total.csv', text.join('\n') + '\n'), 'entries', DIRECT);
    expect(r.skipped.summary).toBe(1);
    expect(r.rowsRead).toBe(5000);
  });
});
