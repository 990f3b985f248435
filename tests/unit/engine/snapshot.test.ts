import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDraw, verifyDraw } from '../../../src-main/core/draw/draw';
import { atSnapshot, currentSnapshot } from '../../../src-main/core/engine/snapshot';
import { rerunSegment } from '../../../src-main/core/deliver/rerun';
import { saveSegment } from '../../../src-main/core/segments/run';
import { Session } from '../../../src-main/core/session';
import { csv, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';
import { builtWorkerUrl } from '../helpers/worker';
import { aceProcess } from '../helpers/cli';

const dir = tempDir();

/** Entrants n0..n(k-1), each one entry with an email and email consent. */
const entries = (from: number, k: number) =>
  csv([
    ['entry_id', 'entered_at', 'keyword', 'email', 'email_opt_in', 'zip'],
    ...Array.from({ length: k }, (_, i) => [`E${from + i}`, '2026-03-02 10:00', 'GLOBE', `p${from + i}@example.com`, 'yes', '02134']),
  ]);

/** A workspace with 40 entrants, a draw and a dry-run push made on them, then 25 more entrants imported. */
async function campaign(name: string): Promise<{ s: Session; drawId: string; pushId: string; snapshot: number | null }> {
  const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
  await s.open(join(dir, name), { create: true });
  await imp(
    s,
    file(
      dir,
      'plan.csv',
      csv([
        ['media_buy_id', 'name', 'keyword'],
        ['MB1', 'Globe print', 'GLOBE'],
      ]),
    ),
    'media_buys',
  );
  await imp(s, file(dir, 'entries.csv', entries(0, 40)), 'entries');
  const db = s.requireDb();
  const draw = await runDraw(db, { tier: 'Grand prize', count: 3, alternates: 1, seed: 'snapshot-seed' });
  const seg = await saveSegment(db, { name: 'Email people', rule: { type: 'reachable', channel: 'email' } });
  const con = await s.deliver.saveConnector({ name: 'Drop', config: { kind: 'csv', folder: join(dir, `drop-${name}`) } });
  const push = await s.deliver.start({ segment: seg.segmentId, channel: 'email', fields: [], connectorId: con.connectorId, dryRun: true });
  await s.deliver.idle();
  await imp(s, file(dir, 'more.csv', entries(100, 25)), 'entries');
  return { s, drawId: draw.drawId, pushId: push.pushId, snapshot: draw.snapshot };
}

describe('reproducible by snapshot: a draw and a push re-run as they read the lake', () => {
  let lake: Awaited<ReturnType<typeof campaign>>;
  let flat: Awaited<ReturnType<typeof campaign>>;
  beforeAll(async () => {
    lake = await campaign('team.ducklake');
    flat = await campaign('solo.duckdb');
  });
  afterAll(async () => {
    await lake.s.close();
    await flat.s.close();
  });

  it('a draw on a lake records its snapshot and verifies after more imports: the same pool, the same winners', async () => {
    expect(lake.snapshot).toBeGreaterThan(0);
    const v = await verifyDraw(lake.s.requireDb(), lake.drawId);
    expect(v).toMatchObject({ same: true, poolChanged: false });
    expect(v.message).toMatch(/same 40 eligible people \(the lake as it stood at snapshot \d+\)/);
  });

  it('on a DuckDB file (no snapshots) the same draw says its pool changed with the import', async () => {
    expect(flat.snapshot).toBeNull();
    const v = await verifyDraw(flat.s.requireDb(), flat.drawId);
    expect(v).toMatchObject({ same: false, poolChanged: true });
    expect(v.message).toContain('65 eligible people now');
  });

  it('a push’s segment re-runs at its snapshot on a lake: the same 40 people, 65 today', async () => {
    const r = await rerunSegment(lake.s.requireDb(), lake.pushId);
    expect(r).toMatchObject({ recorded: 40, again: 40, now: 65, same: true });
    expect(r.snapshot).toBeGreaterThan(0);
    expect(r.message).toMatch(
      /^Reproduced: "Email people" v1 at lake snapshot \d+ matches the same 40 people the push saw \(65 on today's data\)\.$/,
    );
  });

  it('on a DuckDB file it says the people changed since, and why it cannot read the past', async () => {
    const r = await rerunSegment(flat.s.requireDb(), flat.pushId);
    expect(r).toMatchObject({ snapshot: null, recorded: 40, again: 65, now: 65, same: false });
    expect(r.message).toContain('A DuckDB file keeps no snapshots');
  });

  it('a tampered record is told apart from a changed lake', async () => {
    const db = lake.s.requireDb();
    await db.write((w) => w.run(`UPDATE pushes SET segment_people = 39 WHERE push_id = ?`, [lake.pushId]));
    const r = await rerunSegment(db, lake.pushId);
    expect(r.same).toBe(false);
    expect(r.message).toContain('not the 39 the push recorded: the record or the lake was altered');
    await db.write((w) => w.run(`UPDATE pushes SET segment_people = 40 WHERE push_id = ?`, [lake.pushId]));
  });

  it('reads a table made after the snapshot as empty, writes nothing, and leaves the connection reading today again', async () => {
    const db = lake.s.requireDb();
    const before = (await currentSnapshot(db))!;
    await db.write((w) => w.run(`CREATE TABLE made_later AS SELECT 1 AS x`));
    const seen = await atSnapshot(db, before, async (at) => {
      const [m] = await at.rows<{ n: unknown }>(`SELECT count(*) AS n FROM made_later`);
      const [e] = await at.rows<{ n: unknown }>(`SELECT count(*) AS n FROM entries`);
      await expect(at.write(async () => undefined)).rejects.toThrow(/writes nothing/);
      return { later: Number(m!.n), entries: Number(e!.n) };
    });
    expect(seen).toEqual({ later: 0, entries: 65 });
    const early = await atSnapshot(db, lake.snapshot!, async (at) =>
      Number((await at.rows<{ n: unknown }>(`SELECT count(*) AS n FROM entries`))[0]!.n),
    );
    expect(early).toBe(40);
    // No shadow stays behind on the writer connection or the readers.
    await db.write(async (w) => expect(Number((await w.run<{ n: unknown }>(`SELECT count(*) AS n FROM made_later`))[0]!.n)).toBe(1));
    expect(Number((await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM entries`))[0]!.n)).toBe(65);
    // No snapshot was made by reading one.
    expect(await currentSnapshot(db)).toBe(before + 1);
  });

  it('refuses a snapshot the lake does not keep, and a DuckDB file, with what to do', async () => {
    await expect(atSnapshot(lake.s.requireDb(), 1_000_000, async () => 0)).rejects.toThrow(/no longer keeps snapshot 1000000/);
    await expect(atSnapshot(flat.s.requireDb(), 1, async () => 0)).rejects.toThrow(/Only a DuckLake keeps snapshots/);
  });

  it('`ace push --rerun` says the same from the command line, and exits 1 when the people differ', async () => {
    await lake.s.close();
    await flat.s.close();
    const onLake = aceProcess(['push', '--workspace', join(dir, 'team.ducklake'), '--rerun', '--push', lake.pushId]);
    expect(onLake.stderr).toBe('');
    expect(onLake.code).toBe(0);
    expect(onLake.stdout).toMatch(/^Reproduced: "Email people" v1 at lake snapshot \d+ matches the same 40 people/);
    const onFile = aceProcess(['push', '--workspace', join(dir, 'solo.duckdb'), '--rerun', '--push', flat.pushId, '--json']);
    expect(onFile.code).toBe(1);
    expect(JSON.parse(onFile.stdout)).toMatchObject({ snapshot: null, recorded: 40, again: 65, same: false });
  });
});
