import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRunInfo } from '../../../src-main/contract/sync';
import { saveSegment } from '../../../src-main/core/segments/run';
import { Session } from '../../../src-main/core/session';
import { runSync } from '../../../src-main/core/sync/runner';
import { saveSync } from '../../../src-main/core/sync/store';
import { syncHandlers } from '../../../src-main/core/sync/handlers';
import { startSendGridServer, type SendGridServer } from '../../support/sending/sendgrid';
import { csv, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';
import { builtWorkerUrl } from '../helpers/worker';

/**
 * Audience sync to SendGrid Marketing Contacts lists, against its contract server: five runs of a segment that
 * grows, changes (a new answer, a new address, an opt-out), shrinks and meets a rate limit; after each run the
 * list holds exactly who it should, in mirror mode (one list) and upsert mode (another).
 */
const dir = tempDir('ace-sync-sg-');
const HEADER = ['entry_id', 'entered_at', 'keyword', 'email', 'phone', 'first_name', 'email_opt_in'];
let n = 0;
const entry = (i: number, keyword: string, o: { at?: string; email?: string; phone?: string; first?: string } = {}) => [
  `S${++n}`,
  o.at ?? '2026-03-02 10:00',
  keyword,
  o.email ?? `p${i}@example.com`,
  o.phone ?? '',
  o.first ?? `Ann${i}`,
  'yes',
];
const emails = (...is: (number | string)[]) => is.map((i) => (typeof i === 'string' ? i : `p${i}@example.com`)).sort();

describe('audience sync to SendGrid lists: five runs, both modes', () => {
  let s: Session;
  let sg: SendGridServer;
  let segmentId = '';
  const sync = { mirror: '', upsert: '' };
  const list = { mirror: '', upsert: '' };
  const run = (mode: 'mirror' | 'upsert', confirmRemovals = false): Promise<SyncRunInfo> =>
    runSync(s.requireDb(), s.deliver, sync[mode], { confirmRemovals });

  beforeAll(async () => {
    sg = await startSendGridServer({ pendingPolls: 0, listIds: ['list-mirror', 'list-upsert'] });
    s = new Session({
      workerUrl: builtWorkerUrl(),
      dataDir: dir,
      deliver: { retry: { baseMs: 10, maxMs: 100, maxAttempts: 5 }, sendGridPollMs: 20 },
    });
    await s.open(join(dir, 'sg.duckdb'), { create: true });
    await imp(
      s,
      file(
        dir,
        'e1.csv',
        csv([
          HEADER,
          ...[0, 1, 2, 3, 4, 5].map((i) => entry(i, 'GLOBE', i === 0 ? { phone: '+16175550100' } : {})),
          entry(0, 'SUN', { phone: '+16175550100' }),
          entry(1, 'SUN'),
        ]),
      ),
      'entries',
    );
    segmentId = (await saveSegment(s.requireDb(), { name: 'Globe', rule: { type: 'response', field: 'keyword', values: ['GLOBE'] } }))
      .segmentId;
    for (const mode of ['mirror', 'upsert'] as const) {
      list[mode] = `list-${mode}`;
      const con = await s.deliver.saveConnector({
        name: `SendGrid ${mode}`,
        config: { kind: 'sendgrid', listIds: [list[mode]], baseUrl: sg.baseUrl },
        secret: sg.apiKey,
      });
      sync[mode] = (
        await saveSync(s.requireDb(), {
          name: mode,
          segmentId,
          channel: 'email',
          fields: ['first_name'],
          connectorId: con.connectorId,
          mode,
          guardPct: 100,
        })
      ).syncId;
    }
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await sg?.close();
  });

  it('run 1 puts everyone on each list; run 2 adds who joined', async () => {
    const pv = await syncHandlers['sync.preview']({ syncId: sync.mirror }, s, undefined as never);
    expect(pv.firstRequest).toMatchObject({ method: 'PUT', path: '/v3/marketing/contacts', body: { list_ids: ['list-mirror'] } });
    for (const mode of ['mirror', 'upsert'] as const) expect(await run(mode)).toMatchObject({ status: 'done', done: { add: 6 } });
    expect(sg.onList('list-mirror')).toEqual(emails(0, 1, 2, 3, 4, 5));
    expect(sg.onList('list-upsert')).toEqual(emails(0, 1, 2, 3, 4, 5));
    await imp(s, file(dir, 'e2.csv', csv([HEADER, entry(6, 'GLOBE', { at: '2026-03-03 10:00' })])), 'entries');
    for (const mode of ['mirror', 'upsert'] as const)
      expect(await run(mode)).toMatchObject({ status: 'done', planned: { add: 1, unchanged: 6 } });
    expect(sg.onList('list-mirror')).toEqual(emails(0, 1, 2, 3, 4, 5, 6));
  }, 60_000);

  it('run 3: a new address moves the person on the list, a new answer updates, an opt-out comes off (mirror)', async () => {
    await imp(
      s,
      file(
        dir,
        'e3.csv',
        csv([
          HEADER,
          entry(0, 'GLOBE', { email: 'new0@example.com', phone: '+16175550100', at: '2026-03-04 10:00' }),
          entry(1, 'GLOBE', { first: 'Bea', at: '2026-03-04 11:00' }),
        ]),
      ),
      'entries',
    );
    await imp(s, file(dir, 'optouts.csv', 'channel,address,opted_out_at\nemail,p2@example.com,2026-03-05 09:00\n'), 'optouts');
    expect(await run('mirror')).toMatchObject({ status: 'done', done: { update: 2, remove: 1 } });
    expect(sg.onList('list-mirror')).toEqual(emails('new0@example.com', 1, 3, 4, 5, 6));
    expect(sg.contacts().get('p1@example.com')!.fields.first_name).toBe('Bea');
    // The old address stays a contact in the account; it is only off the list.
    expect(sg.contacts().get('p0@example.com')!.listIds).not.toContain('list-mirror');
    expect(await run('upsert')).toMatchObject({ status: 'done', done: { update: 2, remove: 0 } });
    expect(sg.onList('list-upsert')).toEqual(emails('new0@example.com', 1, 2, 3, 4, 5, 6));
  }, 60_000);

  it('run 4: the segment shrinks; run 5 meets a rate limit and carries on', async () => {
    await saveSegment(s.requireDb(), { segmentId, name: 'Globe', rule: { type: 'response', field: 'keyword', values: ['SUN'] } });
    expect(await run('mirror')).toMatchObject({ status: 'done', done: { remove: 4 } });
    expect(sg.onList('list-mirror')).toEqual(emails('new0@example.com', 1));
    expect(await run('upsert')).toMatchObject({ status: 'done', planned: { add: 0, update: 0, remove: 0 } });
    expect(sg.onList('list-upsert')).toHaveLength(7);
    await imp(s, file(dir, 'e5.csv', csv([HEADER, entry(7, 'SUN', { at: '2026-03-06 10:00' })])), 'entries');
    sg.fault({ kind: 'rate-limit', resetInSeconds: 0 });
    expect(await run('mirror')).toMatchObject({ status: 'done', done: { add: 1 } });
    expect(sg.onList('list-mirror')).toEqual(emails('new0@example.com', 1, 7));
    expect(sg.requests().some((r) => r.status === 429)).toBe(true);
  }, 60_000);
});
