import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../src-main/core/session';
import { emptySession } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

/**
 * Writer.temporarily('unordered') (db/client.ts) lets DuckDB write rows as its threads finish them, for one connection. The
 * setting must never outlive it: an import's staged read numbers each row by the order it was read in, so a
 * connection left unordered would give rows wrong line numbers. Put back after a failed statement (which aborts
 * the transaction, so putting it back must wait for the rollback), after a cancel, and without a transaction;
 * and the statement's own error is the one the caller sees.
 */
const dir = tempDir('ace-unordered-');

describe('rows written as the threads finish them, for one block only', () => {
  let s: Session;
  const ordered = async () => {
    const [r] = await s.requireDb().write((w) => w.run<{ v: boolean }>(`SELECT current_setting('preserve_insertion_order') AS v`));
    return r!.v;
  };
  beforeAll(async () => {
    s = await emptySession(dir);
    await s.requireDb().write((w) => w.run(`CREATE TABLE u_keys (k INTEGER PRIMARY KEY)`));
  });
  afterAll(() => s.close());

  it('is unordered inside the block and ordered after it', async () => {
    const inside = await s
      .requireDb()
      .transaction((w) =>
        w.temporarily('unordered', () => w.run<{ v: boolean }>(`SELECT current_setting('preserve_insertion_order') AS v`)),
      );
    expect(inside[0]!.v).toBe(false);
    expect(await ordered()).toBe(true);
  });

  it('a failed statement in a transaction: its own error, nothing saved, and ordered again after the rollback', async () => {
    const failing = s.requireDb().transaction((w) =>
      w.temporarily('unordered', async () => {
        await w.run(`INSERT INTO u_keys VALUES (1)`);
        await w.run(`INSERT INTO u_keys VALUES (2), (2)`);
      }),
    );
    // DuckDB's own error (a constraint), not the aborted transaction's that putting the setting back first met.
    await expect(failing).rejects.toMatchObject({ details: { cause: expect.stringMatching(/PRIMARY KEY or UNIQUE constraint/) } });
    expect(await ordered()).toBe(true);
    const [n] = await s.requireDb().rows<{ n: bigint }>(`SELECT count(*) AS n FROM u_keys`);
    expect(Number(n!.n)).toBe(0);
  });

  it('a cancel inside the block: cancelled, and ordered again', async () => {
    const stop = new AbortController();
    const cancelled = s.requireDb().transaction(
      (w) =>
        w.temporarily('unordered', async () => {
          stop.abort();
          await w.run(`INSERT INTO u_keys VALUES (3)`);
        }),
      stop.signal,
    );
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await ordered()).toBe(true);
  });

  it('without a transaction, a failed statement leaves it ordered too', async () => {
    await expect(
      s.requireDb().write((w) => w.temporarily('unordered', () => w.run(`INSERT INTO u_keys VALUES (4), (4)`))),
    ).rejects.toMatchObject({
      details: { cause: expect.stringMatching(/PRIMARY KEY or UNIQUE constraint/) },
    });
    expect(await ordered()).toBe(true);
  });
});
