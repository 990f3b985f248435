import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../src-main/core/session';
import { emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();

describe('DOMAIN.md parsing rules', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
  });
  afterAll(() => s.close());
  const rows = <T = Record<string, unknown>>(sql: string) => s.requireDb().rows<T>(sql);

  it('keeps zip codes as text: leading zeros, ZIP+4 cut to five, zeros a spreadsheet dropped restored', async () => {
    const path = file(
      dir,
      'zips.csv',
      'entry_id,entered_at,email,zip\nz1,2026-03-01,a@x.com,02134\nz2,2026-03-01,b@x.com,02134-1234\nz3,2026-03-01,c@x.com,2134\nz4,2026-03-01,d@x.com,021341234\nz5,2026-03-01,e@x.com,\nz6,2026-03-01,f@x.com,SW1A 1AA\n',
    );
    const r = await imp(s, path, 'entries');
    expect(r.rowsImported).toBe(6);
    expect(await rows(`SELECT entry_id, zip FROM entries WHERE entry_id LIKE 'z%' ORDER BY 1`)).toEqual([
      { entry_id: 'z1', zip: '02134' },
      { entry_id: 'z2', zip: '02134' },
      { entry_id: 'z3', zip: '02134' },
      { entry_id: 'z4', zip: '02134' },
      { entry_id: 'z5', zip: null },
      { entry_id: 'z6', zip: 'SW1A 1AA' },
    ]);
    expect(r.warnings.join(' ')).toMatch(/1 zip codes had lost their leading zeros/);
    expect(r.warnings.join(' ')).toMatch(/1 values are not US zip codes/);
  });

  it('reads money with $, thousands commas and parentheses for negatives, exactly to the cent; rejects what it cannot read', async () => {
    const path = file(
      dir,
      'spend.csv',
      'date,media_buy_id,amount\n2026-03-02,M1,"$1,234.50"\n2026-03-02,M1,1234.5\n2026-03-02,M1,(12.00)\n2026-03-02,M1,-$5\n2026-03-02,M1,0.10\n2026-03-02,M1,abc\n2026-03-02,M1,12abc\n2026-03-02,M1,\n2026-03-02,M1,"1,000,000.01"\n',
    );
    const r = await imp(s, path, 'spend');
    expect(r.rowsImported).toBe(6);
    expect(r.rowsRejected).toBe(3);
    expect(r.rejects).toEqual([
      { line: 7, reason: 'Cannot read amount "abc" as an amount of money (this file writes numbers with a decimal point, like 1,234.50).' },
      {
        line: 8,
        reason: 'Cannot read amount "12abc" as an amount of money (this file writes numbers with a decimal point, like 1,234.50).',
      },
      { line: 9, reason: 'Missing amount.' },
    ]);
    const amounts = await rows<{ a: string }>(`SELECT amount::VARCHAR AS a FROM spend ORDER BY line`);
    expect(amounts.map((x) => x.a)).toEqual(['1234.50', '1234.50', '-12.00', '-5.00', '0.10', '1000000.01']);
    expect(await rows(`SELECT sum(amount)::VARCHAR AS total FROM spend`)).toEqual([{ total: '1002452.11' }]);
  });

  it('rejects a spend row in another currency, with the reason (no silent FX)', async () => {
    const path = file(dir, 'eur.csv', 'date,keyword,amount,currency\n2026-03-02,K1,100,USD\n2026-03-02,K1,100,eur\n2026-03-02,K1,100,\n');
    const r = await imp(s, path, 'spend');
    expect(r.rowsImported).toBe(2);
    expect(r.rejects).toEqual([
      { line: 3, reason: 'Currency EUR is not the workspace currency (USD); convert the amount before importing.' },
    ]);
  });

  it('reads ISO and US timestamps, with T or a zone (converted to the workspace time zone)', async () => {
    const path = file(
      dir,
      'ts.csv',
      [
        'entry_id,entered_at,email',
        't1,2026-03-01,a@x.com',
        't2,2026-03-01 14:05:00,a@x.com',
        't3,2026-03-01T14:05:00,a@x.com',
        't4,2026-03-01T14:05:00Z,a@x.com',
        't5,2026-03-01 14:05:00+02:00,a@x.com',
        't6,03/01/2026,a@x.com',
        't7,03/01/2026 14:05,a@x.com',
        't8,3/1/2026 2:05 PM,a@x.com',
        't9,12/31/2026 23:59:59,a@x.com',
      ].join('\r\n'),
    );
    const r = await imp(s, path, 'entries');
    expect(r.rowsImported).toBe(9);
    expect(r.dates).toMatchObject({ order: 'MDY', style: 'mixed', ambiguous: false });
    const got = await rows<{ entry_id: string; t: string }>(
      `SELECT entry_id, entered_at::VARCHAR AS t FROM entries WHERE entry_id LIKE 't%' ORDER BY 1`,
    );
    expect(got.map((g) => g.t)).toEqual([
      '2026-03-01 00:00:00',
      '2026-03-01 14:05:00',
      '2026-03-01 14:05:00',
      '2026-03-01 09:05:00', // 14:05 UTC is 09:05 in New York (EST)
      '2026-03-01 07:05:00', // 14:05 at +02:00 is 12:05 UTC, 07:05 in New York
      '2026-03-01 00:00:00',
      '2026-03-01 14:05:00',
      '2026-03-01 14:05:00',
      '2026-12-31 23:59:59',
    ]);
  });

  it('decides month/day or day/month once per file, reports it, and reports ambiguity', async () => {
    const dmy = await imp(s, file(dir, 'dmy.csv', 'entry_id,entered_at,email\nd1,13/02/2026,a@x.com\nd2,01/02/2026,a@x.com\n'), 'entries');
    expect(dmy.dates).toMatchObject({ order: 'DMY', ambiguous: false });
    expect(dmy.dates.note).toMatch(/day\/month\/year/);
    const amb = await imp(s, file(dir, 'amb.csv', 'entry_id,entered_at,email\na1,01/02/2026,a@x.com\na2,03/04/2026,a@x.com\n'), 'entries');
    expect(amb.dates).toMatchObject({ order: 'MDY', ambiguous: true });
    expect(amb.warnings[0]).toMatch(/fits both month\/day and day\/month/);
    const forced = await imp(s, file(dir, 'forced.csv', 'entry_id,entered_at,email\nf1,01/02/2026,a@x.com\n'), 'entries', {
      dateOrder: 'DMY',
    });
    expect(forced.dates.order).toBe('DMY');
    expect(
      await rows(`SELECT entry_id, entered_at::DATE::VARCHAR AS d FROM entries WHERE entry_id IN ('d1', 'd2', 'a1', 'f1') ORDER BY 1`),
    ).toEqual([
      { entry_id: 'a1', d: '2026-01-02' },
      { entry_id: 'd1', d: '2026-02-13' },
      { entry_id: 'd2', d: '2026-02-01' },
      { entry_id: 'f1', d: '2026-02-01' },
    ]);
  });

  it('reads yes/no, y/n, true/false, 1/0 and opted in/out in any case; blank is unknown', async () => {
    const values = ['Yes', 'no', 'Y', 'n', 'TRUE', 'false', '1', '0', 'Opted In', 'opted out', '', 'maybe'];
    const path = file(
      dir,
      'bools.csv',
      'entry_id,entered_at,email,sms_opt_in\n' +
        values.map((v, i) => `b${String(i).padStart(2, '0')},2026-03-01,a@x.com,${v}`).join('\n') +
        '\n',
    );
    const r = await imp(s, path, 'entries');
    const got = await rows<{ v: boolean | null }>(`SELECT sms_opt_in AS v FROM entries WHERE entry_id LIKE 'b%' ORDER BY entry_id`);
    expect(got.map((g) => g.v)).toEqual([true, false, true, false, true, false, true, false, true, false, null, null]);
    expect(r.warnings.join(' ')).toMatch(/sms_opt_in: 1 values are neither yes nor no/);
  });

  it('normalises keywords, emails and phones (E.164), keeping unusable phones as raw text', async () => {
    const path = file(
      dir,
      'contacts.csv',
      [
        'id,entered_at,keyword,email,phone',
        'p1,2026-03-01, shoes5 ,  Ann@Example.COM ,(617) 555-0101',
        'p2,2026-03-01,Shoes 5,bob@example.com,16175550102',
        'p3,2026-03-01,SHOES5,,+44 20 7946 0958',
        'p4,2026-03-01,,not-an-email,555-0103',
        'p5,2026-03-01,,c@x.com,617.555.0104',
        'p6,2026-03-01,,,26175550105',
      ].join('\n'),
    );
    const r = await imp(s, path, 'entries', {
      mapping: { entry_id: 'id', entered_at: 'entered_at', keyword: 'keyword', email: 'email', phone: 'phone' },
    });
    expect(r.rowsImported).toBe(6);
    expect(
      await rows(`SELECT entry_id, keyword, email, email_raw, phone, phone_raw FROM entries WHERE entry_id LIKE 'p%' ORDER BY 1`),
    ).toEqual([
      { entry_id: 'p1', keyword: 'SHOES5', email: 'ann@example.com', email_raw: null, phone: '+16175550101', phone_raw: null },
      { entry_id: 'p2', keyword: 'SHOES5', email: 'bob@example.com', email_raw: null, phone: '+16175550102', phone_raw: null },
      { entry_id: 'p3', keyword: 'SHOES5', email: null, email_raw: null, phone: '+442079460958', phone_raw: null },
      { entry_id: 'p4', keyword: null, email: null, email_raw: 'not-an-email', phone: null, phone_raw: '555-0103' },
      { entry_id: 'p5', keyword: null, email: 'c@x.com', email_raw: null, phone: '+16175550104', phone_raw: null },
      { entry_id: 'p6', keyword: null, email: null, email_raw: null, phone: null, phone_raw: '26175550105' },
    ]);
  });

  it('keeps unknown columns as custom attributes, never dropping them', async () => {
    const r = await imp(
      s,
      file(
        dir,
        'attrs.csv',
        'entry_id,entered_at,email,Shoe Size,Store Pref,"Q3: Why?"\nx1,2026-03-01,a@x.com,9,Back Bay,"because, reasons"\n',
      ),
      'entries',
    );
    expect(r.customColumns).toEqual(['Shoe Size', 'Store Pref', 'Q3: Why?']);
    const [row] = await rows<{ attrs: string }>(`SELECT attrs FROM entries WHERE entry_id = 'x1'`);
    expect(JSON.parse(row!.attrs)).toEqual({ 'Shoe Size': '9', 'Store Pref': 'Back Bay', 'Q3: Why?': 'because, reasons' });
  });

  it('maps real export headers by synonyms, ignoring case and punctuation', async () => {
    const r = await imp(
      s,
      file(
        dir,
        'headers.csv',
        'E-mail Address,Mobile Number,ZIP/Postal Code,Date Entered,Promo Code,CELL\nm@x.com,6175550101,02134,03/01/2026,c1,6175550199\n',
      ),
      'entries',
    );
    expect(r.mapping).toMatchObject({
      email: 'E-mail Address',
      phone: 'Mobile Number',
      zip: 'ZIP/Postal Code',
      entered_at: 'Date Entered',
      coupon_code: 'Promo Code',
    });
    expect(r.customColumns).toEqual(['CELL']);
  });

  it('reads optout addresses by channel and rejects unknown channels', async () => {
    const r = await imp(
      s,
      file(
        dir,
        'optouts.csv',
        'Channel,Address,Date\nSMS,(617) 555-0101,2026-03-02\nEmail, Ann@Example.com ,\nALL,617-555-0102,2026-03-03\ntext,6175550103,\nfax,6175550104,\nemail,not-an-address,\n',
      ),
      'optouts',
    );
    expect(r.rowsImported).toBe(4);
    expect(r.rejects).toEqual([
      { line: 6, reason: 'Unknown opt-out channel "fax" (use email, sms, push or all).' },
      { line: 7, reason: 'Cannot read the address "not-an-address" for channel email.' },
    ]);
    expect(await rows(`SELECT channel, address, opted_out_at::VARCHAR AS at FROM optouts ORDER BY line`)).toEqual([
      { channel: 'sms', address: '+16175550101', at: '2026-03-02 00:00:00' },
      { channel: 'email', address: 'ann@example.com', at: null },
      { channel: 'all', address: '+16175550102', at: '2026-03-03 00:00:00' },
      { channel: 'sms', address: '+16175550103', at: null },
    ]);
  });
});
