import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveSegment } from '../../../src-main/core/segments/run';
import type { Session } from '../../../src-main/core/session';
import { cancelRun, resumeUnfinishedRuns, runSync } from '../../../src-main/core/sync/runner';
import { runInfo, saveSync } from '../../../src-main/core/sync/store';
import { startSendServer, type SendServer } from '../../support/sending/server';
import { csv, emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

/**
 * A run stopped from the screen (Stop) and one cut off by a shutdown are sent on at the next start, as pushes
 * are: progress goes out as task events, the stopped run is resumable, and the list ends equal to the segment.
 */
const dir = tempDir('ace-sync-resume-');

describe('stopping a sync run and resuming it at start', () => {
  let s: Session;
  let server: SendServer;
  let syncId = '';
  const people = Array.from({ length: 12 }, (_, i) => `r${i}@example.com`);

  beforeAll(async () => {
    s = await emptySession(dir);
    server = await startSendServer();
    await imp(
      s,
      file(
        dir,
        'e.csv',
        csv([
          ['entry_id', 'entered_at', 'keyword', 'email', 'email_opt_in'],
          ...people.map((e, i) => [`R${i}`, '2026-03-02 10:00', 'GLOBE', e, 'yes']),
        ]),
      ),
      'entries',
    );
    const seg = await saveSegment(s.requireDb(), { name: 'All', rule: { all: [] } });
    const con = await s.deliver.saveConnector({
      name: 'Local',
      config: { kind: 'webhook', endpoint: server.endpoint, timeoutMs: 5000 },
      secret: server.secret,
    });
    syncId = (
      await saveSync(s.requireDb(), {
        name: 'All',
        segmentId: seg.segmentId,
        channel: 'email',
        connectorId: con.connectorId,
        mode: 'mirror',
        batchSize: 2,
      })
    ).syncId;
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await server?.close();
  });

  it('Stop leaves the run interrupted after the batch in flight; the start resumes it; every address once', async () => {
    server.fault({ kind: 'slow', ms: 150 }, { times: 1000 });
    const progress: number[] = [];
    s.events.subscribe((name, p) => {
      const e = p as { taskId?: string; done?: number };
      if (name === 'task.progress' && e.taskId === `sync-${syncId}`) progress.push(e.done!);
    });
    const run = runSync(s.requireDb(), s.deliver, syncId, { events: s.events }).catch((e: Error) => e);
    await expect.poll(() => progress.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(cancelRun(syncId)).toBe(true);
    const stopped = await run;
    expect(stopped).toBeInstanceOf(Error);
    expect((stopped as Error).message).toMatch(/^Sync stopped before it finished; Resume sends the rest/);
    const [r] = await s.requireDb().rows<{ run_id: string }>(`SELECT run_id FROM sync_runs WHERE sync_id = $1`, [syncId]);
    expect((await runInfo(s.requireDb(), r!.run_id)).status).toBe('interrupted');
    expect(server.list(syncId).size).toBeLessThan(people.length);
    expect(cancelRun(syncId)).toBe(false); // nothing running now

    // What the app does at start.
    expect(await resumeUnfinishedRuns(s.requireDb(), s.deliver, s.events)).toEqual([r!.run_id]);
    expect((await runInfo(s.requireDb(), r!.run_id)).status).toBe('done');
    expect([...server.list(syncId).keys()].sort()).toEqual([...people].sort());
    const keys = server.deliveries().map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(people.length / 2);
    expect(progress.at(-1)).toBe(people.length / 2);
  }, 60_000);
});
