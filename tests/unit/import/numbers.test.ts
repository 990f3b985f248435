import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../../src-main/core/import/importer';
import type { Session } from '../../../src-main/core/session';
import { ace } from '../helpers/cli';
import { emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();

describe('numbers: the decimal mark is decided once per file, never guessed per row', () => {
  let s: Session;
  const amounts = (importId: number | null) =>
    s
      .requireDb()
      .rows<{ a: string | null; imp: string | null }>(
        `SELECT amount::VARCHAR AS a, impressions::VARCHAR AS imp FROM spend WHERE import_id = ? ORDER BY line`,
        [importId],
      );
  beforeAll(async () => {
    s = await emptySession(dir);
  });
  afterAll(() => s.close());

  it('a European ad export with every amount under 1,000: 12,50 is twelve fifty (not 1250), 10.000 impressions ten thousand', async () => {
    const r = await imp(
      s,
      file(
        dir,
        'eu.csv',
        'Datum;Keyword;Kosten;Impressionen\n2026-03-02;K1;12,50;10.000\n2026-03-03;K1;7,05;2.500\n2026-03-04;K1;--;n/a\n',
      ),
      'spend',
    );
    expect(r.numbers).toMatchObject({ decimal: ',' });
    expect(r.numbers.note).toMatch(/decimal comma/);
    expect(r.rejects).toEqual([{ line: 4, reason: 'Missing amount.' }]);
    expect(await amounts(r.importId)).toEqual([
      { a: '12.50', imp: '10000' },
      { a: '7.05', imp: '2500' },
    ]);
  });

  it('spaces, no-break and narrow no-break spaces and apostrophes as thousands separators', async () => {
    const r = await imp(
      s,
      file(
        dir,
        'fr.csv',
        'date;keyword;amount\n2026-03-02;K2;1 234,50\n2026-03-02;K2;1\u00a0234,50\n2026-03-02;K2;1\u202f234,50\n2026-03-02;K2;99,9\n',
      ),
      'spend',
    );
    expect((await amounts(r.importId)).map((x) => x.a)).toEqual(['1234.50', '1234.50', '1234.50', '99.90']);
    const ch = await imp(s, file(dir, 'ch.csv', "date,keyword,amount\n2026-03-02,K3,1'234.50\n2026-03-02,K3,0.5\n"), 'spend');
    expect((await amounts(ch.importId)).map((x) => x.a)).toEqual(['1234.50', '0.50']);
  });

  it('a file where every number reads both ways is asked about; the choice is then applied to every row', async () => {
    const path = file(dir, 'ambiguous.csv', 'date,keyword,amount\n2026-03-02,K4,"1,234"\n2026-03-03,K4,"2,500"\n');
    await expect(importFile(s.requireDb(), { path, kind: 'spend' })).rejects.toMatchObject({
      code: 'NEEDS_CHOICE',
      message: expect.stringMatching(/reads both ways .*"1,234".*--decimal/),
      details: { question: 'decimal', examples: ['1,234', '2,500'] },
    });
    expect(await s.requireDb().rows(`SELECT count(*)::INTEGER AS n FROM spend WHERE keyword = 'K4'`)).toEqual([{ n: 0 }]);
    const point = await imp(s, path, 'spend', { decimal: '.' });
    expect((await amounts(point.importId)).map((x) => x.a)).toEqual(['1234.00', '2500.00']);
    expect(point.numbers.note).toMatch(/as chosen/);
  });

  it('a file that writes numbers both ways is asked about; with a choice, the values that do not fit are rejected with the reason', async () => {
    const path = file(dir, 'both.csv', 'date,keyword,amount\n2026-03-02,K5,12.50\n2026-03-03,K5,"12,50"\n');
    await expect(importFile(s.requireDb(), { path, kind: 'spend' })).rejects.toMatchObject({
      code: 'NEEDS_CHOICE',
      message: expect.stringMatching(/both ways/),
    });
    const r = await imp(s, path, 'spend', { decimal: '.' });
    expect(r.rejects).toEqual([
      {
        line: 3,
        reason: 'Cannot read amount "12,50" as an amount of money (this file writes numbers with a decimal point, like 1,234.50).',
      },
    ]);
  });

  it('an amount written in another currency than the workspace’s is rejected with the reason (no silent FX)', async () => {
    const r = await imp(
      s,
      file(
        dir,
        'eur-values.csv',
        'date,keyword,amount\n2026-03-02,K6,$12.50\n2026-03-02,K6,€12.50\n2026-03-02,K6,12.50 GBP\n2026-03-02,K6,USD 3.00\n',
      ),
      'spend',
    );
    expect(r.rowsImported).toBe(2);
    expect(r.rejects.map((j) => j.reason)).toEqual([
      'amount "€12.50" is in EUR, the workspace is in USD; convert the amount before importing (no exchange rate is applied).',
      'amount "12.50 GBP" is in GBP, the workspace is in USD; convert the amount before importing (no exchange rate is applied).',
    ]);
  });

  it('the CLI says what to choose with --decimal, in one line, never a database error; and imports with it', async () => {
    const ws = join(dir, 'cli.duckdb');
    const path = file(dir, 'cli-ambiguous.csv', 'date,keyword,amount\n2026-03-02,K7,"1,234"\n');
    const asked = await ace(['import', path, '--kind', 'spend', '--workspace', ws]);
    expect(asked.code).toBe(1);
    expect(asked.stderr).toMatch(/^ace: .*--decimal \. or --decimal ,\.\n$/);
    expect(asked.stderr + asked.stdout).not.toMatch(/Database error|Invalid Input Error/);
    const done = await ace(['import', path, '--kind', 'spend', '--workspace', ws, '--decimal', ',', '--json']);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ rowsImported: 1, numbers: { decimal: ',' } });
  });
});

describe('Excel workbooks', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
  });
  afterAll(() => s.close());

  it('imports the first sheet (or a chosen one): a title row above the header skipped, dates and numbers as Excel holds them', async () => {
    const { default: writeXlsxFile } = await import('write-excel-file/node');
    const path = join(dir, 'book.xlsx');
    const sheet1 = [
      [{ value: 'Spend by day', type: String }],
      [
        { value: 'Date', type: String },
        { value: 'Keyword', type: String },
        { value: 'Cost', type: String },
      ],
      [
        { value: new Date(Date.UTC(2026, 2, 2)), type: Date, format: 'yyyy-mm-dd' },
        { value: 'X1', type: String },
        { value: 1234.5, type: Number },
      ],
      [
        { value: new Date(Date.UTC(2026, 2, 3)), type: Date, format: 'mm/dd/yyyy' },
        { value: 'X1', type: String },
        { value: 0.1, type: Number },
      ],
    ];
    const sheet2 = [
      [
        { value: 'entry_id', type: String },
        { value: 'entered_at', type: String },
        { value: 'email', type: String },
      ],
      [
        { value: 'x1', type: String },
        { value: '2026-03-02 10:00', type: String },
        { value: 'x@example.com', type: String },
      ],
    ];
    writeFileSync(
      path,
      await writeXlsxFile([
        { data: sheet1, sheet: 'Spend' },
        { data: sheet2, sheet: 'Entries' },
      ] as never).toBuffer(),
    );
    const r = await imp(s, path, 'spend');
    expect(r.source).toMatchObject({ format: 'xlsx', sheet: 'Spend', headerLine: 2 });
    expect(r.skipped.aboveHeader).toBe(1);
    expect(
      await s
        .requireDb()
        .rows(`SELECT date::VARCHAR AS d, amount::VARCHAR AS a FROM spend WHERE import_id = ? ORDER BY line`, [r.importId]),
    ).toEqual([
      { d: '2026-03-02', a: '1234.50' },
      { d: '2026-03-03', a: '0.10' },
    ]);
    const e = await imp(s, path, 'entries', { sheet: 'Entries' });
    expect(e).toMatchObject({ rowsImported: 1, source: { sheet: 'Entries' } });
    await expect(importFile(s.requireDb(), { path, kind: 'entries', sheet: 'Nope' })).rejects.toThrow(
      /has no sheet "Nope"; its sheets are "Spend", "Entries"/,
    );
  });
});
