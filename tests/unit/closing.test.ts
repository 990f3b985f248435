import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtCliProblem, hostFile } from '../../scripts/build-cli.mjs';
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

  it('a script whose database takes longer to close than closing waits still ends when it has closed, exit 0', () => {
    // Closing waits a while for DuckDB to close (a checkpoint), then stops the worker. A worker stopped while
    // still inside DuckDB kept nothing alive: a script ended at once with exit code 13 and nothing said.
    // Here the wait is 1 ms, so every close takes that path; the data must be there after.
    expect(builtCliProblem()).toBeNull();
    const path = join(dir, 'slow-close.duckdb');
    const script = `import { Session } from ${JSON.stringify(pathToFileURL(hostFile).href)};
      const s = new Session({ dataDir: ${JSON.stringify(join(dir, 'data4'))} });
      await s.open(${JSON.stringify(path)}, { create: true });
      await s.requireDb().write((w) => w.run('CREATE TABLE big AS SELECT range AS x FROM range(3000000)'));
      await s.close();
      console.log('closed');`;
    // A file, not --eval: a worker thread inherits the process's flags, and --input-type stops it.
    const file = join(dir, 'slow-close.mjs');
    writeFileSync(file, script);
    const r = spawnSync(process.execPath, [file], {
      encoding: 'utf8',
      env: { ...process.env, ACE_CLOSE_WAIT_MS: '1' },
    });
    expect({ status: r.status, out: r.stdout.trim() }).toEqual({ status: 0, out: 'closed' });
  }, 60_000);

  it('the database that script closed has its rows', async () => {
    const db = new DbClient();
    await db.open(join(dir, 'slow-close.duckdb'));
    expect(await db.rows(`SELECT count(*)::INTEGER AS n FROM big`)).toEqual([{ n: 3000000 }]);
    await db.close();
  });
});
