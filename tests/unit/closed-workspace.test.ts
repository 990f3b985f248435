import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DbClient } from '../../src-main/core/db/client';
import { tempDir } from './helpers/tmp';

/**
 * A request that races its workspace closing (another workspace opened, the app or `ace serve` stopping) is
 * told so, as NO_WORKSPACE with what to do, not as an internal error: the worker refuses it while the database
 * closes or when none is open, and the client after it closed.
 */
const dir = tempDir('ace-closed-');
const closed = {
  code: 'NO_WORKSPACE',
  message: expect.stringMatching(/workspace closed before this could run.*Try again in the workspace now open/),
};

describe('a request to a workspace that closed', () => {
  it('after its client closed: NO_WORKSPACE, read or write', async () => {
    const db = new DbClient();
    await db.open(join(dir, 'a.duckdb'));
    expect(await db.rows<{ one: number }>(`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
    await db.close();
    await expect(db.rows(`SELECT 1`)).rejects.toMatchObject(closed);
    await expect(db.write((w) => w.run(`CREATE TABLE t (x INTEGER)`))).rejects.toMatchObject(closed);
  });

  it('at a worker with no database open (what it answers while one closes): NO_WORKSPACE', async () => {
    const db = new DbClient();
    await expect(db.rows(`SELECT 1`)).rejects.toMatchObject(closed);
    await expect(db.write((w) => w.run(`SELECT 1`))).rejects.toMatchObject(closed);
    await db.open(join(dir, 'b.duckdb'));
    expect(await db.rows<{ one: number }>(`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
    await db.close();
  });
});
