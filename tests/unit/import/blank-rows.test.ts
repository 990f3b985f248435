import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFile } from '../../../src-main/core/import/scan';
import type { Session } from '../../../src-main/core/session';
import { emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

/**
 * Blank rows (every value empty or spaces) are left out and counted. The scan tells the import when no record
 * can be one (`textless`: records with nothing but spaces, tabs, delimiters, quotes and line ends), so the
 * import skips looking at every value of every row; whenever a record might be blank, every value is looked at.
 */
const dir = tempDir();
const HEAD = 'entry_id,entered_at,email,zip\n';
const scan = (text: string, delimiter = ',') => scanFile(file(dir, 'scan.csv', text), { csv: true, maxRecordBytes: 1 << 20, delimiter });

describe('blank rows', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
  });
  afterAll(() => s.close());

  it('the scan counts the records that hold no text, inside quotes or out', async () => {
    expect((await scan(`${HEAD}e1,2026-03-01,a@x.com,02134\ne2,2026-03-01,"b@x.com",\n`)).textless).toBe(0);
    // Delimiters only, spaces in quotes, an empty line, tabs, and a quoted line break with nothing else.
    expect((await scan(`${HEAD},,,\n"  ", ,"",\n\n\t,\t,,\n"\n",,,\n`)).textless).toBe(5);
    // A quoted delimiter is text to SQL (the value ","), but the scan does not tell it apart: the record is looked at.
    expect((await scan(`${HEAD}",",,,\n`)).textless).toBe(1);
    // A backslash or any other character is text.
    expect((await scan(`${HEAD}"\\\\",,,\nx,,,\n`)).textless).toBe(0);
    expect((await scan('a;b\n;\n1;2\n', ';')).textless).toBe(1);
  });

  it('rows of spaces, quotes and delimiters are left out and counted; the others are read', async () => {
    const path = file(dir, 'blanks.csv', `${HEAD}b1,2026-03-01,a@x.com,02134\n,,,\n"  ", ,"",\nb2,2026-03-01,b@x.com,02134\n   ,,,  \n`);
    const r = await imp(s, path, 'entries');
    expect(r.rowsImported).toBe(2);
    expect(r.skipped.blank).toBe(3);
  });

  it('a file with text on every row reads every row (nothing taken for blank)', async () => {
    const path = file(dir, 'full.csv', `${HEAD}f1,2026-03-01,a@x.com,02134\nf2,2026-03-01,b@x.com,\n"f3","2026-03-01","c@x.com",""\n`);
    const r = await imp(s, path, 'entries');
    expect(r.rowsImported).toBe(3);
    expect(r.skipped.blank).toBe(0);
  });

  it('a row whose only value is a quoted delimiter is a row, not a blank', async () => {
    const path = file(dir, 'comma.csv', `${HEAD}g1,2026-03-01,a@x.com,02134\n",",,,\n`);
    const r = await imp(s, path, 'entries');
    expect(r.skipped.blank).toBe(0);
    // Its entry id is ",", with no date: rejected with its reason, never dropped.
    expect(r.rowsImported + r.rowsRejected).toBe(2);
  });
});
