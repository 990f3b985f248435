import { DuckDBInstance } from '@duckdb/node-api';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { neutralise, neutraliseSql } from '../../src-main/contract/formula';
import { delimitedLine } from '../../src-main/core/export/tabular';

/** Cells a spreadsheet would run, or that start like one: each must get the apostrophe. */
const FORMULAS = [
  '=1+2',
  '=HYPERLINK("http://evil","x")',
  '+A1',
  "+1+cmd|' /C calc'!A0",
  '-2+3',
  '-A1',
  '@SUM(1,2)',
  '+tag@example.com(1)',
  '\tx',
  '\rx',
  '+',
  '-',
  '=',
  '+1 617 555 0729',
  '+1.2.3',
  '-a@b.com!A1',
];
/** Data that starts like a formula but cannot act as one: kept as it is. */
const PLAIN = ['+16175550729', '+447700900123', '-12.50', '+3', '-0', '42', '-a.b@example.com', '+tag@mail.example.org', 'ok', ''];

describe('formula neutralising: one rule in TypeScript and in DuckDB', () => {
  it('puts an apostrophe before formulas and leaves phones, numbers and addresses alone', () => {
    for (const v of FORMULAS) expect(neutralise(v), JSON.stringify(v)).toBe(`'${v}`);
    for (const v of PLAIN) expect(neutralise(v), JSON.stringify(v)).toBe(v);
  });

  it('the SQL form (for exports DuckDB writes) gives the same text for every case', async () => {
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const all = [...FORMULAS, ...PLAIN];
    const values = all.map((_, i) => `($${i + 1}, ${i})`).join(', ');
    const r = await db.runAndReadAll(`SELECT ${neutraliseSql('v')} AS out FROM (VALUES ${values}) AS t(v, i) ORDER BY i`, all);
    expect(r.getRowObjects().map((x) => x.out)).toEqual(all.map(neutralise));
  });

  it('an exported phone, e-mail and amount read back as the values a sending service imports', () => {
    const rows = [
      ['+16175550729', 'ann+promo@example.com', '-12.50', 'Ann'],
      ['+447700900123', 'bob@example.co.uk', '3', '=cmd'],
    ];
    const csv = ['phone,email,amount,name', ...rows.map((r) => delimitedLine(r))].join('\r\n');
    const back = Papa.parse<string[]>(csv.trim(), { skipEmptyLines: true }).data.slice(1);
    expect(back.map((r) => r.slice(0, 3))).toEqual(rows.map((r) => r.slice(0, 3)));
    // Twilio and SendGrid want E.164 phones and bare addresses: no apostrophe, no spaces.
    for (const r of back) expect(r[0]).toMatch(/^\+\d{8,15}$/);
    expect(back[1]![3]).toBe("'=cmd");
  });
});
