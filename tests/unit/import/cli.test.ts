import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ace } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
const ws = join(dir, 'cli-import.duckdb');
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('ace import', () => {
  it('prints a JSON report with the counts and the first rejects, and exits 0 when rows were imported', async () => {
    const f = write(
      'entries.csv',
      'Entry ID,Date Entered,E-mail Address\ne1,03/01/2026,a@x.com\ne2,someday,b@x.com\ne1,03/01/2026,a@x.com\n',
    );
    const r = await ace(['import', f, '--kind', 'entries', '--workspace', ws, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ kind: 'entries', rowsRead: 3, rowsImported: 1, rowsRejected: 1, duplicatesSkipped: 1 });
    expect(report.rejects).toEqual([{ line: 3, reason: 'Cannot read entered_at "someday" as a date and time.' }]);
  });

  it('says a re-import changed nothing, exit 0', async () => {
    const f = join(dir, 'entries.csv');
    const r = await ace(['import', f, '--kind', 'entries', '--workspace', ws]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/already imported .* Nothing changed/);
  });

  it('uses a --mapping file, and fails with one line when a required column is missing', async () => {
    const f = write('odd.csv', 'when,who,what\n2026-03-01,c@x.com,hello\n');
    const bad = await ace(['import', f, '--kind', 'entries', '--workspace', ws]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(
      'ace: Required column entered_at is not mapped: choose which column of the file holds it. Map at least one of email or phone.',
    );
    const m = write('m.json', JSON.stringify({ entered_at: 'when', email: 'who' }));
    const ok = await ace(['import', f, '--kind', 'entries', '--workspace', ws, '--mapping', m, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ rowsImported: 1, customColumns: ['what'] });
    const wrong = write('wrong.json', JSON.stringify({ entered_at: 'when', email: 'nobody' }));
    const w = await ace(['import', f, '--kind', 'entries', '--workspace', ws, '--mapping', wrong]);
    expect(w.code).toBe(1);
    expect(w.stderr).toMatch(/The file has no column "nobody"/);
  });

  it('exits 1 when every row is rejected, and when the file has no data rows', async () => {
    const all = await ace(['import', write('allbad.csv', 'entered_at,email\nnope,a@x.com\n'), '--kind', 'entries', '--workspace', ws]);
    expect(all.code).toBe(1);
    expect(all.stderr).toMatch(/nothing could be imported from allbad\.csv \(every row was rejected\)/);
    const none = await ace(['import', write('none.csv', 'entered_at,email\n'), '--kind', 'entries', '--workspace', ws]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no data rows/);
  });

  it('guesses the kind from the headers when --kind is left out', async () => {
    const r = await ace([
      'import',
      write('pos.csv', 'Transaction ID,Transaction Date,Promo Code,Order Total\nt1,2026-03-05,C1,$10.00\n'),
      '--workspace',
      ws,
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'redemptions', rowsImported: 1 });
  });

  it('refuses a bad --kind and a missing file with one line', async () => {
    expect((await ace(['import', 'x.csv', '--kind', 'sales', '--workspace', ws])).stderr).toMatch(
      /^ace: --kind must be one of media_buys, spend/,
    );
    const missing = await ace(['import', join(dir, 'missing.csv'), '--kind', 'entries', '--workspace', ws]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^ace: Cannot read .*missing\.csv: no such file/);
  });
});
