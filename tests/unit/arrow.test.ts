import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbClient } from '../../src-main/core/db/client';

describe('query results as Arrow IPC', () => {
  const db = new DbClient();
  beforeAll(() => db.open(':memory:'));
  afterAll(() => db.close());

  it('maps each DuckDB type deliberately: exact money, safe big integers, ISO dates, nulls', async () => {
    const bytes = await db.arrow(`
      SELECT * FROM (VALUES
        (1, 12345678901234::BIGINT, 1234.50::DECIMAL(18,2), DATE '2026-03-01', TIMESTAMP '2026-03-01 14:05:00', true, 'Ann', 2.5::DOUBLE),
        (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
      ) t(i, big, money, d, ts, b, s, f) ORDER BY i`);
    expect(bytes).toBeInstanceOf(Uint8Array);
    const t = tableFromIPC(bytes);
    expect(t.numRows).toBe(2);
    const row = t.get(0)!.toJSON();
    expect(row).toEqual({
      i: 1,
      big: 12345678901234,
      money: 1234.5,
      d: '2026-03-01',
      ts: '2026-03-01 14:05:00',
      b: true,
      s: 'Ann',
      f: 2.5,
    });
    expect(t.get(1)!.toJSON()).toEqual({ i: 2, big: null, money: null, d: null, ts: null, b: null, s: null, f: null });
    expect(t.schema.fields.find((f) => f.name === 'money')!.metadata.get('ace.type')).toBe('DECIMAL(18,2)');
  });

  it('keeps values a double cannot hold exactly as exact text, never rounded and never a crash', async () => {
    const t = tableFromIPC(
      await db.arrow(
        `SELECT 9007199254740993::BIGINT AS big, 123456789012345678.91::DECIMAL(38,2) AS money, 170141183460469231731687303715884105727::HUGEINT AS huge`,
      ),
    );
    expect(t.get(0)!.toJSON()).toEqual({
      big: '9007199254740993',
      money: '123456789012345678.91',
      huge: '170141183460469231731687303715884105727',
    });
  });

  it('sums of cents stay exact', async () => {
    const t = tableFromIPC(await db.arrow(`SELECT sum(0.10::DECIMAL(18,2)) AS total FROM range(1000)`));
    expect(t.get(0)!.toJSON()).toEqual({ total: 100 });
  });

  it('returns an empty table with its columns for an empty result', async () => {
    const t = tableFromIPC(await db.arrow(`SELECT 1::INTEGER AS a, 'x' AS b WHERE false`));
    expect(t.numRows).toBe(0);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['a', 'b']);
  });

  it('JSON rows carry BIGINT as strings, so JSON.stringify never throws', async () => {
    const rows = await db.rows(`SELECT 9007199254740993::BIGINT AS big`);
    expect(JSON.parse(JSON.stringify(rows))).toEqual([{ big: '9007199254740993' }]);
  });
});
