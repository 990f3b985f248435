import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRunInfo } from '../../../src-main/contract/sync';
import { saveSegment } from '../../../src-main/core/segments/run';
import { Session } from '../../../src-main/core/session';
import { runSync } from '../../../src-main/core/sync/runner';
import { saveSync } from '../../../src-main/core/sync/store';
import { syncHandlers } from '../../../src-main/core/sync/handlers';
import { startMailchimpServer, type MailchimpServer } from '../../support/sending/mailchimp';
import { csv, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';
import { builtWorkerUrl } from '../helpers/worker';

/**
 * Audience sync to a Mailchimp audience as tags, against its contract server: five runs of a segment that grows,
 * changes (a new answer, a new address, an opt-out), shrinks and meets a 5xx; after each run the tag holds
 * exactly who it should, in mirror mode (one tag) and upsert mode (another); someone Mailchimp keeps
 * unsubscribed is never re-subscribed or tagged.
 */
const dir = tempDir('ace-sync-mc-');
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

describe('audience sync to Mailchimp tags: five runs, both modes', () => {
  let s: Session;
  let mc: MailchimpServer;
  let segmentId = '';
  const sync = { mirror: '', upsert: '' };
  const run = (mode: 'mirror' | 'upsert', confirmRemovals = false): Promise<SyncRunInfo> =>
    runSync(s.requireDb(), s.deliver, sync[mode], { confirmRemovals });

  beforeAll(async () => {
    mc = await startMailchimpServer();
    s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir, deliver: { retry: { baseMs: 10, maxMs: 100, maxAttempts: 5 } } });
    await s.open(join(dir, 'mc.duckdb'), { create: true });
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
    const con = await s.deliver.saveConnector({
      name: 'Mailchimp',
      config: { kind: 'mailchimp', listId: mc.listId, baseUrl: mc.baseUrl },
      secret: mc.apiKey,
    });
    for (const mode of ['mirror', 'upsert'] as const)
      sync[mode] = (
        await saveSync(s.requireDb(), {
          name: `Globe ${mode}`,
          segmentId,
          channel: 'email',
          fields: ['first_name'],
          connectorId: con.connectorId,
          mode,
          guardPct: 100,
        })
      ).syncId;
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await mc?.close();
  });

  it('run 1 puts everyone on each list; run 2 adds who joined', async () => {
    const pv = await syncHandlers['sync.preview']({ syncId: sync.mirror }, s, undefined as never);
    expect(pv.firstRequest).toMatchObject({ method: 'POST', path: `/3.0/lists/${mc.listId}`, body: { update_existing: true } });
    for (const mode of ['mirror', 'upsert'] as const) expect(await run(mode)).toMatchObject({ status: 'done', done: { add: 6 } });
    expect(mc.tagged('Globe mirror')).toEqual(emails(0, 1, 2, 3, 4, 5));
    expect(mc.tagged('Globe upsert')).toEqual(emails(0, 1, 2, 3, 4, 5));
    await imp(s, file(dir, 'e2.csv', csv([HEADER, entry(6, 'GLOBE', { at: '2026-03-03 10:00' })])), 'entries');
    for (const mode of ['mirror', 'upsert'] as const)
      expect(await run(mode)).toMatchObject({ status: 'done', planned: { add: 1, unchanged: 6 } });
    expect(mc.tagged('Globe mirror')).toEqual(emails(0, 1, 2, 3, 4, 5, 6));
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
    expect(mc.tagged('Globe mirror')).toEqual(emails('new0@example.com', 1, 3, 4, 5, 6));
    expect(mc.members().get('p1@example.com')!.mergeFields.FNAME).toBe('Bea');
    // The old address stays in the audience with its status; only the tag came off.
    expect(mc.members().get('p0@example.com')!.status).toBe('subscribed');
    expect(await run('upsert')).toMatchObject({ status: 'done', done: { update: 2, remove: 0 } });
    expect(mc.tagged('Globe upsert')).toEqual(emails('new0@example.com', 1, 2, 3, 4, 5, 6));
  }, 60_000);

  it('run 4: the segment shrinks; run 5 meets a 503 and someone Mailchimp keeps unsubscribed', async () => {
    await saveSegment(s.requireDb(), { segmentId, name: 'Globe', rule: { type: 'response', field: 'keyword', values: ['SUN'] } });
    expect(await run('mirror')).toMatchObject({ status: 'done', done: { remove: 4 } });
    expect(mc.tagged('Globe mirror')).toEqual(emails('new0@example.com', 1));
    expect(await run('upsert')).toMatchObject({ status: 'done', planned: { add: 0, update: 0, remove: 0 } });
    expect(mc.tagged('Globe upsert')).toHaveLength(7);
    await imp(
      s,
      file(dir, 'e5.csv', csv([HEADER, entry(7, 'SUN', { at: '2026-03-06 10:00' }), entry(8, 'SUN', { at: '2026-03-06 10:00' })])),
      'entries',
    );
    mc.seed('p8@example.com', 'unsubscribed');
    mc.fault({ kind: 'status', status: 503 });
    expect(await run('mirror')).toMatchObject({ status: 'done_with_failures', done: { add: 1 }, failed: 1 });
    expect(mc.tagged('Globe mirror')).toEqual(emails('new0@example.com', 1, 7));
    expect(mc.members().get('p8@example.com')!.status).toBe('unsubscribed');
    expect(mc.requests().some((r) => r.status === 503)).toBe(true);
  }, 60_000);
});
