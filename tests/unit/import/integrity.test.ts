import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../../src-main/core/import/importer';
import type { Session } from '../../../src-main/core/session';
import { emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';
import { onEveryCore } from '../helpers/threads';

onEveryCore();

const dir = tempDir();

async function snapshot(s: Session) {
  return s.requireDb().rows(`SELECT (SELECT count(*) FROM entries) AS entries, (SELECT count(*) FROM imports) AS imports,
    (SELECT count(*) FROM rejects) AS rejects, (SELECT count(*) FROM entry_facts) AS facts`);
}

describe('duplicates, re-imports and atomic imports', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
  });
  afterAll(() => s.close());

  it('skips entries whose entry_id was already imported, in the file and across files, and counts them', async () => {
    const a = await imp(
      s,
      file(dir, 'a.csv', 'entry_id,entered_at,email\nd1,2026-03-01,a@x.com\nd2,2026-03-01,b@x.com\nd1,2026-03-01,a@x.com\n'),
      'entries',
    );
    expect(a).toMatchObject({ rowsRead: 3, rowsImported: 2, duplicatesSkipped: 1 });
    const b = await imp(s, file(dir, 'b.csv', 'entry_id,entered_at,email\nd2,2026-03-01,b@x.com\nd3,2026-03-02,c@x.com\n'), 'entries');
    expect(b).toMatchObject({ rowsRead: 2, rowsImported: 1, duplicatesSkipped: 1 });
  });

  it('skips repeated rows of an export without ids by their content', async () => {
    const r = await imp(
      s,
      file(
        dir,
        'noid.csv',
        'entered_at,email,keyword\n2026-03-05 10:00,z@x.com,K1\n2026-03-05 10:00,z@x.com,K1\n2026-03-05 10:01,z@x.com,K1\n',
      ),
      'entries',
    );
    expect(r).toMatchObject({ rowsRead: 3, rowsImported: 2, duplicatesSkipped: 1 });
  });

  it('re-importing the same file changes nothing and says so (even for spend, which has no ids)', async () => {
    const path = file(dir, 'spend.csv', 'date,keyword,amount\n2026-03-02,K1,100\n2026-03-09,K1,100\n');
    await imp(s, path, 'spend');
    const before = await s.requireDb().rows(`SELECT count(*) AS n, sum(amount)::VARCHAR AS total FROM spend`);
    const again = await imp(s, path, 'spend');
    expect(again.status).toBe('unchanged');
    expect(again.message).toMatch(/already imported .* Nothing changed/);
    expect(again.rowsImported).toBe(0);
    expect(await s.requireDb().rows(`SELECT count(*) AS n, sum(amount)::VARCHAR AS total FROM spend`)).toEqual(before);
  });

  it('a media plan re-exported with changes replaces the buys with the same id', async () => {
    await imp(s, file(dir, 'plan1.csv', 'media_buy_id,name,keyword\nM1,Radio,K1\nM2,Print,K2\n'), 'media_buys');
    const r = await imp(s, file(dir, 'plan2.csv', 'media_buy_id,name,keyword\nM2,Print (revised),K2\nM3,TV,K3\n'), 'media_buys');
    expect(r).toMatchObject({ rowsRead: 2, rowsImported: 2, rowsUpdated: 1 });
    expect(await s.requireDb().rows(`SELECT media_buy_id, name FROM media_buys ORDER BY 1`)).toEqual([
      { media_buy_id: 'M1', name: 'Radio' },
      { media_buy_id: 'M2', name: 'Print (revised)' },
      { media_buy_id: 'M3', name: 'TV' },
    ]);
  });

  it('keeps every reject with its line, reason and original values', async () => {
    const r = await imp(s, file(dir, 'bad.csv', 'entry_id,entered_at,email,phone\nr1,soon,a@x.com,\nr2,2026-03-01,,\n'), 'entries');
    const stored = await s
      .requireDb()
      .rows<{ line: string; reason: string; raw: string }>(
        `SELECT line, reason, raw::VARCHAR AS raw FROM rejects WHERE import_id = ? ORDER BY line`,
        [r.importId!],
      );
    expect(stored.map((x) => [Number(x.line), x.reason, JSON.parse(x.raw)])).toEqual([
      [2, 'Cannot read entered_at "soon" as a date and time.', { entry_id: 'r1', entered_at: 'soon', email: 'a@x.com', phone: null }],
      [
        3,
        'Neither email nor phone: the row cannot be tied to a person.',
        { entry_id: 'r2', entered_at: '2026-03-01', email: null, phone: null },
      ],
    ]);
  });

  it('a cancelled import leaves the workspace exactly as it was', async () => {
    const rows = Array.from(
      { length: 300_000 },
      (_, i) => `c${i},2026-03-01 10:00,p${i}@x.com,617555${String(i % 10000).padStart(4, '0')}`,
    );
    const path = file(dir, 'big.csv', 'entry_id,entered_at,email,phone\n' + rows.join('\n') + '\n');
    const before = await snapshot(s);
    const controller = new AbortController();
    let phases = 0;
    const run = importFile(s.requireDb(), {
      path,
      kind: 'entries',
      signal: controller.signal,
      onProgress: (p) => {
        // Linking runs inside the transaction, after every row was inserted.
        if (p.phase.startsWith('Linking')) controller.abort();
        phases++;
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(phases).toBeGreaterThan(0);
    expect(await snapshot(s)).toEqual(before);
    // The workspace still works, and the same file imports fully afterwards.
    const r = await imp(s, path, 'entries');
    expect(r.rowsImported).toBe(300_000);
  }, 120_000);

  it('an import that fails half-way leaves the workspace as it was', async () => {
    const before = await snapshot(s);
    await expect(
      importFile(s.requireDb(), {
        path: file(dir, 'fail.csv', 'entry_id,entered_at,email\nf1,2026-03-01,a@x.com\n'),
        kind: 'entries',
        onProgress: (p) => {
          if (p.phase.startsWith('Linking')) throw new Error('disk full (simulated)');
        },
      }),
    ).rejects.toThrow();
    expect(await snapshot(s)).toEqual(before);
  });

  it('imports, cancelled and failed ones too, leave nothing of their work behind on the connection that writes', async () => {
    // Rows rejected by value and by structure: every staging table is made on the way.
    const r = await imp(
      s,
      file(dir, 'messy.csv', 'entry_id,entered_at,email\nm1,2026-03-01,a@x.com\nm2,not a date,b@x.com\nm3,2026-03-01,"c@x.com,extra\n'),
      'entries',
    );
    expect(r.rowsRejected).toBeGreaterThanOrEqual(1);
    const left = await s
      .requireDb()
      .write((w) =>
        w.run<{ name: string }>(
          `SELECT table_name AS name FROM duckdb_tables() WHERE temporary UNION ALL SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal`,
        ),
      );
    expect(left.map((t) => t.name).filter((n) => /^(ace|id|chg)_/.test(n))).toEqual([]);
  });
});

describe('identity and attribution after import', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
  });
  afterAll(() => s.close());

  it('one entrant per person: entries sharing an email or a phone, transitively', async () => {
    await imp(
      s,
      file(
        dir,
        'people.csv',
        [
          'entry_id,entered_at,channel,email,phone',
          'i1,2026-03-01,sms,,+16175550101', // Ann by SMS
          'i2,2026-03-02,web,ann@example.com,(617) 555-0101', // Ann on the web: links her phone and email
          'i3,2026-03-03,email,ANN@example.com,', // Ann by email only
          'i4,2026-03-03,web,ann.work@example.com,6175550101', // Ann's work email via her phone
          'i5,2026-03-04,sms,,+16175550202', // Bob
          'i6,2026-03-05,web,carol@example.com,', // Carol
          'i7,2026-03-05,web,not-an-email,', // unusable address: a person of their own
          'i8,2026-03-05,web,also-bad,', // and another
        ].join('\n'),
      ),
      'entries',
    );
    const groups = await s
      .requireDb()
      .rows<{ ids: string }>(`SELECT string_agg(entry_id, ',' ORDER BY entry_id) AS ids FROM entry_facts GROUP BY entrant_id ORDER BY ids`);
    expect(groups.map((g) => g.ids)).toEqual(['i1,i2,i3,i4', 'i5', 'i6', 'i7', 'i8']);
  });

  it('joins two people into one when a later entry links them', async () => {
    await imp(s, file(dir, 'link.csv', 'entry_id,entered_at,email,phone\ni9,2026-03-06,carol@example.com,+16175550202\n'), 'entries');
    const [row] = await s
      .requireDb()
      .rows<{ n: string }>(`SELECT count(DISTINCT entrant_id) AS n FROM entry_facts WHERE entry_id IN ('i5', 'i6', 'i9')`);
    expect(Number(row!.n)).toBe(1);
  });

  it('attributes entries by media_buy_id, then keyword, then source, case- and space-insensitively; redemptions by coupon', async () => {
    await imp(s, file(dir, 'plan.csv', 'media_buy_id,keyword\nMB1,SHOES5\nMB2,RADIO\n'), 'media_buys');
    await imp(
      s,
      file(
        dir,
        'attr.csv',
        [
          'entry_id,entered_at,email,media_buy_id,keyword,source,coupon_code',
          'a1,2026-03-01,a1@x.com,MB2,shoes5,,c-1', // rule 1 wins over the keyword
          'a2,2026-03-01,a2@x.com,NOPE, Shoes5 ,,C-2', // unknown buy id: rule 2
          'a3,2026-03-01,a3@x.com,,,radio,C-3', // rule 3: source is a keyword
          'a4,2026-03-01,a4@x.com,,WHAT,elsewhere,C-4', // unattributed
        ].join('\n'),
      ),
      'entries',
    );
    expect(
      await s.requireDb().rows(`SELECT entry_id, media_buy_id, attributed_by FROM entry_facts WHERE entry_id LIKE 'a%' ORDER BY 1`),
    ).toEqual([
      { entry_id: 'a1', media_buy_id: 'MB2', attributed_by: 'media_buy_id' },
      { entry_id: 'a2', media_buy_id: 'MB1', attributed_by: 'keyword' },
      { entry_id: 'a3', media_buy_id: 'MB2', attributed_by: 'source' },
      { entry_id: 'a4', media_buy_id: null, attributed_by: null },
    ]);
    await imp(
      s,
      file(
        dir,
        'red.csv',
        'redemption_id,redeemed_at,coupon_code,order_amount\nr1,2026-03-10,c-1,10\nr2,2026-03-10, C-3 ,20\nr3,2026-03-11,C-3,5\nr4,2026-03-11,ZZZ,7\n',
      ),
      'redemptions',
    );
    expect(await s.requireDb().rows(`SELECT redemption_id, entry_id, media_buy_id FROM redemption_facts ORDER BY 1`)).toEqual([
      { redemption_id: 'r1', entry_id: 'a1', media_buy_id: 'MB2' },
      { redemption_id: 'r2', entry_id: 'a3', media_buy_id: 'MB2' },
      { redemption_id: 'r3', entry_id: 'a3', media_buy_id: 'MB2' },
      { redemption_id: 'r4', entry_id: null, media_buy_id: null },
    ]);
  });
});
