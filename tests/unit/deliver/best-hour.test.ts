import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSchedules, localNow, runDueSchedules, saveSchedule } from '../../../src-main/core/deliver/schedule';
import { saveSegment } from '../../../src-main/core/segments/run';
import type { Session } from '../../../src-main/core/session';
import { startSendServer, type SendServer } from '../../support/sending/server';
import { csv, emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

/**
 * A schedule "at each person's best hour", run hour by hour against a real sending-service test server. Worked
 * out by hand (20 March 2026: New York on EDT, UTC-4; San Francisco on PDT, UTC-7):
 * - Ann (Boston) opened three times around 19:00 her time: her own best hour is 19.
 * - Bob (San Francisco) responded four times at 08:00 his time: his is 8.
 * - Eve (Boston) opened three times around 03:00 her time: hers is 3.
 * - Cat (Boston) responded once (12:00): too few for her own, so the members' best hour is hers: 8, the hour with
 *   the most responses (4; 19 and 3 have three each), in her time.
 * - Dan has no zip: no responses, the members' 8, in the workspace's time (New York).
 */
const dir = tempDir('ace-best-hour-');
let s: Session;
let server: SendServer;
let connectorId = '';
let segmentId = '';
const at = (iso: string) => localNow(new Date(iso));

beforeAll(async () => {
  server = await startSendServer();
  s = await emptySession(dir);
  await imp(
    s,
    file(
      dir,
      'entries.csv',
      csv([
        ['entry_id', 'entered_at', 'email', 'zip', 'email_opt_in'],
        ['e1', '2026-03-01 10:00', 'ann@example.com', '02134', 'yes'],
        ['e2', '2026-03-01 10:00', 'bob@example.com', '94103', 'yes'],
        ['e3', '2026-03-01 10:00', 'cat@example.com', '02139', 'yes'],
        ['e4', '2026-03-01 10:00', 'dan@example.com', '', 'yes'],
        ['e5', '2026-03-01 10:00', 'eve@example.com', '02134', 'yes'],
      ]),
    ),
    'entries',
  );
  await imp(
    s,
    file(
      dir,
      'events.csv',
      csv([
        ['email', 'event', 'timestamp'],
        ['ann@example.com', 'open', '2026-03-10T23:05:00Z'],
        ['ann@example.com', 'open', '2026-03-11T23:10:00Z'],
        ['ann@example.com', 'click', '2026-03-12T23:20:00Z'],
        ['bob@example.com', 'click', '2026-03-10T15:00:00Z'],
        ['bob@example.com', 'click', '2026-03-11T15:30:00Z'],
        ['bob@example.com', 'open', '2026-03-12T15:45:00Z'],
        ['bob@example.com', 'click', '2026-03-13T15:10:00Z'],
        ['cat@example.com', 'open', '2026-03-10T16:00:00Z'],
        // Eve reads at 03:00 in Boston (07:00 UTC): no run below happens at her hour.
        ['eve@example.com', 'open', '2026-03-10T07:05:00Z'],
        ['eve@example.com', 'open', '2026-03-11T07:15:00Z'],
        ['eve@example.com', 'open', '2026-03-12T07:25:00Z'],
      ]),
    ),
    'message_events',
  );
  segmentId = (await saveSegment(s.requireDb(), { name: 'Everyone', rule: { all: [] } })).segmentId;
  connectorId = (
    await s.deliver.saveConnector({
      name: 'Local',
      config: { kind: 'webhook', endpoint: server.endpoint, timeoutMs: 15_000 },
      secret: server.secret,
    })
  ).connectorId;
});
afterAll(async () => {
  await s.close();
  await server.close();
});

describe('a schedule at each person’s best hour', () => {
  it('sends to each person once, at their best hour in their own time, over the 24 hours from its start', async () => {
    const db = s.requireDb();
    await expect(
      saveSchedule(db, {
        segmentId,
        connectorId,
        channel: 'email',
        fields: [],
        firstRunAt: '2026-03-20T08:00',
        everyDays: 7,
        atBestHour: true,
      }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const first = at('2026-03-20T12:00:00Z');
    const sch = await saveSchedule(db, {
      segmentId,
      connectorId,
      channel: 'email',
      fields: [],
      firstRunAt: first.slice(0, 16).replace(' ', 'T'),
      atBestHour: true,
    });
    expect(sch).toMatchObject({ atBestHour: true, until: at('2026-03-21T12:00:00Z').slice(0, 16).replace(' ', 'T') });
    const run = async (iso: string) => {
      const before = new Set(server.addressesDelivered().keys());
      await runDueSchedules(db, s.deliver, at(iso));
      await s.deliver.idle();
      return [...server.addressesDelivered().keys()].filter((a) => !before.has(a)).sort();
    };
    // 08:00 in New York: Cat (the members' hour) and Dan (no zone: the workspace's).
    expect(await run('2026-03-20T12:00:00Z')).toEqual(['cat@example.com', 'dan@example.com']);
    // 09:00 in New York, 06:00 in San Francisco: nobody's hour; no push, no run in the history.
    expect(await run('2026-03-20T13:00:00Z')).toEqual([]);
    // 08:00 in San Francisco: Bob.
    expect(await run('2026-03-20T15:00:00Z')).toEqual(['bob@example.com']);
    // 19:00 in Boston: Ann.
    expect(await run('2026-03-20T23:00:00Z')).toEqual(['ann@example.com']);
    // The next morning, the window's last hour: everyone not sent to yet (Eve, whose 03:00 no run met), whatever the hour.
    expect(await run('2026-03-21T12:30:00Z')).toEqual(['eve@example.com']);
    for (const [address, n] of server.addressesDelivered()) expect(n, address).toBe(1);
    const runs = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM push_schedule_runs WHERE schedule_id = $1`, [sch.scheduleId]);
    expect(Number(runs[0]!.n)).toBe(4);
    const [after] = (await listSchedules(db)).filter((x) => x.scheduleId === sch.scheduleId);
    expect(after).toMatchObject({ enabled: false, nextRunAt: null });
  });
});
