import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { scanFile } from '../../../src-main/core/import/scan';
import { summarySql } from '../../../src-main/core/import/stage';
import type { Session } from '../../../src-main/core/session';
import { emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

/**
 * Summary rows ("Total", "Grand total: ..." in the first filled of the first three columns) are left out and
 * counted. The scan counts the records whose first character of text could start one (`summaryCandidates`); when
 * there are none the import does not look for them. So the scan must never miss one: here every record the
 * SQL rule (summarySql, run by a DuckDB of the test's own on the file) calls a summary is a candidate for the scan,
 * over first values built from every ASCII character, Unicode spaces, quotes and blank leading columns.
 */
const dir = tempDir();
const HEAD = 'entry_id,entered_at,email,zip\n';
const scan = (path: string) => scanFile(path, { csv: true, maxRecordBytes: 1 << 20, delimiter: ',' });

let db: DuckDBConnection;
/** The SQL rule's count of summary rows in a file, read as the import stages it (text columns c0..c3). */
async function sqlSummaries(path: string): Promise<number> {
  const refs = ['c0', 'c1', 'c2', 'c3'];
  const r = await db.runAndReadAll(
    `SELECT count(*) FILTER (WHERE ${summarySql(refs)})::INTEGER AS n FROM read_csv(?, auto_detect = false, header = false, skip = 1,
       delim = ',', quote = '"', escape = '"', columns = {'c0': 'VARCHAR', 'c1': 'VARCHAR', 'c2': 'VARCHAR', 'c3': 'VARCHAR'},
       null_padding = false, ignore_errors = true)`,
    [path],
  );
  return Number(r.getRowObjectsJson()[0]!.n);
}

describe('summary rows', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
    db = await (await DuckDBInstance.create(':memory:')).connect();
  });
  afterAll(() => s.close());

  it('the scan counts the records whose first text could start "Total" or "Grand"', async () => {
    const count = async (body: string) => (await scan(file(dir, 'scan.csv', HEAD + body))).summaryCandidates;
    expect(await count('e1,2026-03-01,a@x.com,02134\n42,2026-03-01,,\n')).toBe(0);
    expect(await count('Total,,,\n  grand total,,,\n"TOTAL",,,\n,,Totals: 3,\n"  ",gRaNd,,\n')).toBe(5);
    // Anything but a letter or digit might be a space SQL trims or the start of one: looked at.
    expect(await count('+1,,,\n\u00a0x,,,\n-x,,,\n')).toBe(3);
    // Quotes are passed over: the text of """x""" starts with x.
    expect(await count('"""x""",,,\n')).toBe(0);
  });

  it('no record the SQL rule calls a summary is missed by the scan', async () => {
    const firsts: string[] = [];
    for (let c = 1; c < 128; c++) {
      const ch = String.fromCharCode(c);
      if (ch === '\n' || ch === '\r') continue;
      firsts.push(`${ch}Total`);
      if (/[tg]/i.test(ch)) firsts.push(`${ch}otal`, `${ch}rand total`);
      else if (!/[a-z0-9]/i.test(ch)) firsts.push(`"${ch}Total"`);
    }
    for (const sp of ['\u00a0', '\u2003', '\u3000', '\ufeff', '\t', '\v', '\f', '  ', '\u0085'])
      firsts.push(`${sp}Total`, `"${sp}Grand total: 9"`);
    firsts.push('Total', 'TOTAL:', 'total (all)', 'Grand   Total', '"Total"', 'totals - 4', '"\nTotal"', '""', 'Tot', 'gross');
    let summaries = 0;
    for (const [i, first] of firsts.entries()) {
      for (const body of [`${first},2026-03-01,a@x.com,1\n`, ` , ,${first},\n`]) {
        const path = file(dir, `s${i}.csv`, `${HEAD}e0,2026-03-01,a@x.com,02134\n${body}`);
        const n = await sqlSummaries(path);
        summaries += n;
        if (n > 0) expect({ body, candidates: (await scan(path)).summaryCandidates }).toEqual({ body, candidates: n });
      }
    }
    // The rule did find summaries among them (the check above is not empty).
    expect(summaries).toBeGreaterThan(20);
  });

  it('summary rows are left out and counted; a file with none reads every row', async () => {
    const mixed = file(
      dir,
      'mixed.csv',
      `${HEAD}m1,2026-03-01,a@x.com,02134\n"Total",,,\n,,Grand total: 2,\nm2,2026-03-01,b@x.com,02134\n  TOTALS,,,\n`,
    );
    const r = await imp(s, mixed, 'entries');
    expect(r.skipped.summary).toBe(await sqlSummaries(mixed));
    expect(r.skipped.summary).toBe(3);
    expect(r.rowsImported).toBe(2);
    const plain = file(dir, 'plain.csv', `${HEAD}p1,2026-03-01,a@x.com,02134\np2,2026-03-02,b@x.com,02134\n`);
    const p = await imp(s, plain, 'entries');
    expect(p.skipped.summary).toBe(0);
    expect(p.rowsImported).toBe(2);
  });
});
