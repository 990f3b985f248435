import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAceError } from '../../../src-main/core/lib/errors';
import { decode } from '../../../src-main/core/import/source';
import { readTable } from '../../../src-main/core/import/table';
import type { Session } from '../../../src-main/core/session';
import { emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
const corpus = fileURLToPath(new URL('../../fixtures/duckdb-csv', import.meta.url));
const RAW = /Database error|Invalid Input Error|Binder Error|Parser Error|Conversion Error|IO Error|INTERNAL/;

/** PapaParse's count of the data records after the header line the import found: the independent parse. */
function papaRows(path: string, head: Awaited<ReturnType<typeof readTable>>['head']): number {
  let buf = readFileSync(path);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  const d = head.dialect.format === 'csv' ? head.dialect : null;
  const text = decode(buf, d?.encoding ?? 'utf-8').replace(/\r\n?/g, '\n');
  const after = text.split('\n').slice(head.headerLine).join('\n');
  return Papa.parse<string[]>(after, { delimiter: d?.delimiter, escapeChar: d?.escape, skipEmptyLines: 'greedy' }).data.length;
}

describe('DuckDB’s CSV test files (MIT, tests/fixtures/duckdb-csv): read with the counts of an independent parse, or a clear error', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
  });
  afterAll(() => s.close());

  const files = readdirSync(corpus).filter((f) => /\.(csv|tsv|gz)$/.test(f));
  it(`covers ${files.length} files`, () => expect(files.length).toBeGreaterThan(150));

  it.each(files)('%s', async (name) => {
    const path = join(corpus, name);
    let read: Awaited<ReturnType<typeof readTable>>;
    try {
      read = await readTable(s.requireDb(), path);
    } catch (e) {
      // A file that cannot be a table gets one sentence that says what is wrong and what to do.
      expect(isAceError(e), String(e)).toBe(true);
      expect((e as Error).message).not.toMatch(RAW);
      expect((e as Error).message).toMatch(/\. |\.$/);
      return;
    }
    if (read.head.json) {
      // Read as JSON lines (a `.csv` of NDJSON among DuckDB's tests): one record per non-blank line, the bad ones rejected.
      const lines = readFileSync(path, 'utf8')
        .split(/\r?\n/)
        .filter((l) => l.trim() !== '');
      expect(read.rowsRead).toBe(lines.length);
      expect(read.structural).toBe(lines.filter((l) => !/^\s*\{.*\}\s*$/.test(l)).length);
      expect(read.rows.length).toBe(read.rowsRead - read.structural);
      return;
    }
    const papa = papaRows(path, read.head) - read.summary;
    if (read.rowsRead !== papa) {
      // DuckDB and PapaParse split a malformed record differently; the import says which records it could not read.
      expect(read.structural, `${read.rowsRead} read vs ${papa} by PapaParse, with no reject to explain it`).toBeGreaterThan(0);
    }
    expect(read.rows.length).toBe(read.rowsRead - read.structural);
  });
});

/**
 * The pollution types of the Pollock benchmark (Vitagliano et al., VLDB 2023), made from one clean file:
 * each polluted file must import the clean rows with the same values, and say what it left out.
 */
describe('Pollock pollutions of a clean export', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
  });
  afterAll(() => s.close());

  const header = ['entry_id', 'entered_at', 'email', 'first_name', 'note'];
  const clean = Array.from({ length: 12 }, (_, i) => [
    `p${i}`,
    `2026-03-${String(i + 1).padStart(2, '0')} 10:00`,
    `p${i}@example.com`,
    `Name ${i}`,
    i % 3 === 0 ? 'a "quoted", note' : 'plain',
  ]);
  const csv = (rows: string[][], opts: { delim?: string; eol?: string; escape?: '"' | '\\' } = {}) =>
    rows
      .map((r) =>
        r.map((v) => (/[",;\t|\n]/.test(v) ? `"${v.replace(/"/g, opts.escape === '\\' ? '\\"' : '""')}"` : v)).join(opts.delim ?? ','),
      )
      .join(opts.eol ?? '\n') + (opts.eol ?? '\n');
  let n = 0;
  /** Imports what `make` writes from the clean rows (with ids of their own), and checks every clean row came through as it was. */
  const expectClean = async (make: (c: string[][]) => string | Buffer, extra: { rejected?: number; lines?: number[] } = {}) => {
    const prefix = `q${++n}-`;
    const rows = clean.map((r) => [r[0]!.replace(/^p/, prefix), r[1]!, r[2]!.replace(/^p/, prefix), r[3]!, r[4]!]);
    const r = await imp(s, file(dir, `pollock-${n}.csv`, make(rows)), 'entries');
    expect(r.rowsImported, JSON.stringify(r.rejects)).toBe(clean.length);
    expect(r.rowsRejected).toBe(extra.rejected ?? 0);
    if (extra.lines) expect(r.rejects.map((j) => j.line)).toEqual(extra.lines);
    const got = await s
      .requireDb()
      .rows<{ entry_id: string; email: string; note: string }>(
        `SELECT entry_id, email, attrs->>'note' AS note FROM entries WHERE import_id = ? ORDER BY line`,
        [r.importId],
      );
    expect(got).toEqual(rows.map((c) => ({ entry_id: c[0], email: c[2], note: c[4] })));
    return r;
  };

  it('preamble: title and date-range lines above the header are skipped and counted', async () => {
    const r = await expectClean((c) => 'Entries report\n"March 1, 2026 - March 31, 2026"\n\n' + csv([header, ...c]));
    expect(r.skipped).toMatchObject({ aboveHeader: 3, titles: ['Entries report', 'March 1, 2026 - March 31, 2026'] });
  });

  it('footer: summary rows are skipped; a note line below the table is rejected with its line', async () => {
    const r = await expectClean((c) => csv([header, ...c]) + 'Total,12,,,\nGenerated by the export tool\n', { rejected: 1, lines: [15] });
    expect(r.skipped.summary).toBe(1);
  });

  it('changed delimiter (; | tab) and escape (backslash)', async () => {
    for (const delim of [';', '|', '\t']) await expectClean((c) => csv([header, ...c], { delim }));
    await expectClean((c) => csv([header, ...c], { escape: '\\' }));
  });

  it('extra separators at the end of every line but the header, and a missing separator in one row', async () => {
    await expectClean(
      (c) =>
        [
          header.join(','),
          ...csv(c)
            .trimEnd()
            .split('\n')
            .map((l) => `${l},`),
        ].join('\n') + '\n',
    );
    await expectClean((c) => csv([header, ...c.slice(0, 5)]) + 'px,2026-03-20 10:00,px@example.com,no note\n' + csv(c.slice(5)), {
      rejected: 1,
      lines: [7],
    });
  });

  it('empty lines, a blank first line and delimiter-only lines', async () => {
    const r = await expectClean((c) => {
      const text = csv([header, ...c]).split('\n');
      text.splice(4, 0, '', ',,,,');
      return '\n,,,,\n' + text.join('\n');
    });
    expect(r.skipped.aboveHeader).toBe(2);
    expect(r.skipped.blank).toBeGreaterThanOrEqual(2);
  });

  it('several empty lines in a row: every row after them keeps its line in the file', async () => {
    const r = await expectClean((c) => {
      const text = csv([header, ...c]).split('\n');
      text.splice(3, 0, '', '', '');
      return text.join('\n');
    });
    const got = await s.requireDb().rows<{ line: string }>(`SELECT line FROM entries WHERE import_id = ? ORDER BY line`, [r.importId]);
    // The header is line 1, two rows, three empty lines (4-6), then the rest from line 7.
    expect(got.map((g) => Number(g.line))).toEqual([2, 3, ...Array.from({ length: got.length - 2 }, (_, i) => i + 7)]);
  });

  it('mixed line ends (rows appended in another editor), an LF file ending in one CRLF blank line, and old-Mac CR', async () => {
    await expectClean((c) => csv([header, ...c.slice(0, 6)]) + csv(c.slice(6), { eol: '\r\n' }));
    await expectClean((c) => csv([header, ...c]) + '\r\n');
    await expectClean((c) => csv([header, ...c], { eol: '\r' }));
  });

  it('encodings: UTF-8 with a BOM, UTF-16 LE and BE with a BOM, Windows-1252, gzip', async () => {
    await expectClean((c) => '\uFEFF' + csv([header, ...c]));
    const le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const r16 = await expectClean((c) => le(csv([header, ...c])));
    expect(r16.source.encoding).toBe('utf-16le');
    const r16be = await expectClean((c) => le(csv([header, ...c])).swap16());
    expect(r16be.source.encoding).toBe('utf-16be');
    const cp = await expectClean((c) => Buffer.from(csv([header, ...c.map((r) => [...r.slice(0, 3), 'Zoë–€', r[4]!])]), 'latin1'));
    expect(cp.source.encoding).toBe('windows-1252');
    const gz = await expectClean((c) => gzipSync(csv([header, ...c])));
    expect(gz.source.gzip).toBe(true);
  });
});
