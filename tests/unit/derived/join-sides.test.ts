import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../../src-main/core/import/importer';
import { Session } from '../../../src-main/core/session';
import { assertEngine, workspacePath } from '../helpers/engine';
import { tempDir } from '../helpers/tmp';
import { builtWorkerUrl } from '../helpers/worker';

/**
 * Linking an import's entries (derived/facts.ts) turns off DuckDB's choice of which side of a join to hash:
 * the new entries are in the import's transaction, where the planner takes them for as few as the committed
 * table holds. The setting is global to the database, so it must never outlive that statement: not after it
 * succeeds, and not after a failure aborted the transaction (it can only be reset after the rollback).
 */
const dir = tempDir('ace-join-sides-');
let s: Session;
const setting = async () => (await s.requireDb().rows<{ v: string }>(`SELECT current_setting('disabled_optimizers') AS v`))[0]!.v;

beforeAll(async () => {
  s = new Session({ dataDir: dir, workerUrl: builtWorkerUrl() });
  await s.open(workspacePath(dir, 'sides.duckdb'), { create: true });
  assertEngine(s);
});
afterAll(() => s.close());

describe('an optimizer turned off for one statement', () => {
  it('is on again after an import linked its entries', async () => {
    const r = await importFile(s.requireDb(), {
      path: fileURLToPath(new URL('../../fixtures/exports/twilio-messages.csv', import.meta.url)),
    });
    expect(r.rowsImported).toBeGreaterThan(0);
    const [facts] = await s.requireDb().rows<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM entry_facts_t`);
    expect(facts!.n).toBe(r.rowsImported);
    expect(await setting()).toBe('');
  });

  it('is on again after a failure aborted the transaction that turned it off, which nothing else saved', async () => {
    const db = s.requireDb();
    await expect(
      db.transaction(async (w) => {
        await w.run(`SET disabled_optimizers = 'build_side_probe_side'`);
        await w.run(`CREATE TABLE half_done (x INTEGER)`);
        await w.run(`SELECT error('the statement fails')`);
      }),
    ).rejects.toThrow();
    expect(await setting()).toBe('');
    expect(await db.rows(`SELECT table_name FROM duckdb_tables() WHERE table_name = 'half_done'`)).toEqual([]);
  });
});
