import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DbClient } from '../../src-main/core/db/client';
import { Session } from '../../src-main/core/session';
import { Uploads } from '../../src-main/core/import/uploads';
import { tempDir } from './helpers/tmp';
import { builtWorkerUrl } from './helpers/worker';

const dir = tempDir();
const LONG = `SELECT count(*) FROM range(100000000000) a`;

describe('closing while work runs', () => {
  it('interrupts a long write and a long read, rolls back, and closes the database', async () => {
    const path = join(dir, 'busy.duckdb');
    const db = new DbClient();
    await db.open(path);
    await db.transaction((w) => w.run(`CREATE TABLE t AS SELECT 1 AS x`));
    const settled = (p: Promise<unknown>) =>
      p.then(
        () => 'finished',
        (e: unknown) => e,
      );
    const write = settled(
      db.transaction(async (w) => {
        await w.run(`INSERT INTO t VALUES (2)`);
        await w.run(LONG);
      }),
    );
    const read = settled(db.rows(LONG));
    await new Promise((r) => setTimeout(r, 300));
    await db.close();
    expect(await write).toMatchObject({ code: 'CANCELLED' });
    expect(await read).toMatchObject({ code: expect.stringMatching(/CANCELLED|NO_WORKSPACE/) });
    // The file is closed (another client can open it) and the interrupted insert was not kept.
    const again = new DbClient();
    await again.open(path);
    expect(await again.rows(`SELECT x FROM t ORDER BY x`)).toEqual([{ x: 1 }]);
    await again.close();
  }, 30_000);
});

describe('uploads', () => {
  it('keeps the dropped file name in its own folder, and discards only uploads', () => {
    const u = new Uploads(join(dir, 'up1'));
    const id = u.begin('../../etc/entries march.csv', 5);
    u.chunk(id, 0, Buffer.from('hello').toString('base64'));
    const path = u.finish(id);
    expect(path.endsWith('/entries march.csv')).toBe(true);
    expect(u.isUpload(path)).toBe(true);
    const outside = join(dir, 'keep.csv');
    writeFileSync(outside, 'x');
    expect(u.discard(outside)).toBe(false);
    expect(u.discard(join(dir, 'up1', '..', 'keep.csv'))).toBe(false);
    expect(existsSync(outside)).toBe(true);
    expect(u.discard(path)).toBe(true);
    expect(existsSync(path)).toBe(false);
  });

  it('removes an oversized or unfinished upload, and sweeps leftovers older than a day', () => {
    const up = join(dir, 'up2');
    const u = new Uploads(up);
    const big = u.begin('a.csv', 2);
    expect(() => u.chunk(big, 0, Buffer.from('abc').toString('base64'))).toThrow(/larger than announced/);
    u.begin('b.csv', 10);
    u.closeAll();
    expect(readdirSync(up)).toEqual([]);
    mkdirSync(join(up, 'old'));
    mkdirSync(join(up, 'fresh'));
    const twoDaysAgo = (Date.now() - 2 * 86400_000) / 1000;
    utimesSync(join(up, 'old'), twoDaysAgo, twoDaysAgo);
    expect(u.sweep()).toBe(1);
    expect(readdirSync(up)).toEqual(['fresh']);
  });

  it('a session closing mid-upload leaves no file behind', async () => {
    const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: join(dir, 'data3') });
    const id = s.uploads.begin('c.csv', 100);
    s.uploads.chunk(id, 0, Buffer.from('partial').toString('base64'));
    await s.close();
    expect(readdirSync(join(dir, 'data3', 'uploads'))).toEqual([]);
  });
});
