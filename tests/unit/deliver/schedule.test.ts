import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPushes } from '../../../src-main/core/deliver/history';
import { listSchedules, saveSchedule } from '../../../src-main/core/deliver/schedule';
import { saveSegment } from '../../../src-main/core/segments/run';
import { Session } from '../../../src-main/core/session';
import { rebuildFacts } from '../../../src-main/core/derived/facts';
import { demoSession } from '../helpers/demo';
import { tempDir } from '../helpers/tmp';

/**
 * Scheduled pushes through the CSV drop connector (real files): once, and every N days sending only
 * people not sent to before; a schedule missed while nothing ran runs once at the next start.
 */
const dir = tempDir('ace-schedule-');
let s: Session;
let segmentId = '';
let connectorId = '';
const folder = join(dir, 'drop');

/** Addresses in every CSV the connector wrote so far. */
function dropped(): string[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith('.csv'))
    .flatMap((f) =>
      readFileSync(join(folder, f), 'utf8')
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[1]!),
    );
}

beforeAll(async () => {
  s = await demoSession(dir, 'schedule.duckdb', 1500);
  const seg = await saveSegment(s.requireDb(), { name: 'Web entrants', rule: { type: 'response', field: 'channel', values: ['web'] } });
  segmentId = seg.segmentId;
  connectorId = (await s.deliver.saveConnector({ name: 'Drop folder', config: { kind: 'csv', folder } })).connectorId;
});
afterAll(() => s.close());

describe('scheduled pushes', () => {
  it('a recurring push sends only people it has not sent to; a missed run runs once', async () => {
    const db = s.requireDb();
    const sch = await s.deliver.preview({ segment: segmentId, channel: 'email', fields: ['first_name'] });
    await saveSchedule(db, {
      segmentId,
      connectorId,
      channel: 'email',
      fields: ['first_name'],
      firstRunAt: '2026-05-01T09:00',
      everyDays: 7,
    });
    // Not due yet: nothing runs.
    expect(await s.runSchedules('2026-05-01 08:59:00')).toEqual([]);
    const first = await s.runSchedules('2026-05-01 09:00:30');
    expect(first).toHaveLength(1);
    await s.deliver.idle();
    const firstSent = dropped();
    expect(firstSent.length).toBe(sch.reachable);
    expect(new Set(firstSent).size).toBe(firstSent.length);
    expect((await listSchedules(db))[0]!.nextRunAt).toBe('2026-05-08T09:00');

    // New web entrants with consent arrive.
    await db.transaction(async (w) => {
      for (let i = 0; i < 5; i++) {
        await w.run(
          `INSERT INTO entries (entry_id, entered_at, channel, email, email_opt_in, import_id, line) VALUES (?, '2026-05-03 10:00'::TIMESTAMP, 'web', ?, true, 900, ?)`,
          [`NEW${i}`, `newcomer${i}@example.com`, i + 1],
        );
      }
      await rebuildFacts(w);
    });

    // The app was closed for three weeks: the run comes once, not three times, and sends only the newcomers.
    const late = await s.runSchedules('2026-05-29 10:00:00');
    expect(late).toHaveLength(1);
    await s.deliver.idle();
    const all = dropped();
    const second = all.filter((a) => !firstSent.includes(a));
    expect(second.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `newcomer${i}@example.com`));
    expect(all.length).toBe(firstSent.length + 5);
    const pushes = await listPushes(db);
    expect(pushes[0]!.excluded.already_sent).toBe(sch.reachable);
    expect((await listSchedules(db))[0]!.nextRunAt).toBe('2026-06-05T09:00');
    expect(await s.runSchedules('2026-05-29 10:05:00')).toEqual([]);
  });

  it('a once schedule runs once and is then off', async () => {
    const saved = await saveSchedule(s.requireDb(), { segmentId, connectorId, channel: 'sms', fields: [], firstRunAt: '2026-06-01T12:00' });
    expect(await s.runSchedules('2026-06-01 12:00:00')).toHaveLength(1);
    await s.deliver.idle();
    const after = (await listSchedules(s.requireDb())).find((x) => x.scheduleId === saved.scheduleId)!;
    expect(after.enabled).toBe(false);
    expect(after.nextRunAt).toBeNull();
    await s.runSchedules('2026-06-09 12:00:00');
    await s.deliver.idle();
    expect((await listPushes(s.requireDb())).filter((p) => p.scheduleId === saved.scheduleId)).toHaveLength(1);
  });
});
