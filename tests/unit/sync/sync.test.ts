import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src-main/core/dispatcher';
import type { Session } from '../../../src-main/core/session';
import { saveSegment } from '../../../src-main/core/segments/run';
import { localNow } from '../../../src-main/core/deliver/schedule';
import { startSendServer, type SendServer } from '../../support/sending/server';
import { csv, emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
const HEADER = ['entry_id', 'entered_at', 'keyword', 'email', 'phone', 'first_name', 'email_opt_in'];
let n = 0;
/** One entry: person `i` (p<i>@example.com) with consent unless `consent` is false. */
const entry = (i: number, keyword: string, o: { first?: string; at?: string; email?: string; phone?: string; consent?: boolean } = {}) => [
  `X${++n}`,
  o.at ?? '2026-03-02 10:00',
  keyword,
  o.email ?? `p${i}@example.com`,
  o.phone ?? '',
  o.first ?? `Ann${i}`,
  o.consent === false ? 'no' : 'yes',
];

/**
 * A segment that grows, changes and shrinks over five runs, synced in both modes to one local sending
 * service; after each run the service's list must equal what the segment says it should hold.
 */
describe('audience sync: five runs keep the list equal to the segment, in both modes', () => {
  let s: Session;
  let server: SendServer;
  let call: <T>(method: string, input: unknown) => Promise<T>;
  const ids: Record<'mirror' | 'upsert', string> = { mirror: '', upsert: '' };
  let segmentId = '';

  const list = (mode: 'mirror' | 'upsert') => [...server.list(ids[mode]).keys()].sort();
  const emails = (...is: number[]) => is.map((i) => `p${i}@example.com`).sort();
  const run = (mode: 'mirror' | 'upsert', confirmRemovals?: boolean) =>
    call<{ status: string; planned: Record<string, number>; done: Record<string, number> }>('sync.run', {
      syncId: ids[mode],
      ...(confirmRemovals ? { confirmRemovals } : {}),
    });

  beforeAll(async () => {
    s = await emptySession(dir);
    server = await startSendServer();
    process.env.ACE_PUSH_SECRET = server.secret;
    const dispatch = createDispatcher({ session: s, host: { host: 'cli', version: 'test', nativeDialogs: false } });
    call = async <T>(method: string, input: unknown) => {
      const r = await dispatch(method as never, input as never);
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
      return r.value as T;
    };
    // p0..p9 entered GLOBE (p0 also with a phone, p0..p3 also SUN); p10 entered without consent.
    await imp(
      s,
      file(
        dir,
        'e1.csv',
        csv([
          HEADER,
          ...Array.from({ length: 10 }, (_, i) => entry(i, 'GLOBE', i === 0 ? { phone: '+16175550100' } : {})),
          ...[0, 1, 2, 3].map((i) => entry(i, 'SUN')),
          entry(10, 'GLOBE', { consent: false }),
        ]),
      ),
      'entries',
    );
    segmentId = (await saveSegment(s.requireDb(), { name: 'Globe', rule: { type: 'response', field: 'keyword', values: ['GLOBE'] } }))
      .segmentId;
    const con = await call<{ connectorId: string }>('connectors.save', {
      name: 'Local',
      config: { kind: 'webhook', endpoint: server.endpoint },
    });
    for (const mode of ['mirror', 'upsert'] as const)
      ids[mode] = (
        await call<{ syncId: string }>('sync.save', {
          name: `Globe ${mode}`,
          segmentId,
          channel: 'email',
          fields: ['first_name'],
          connectorId: con.connectorId,
          mode,
          guardPct: 50,
        })
      ).syncId;
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await server?.close();
    delete process.env.ACE_PUSH_SECRET;
  });

  it('run 1 adds everyone who may be messaged (not the one without consent)', async () => {
    const p = await call<{ add: number; remove: number; firstRequest: { operation: string; contacts: unknown[] } }>('sync.preview', {
      syncId: ids.mirror,
    });
    expect(p).toMatchObject({ add: 10, remove: 0, firstRequest: { operation: 'add' } });
    for (const mode of ['mirror', 'upsert'] as const) {
      expect(await run(mode)).toMatchObject({ status: 'done', planned: { add: 10, update: 0, remove: 0 }, done: { add: 10 } });
      expect(list(mode)).toEqual(emails(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    }
    expect(server.list(ids.mirror).get('p3@example.com')).toEqual({ first_name: 'Ann3' });
  });

  it('run 2 adds only who joined; nothing else is sent again', async () => {
    await imp(
      s,
      file(dir, 'e2.csv', csv([HEADER, ...[11, 12, 13, 14].map((i) => entry(i, 'GLOBE', { at: '2026-03-03 10:00' }))])),
      'entries',
    );
    const before = server.deliveries().length;
    for (const mode of ['mirror', 'upsert'] as const) {
      expect(await run(mode)).toMatchObject({ status: 'done', planned: { add: 4, update: 0, remove: 0, unchanged: 10 } });
      expect(list(mode)).toEqual(emails(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14));
    }
    expect(server.deliveries().length - before).toBe(2); // one add batch per sync
  });

  it('run 3: a new answer updates, a new address moves the person, an opt-out removes (mirror) or is kept, never updated (upsert)', async () => {
    await imp(
      s,
      file(
        dir,
        'e3.csv',
        csv([
          HEADER,
          entry(1, 'GLOBE', { first: 'Bea', at: '2026-03-04 10:00' }),
          entry(0, 'GLOBE', { email: 'new0@example.com', phone: '+16175550100', first: 'Ann0', at: '2026-03-04 11:00' }),
        ]),
      ),
      'entries',
    );
    await imp(s, file(dir, 'optouts.csv', 'channel,address,opted_out_at\nemail,p2@example.com,2026-03-05 09:00\n'), 'optouts');
    const p = await call<{
      update: number;
      remove: number;
      kept: number;
      reasons: Record<string, number>;
      examples: { op: string; address: string; previousAddress: string | null; reason: string }[];
    }>('sync.preview', { syncId: ids.mirror });
    expect(p).toMatchObject({ update: 2, remove: 1, kept: 0, reasons: { details_changed: 1, address_changed: 1, opted_out: 1 } });
    expect(p.examples).toContainEqual({
      op: 'update',
      contactId: expect.any(String),
      address: 'new0@example.com',
      previousAddress: 'p0@example.com',
      reason: 'address_changed',
    });
    expect(await run('mirror')).toMatchObject({ status: 'done', planned: { update: 2, remove: 1 }, done: { update: 2, remove: 1 } });
    const mirrored = emails(1, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14).concat('new0@example.com').sort();
    expect(list('mirror')).toEqual(mirrored);
    expect(server.list(ids.mirror).get('p1@example.com')).toEqual({ first_name: 'Bea' });
    const up = await call<{ kept: number; remove: number }>('sync.preview', { syncId: ids.upsert });
    expect(up).toMatchObject({ kept: 1, remove: 0 });
    expect(await run('upsert')).toMatchObject({ status: 'done', planned: { update: 2, remove: 0 } });
    expect(list('upsert')).toEqual([...mirrored, 'p2@example.com'].sort());
  });

  it('run 4: the segment shrinks; the guard stops a mirror run that would empty most of the list until confirmed', async () => {
    await saveSegment(s.requireDb(), { segmentId, name: 'Globe', rule: { type: 'response', field: 'keyword', values: ['SUN'] } });
    const refused = await run('mirror').catch((e: Error & { code?: string }) => e);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error & { code?: string }).code).toBe('NEEDS_CHOICE');
    expect((refused as Error).message).toMatch(
      /^This run would remove 10 of the 13 people on "Globe mirror" \(76\.9%\), more than its guard of 50%/,
    );
    expect(list('mirror')).toHaveLength(13); // nothing was sent
    expect(await run('mirror', true)).toMatchObject({ status: 'done', planned: { remove: 10 }, done: { remove: 10 } });
    expect(list('mirror')).toEqual(['new0@example.com', 'p1@example.com', 'p3@example.com']);
    expect(await run('upsert')).toMatchObject({ status: 'done', planned: { add: 0, update: 0, remove: 0 } });
    expect(list('upsert')).toHaveLength(14);
  });

  it('run 5: through a service failing twice and refusing one address: retried with the same key, the refusal recorded', async () => {
    await imp(
      s,
      file(dir, 'e5.csv', csv([HEADER, entry(20, 'SUN', { at: '2026-03-06 10:00' }), entry(21, 'SUN', { at: '2026-03-06 10:00' })])),
      'entries',
    );
    server.fault({ kind: 'status', status: 503 }, { times: 2 });
    server.fault({ kind: 'reject', addresses: ['p21@example.com'], reason: 'mailbox unknown' });
    const r = await run('mirror');
    expect(r).toMatchObject({ status: 'done_with_failures', planned: { add: 2 }, done: { add: 1 } });
    expect(list('mirror')).toEqual(['new0@example.com', 'p1@example.com', 'p20@example.com', 'p3@example.com']);
    const keys = server
      .requests()
      .filter((x) => x.status === 503 || x.status === 200)
      .map((x) => x.key);
    expect(new Set(keys.slice(-3)).size).toBe(1); // the same batch, the same key, three times
    // The refused person is not on the list as far as the sync knows: the next run tries them again.
    expect(await call<{ add: number }>('sync.preview', { syncId: ids.mirror })).toMatchObject({ add: 1 });
    expect(await run('mirror')).toMatchObject({ status: 'done', done: { add: 1 } });
    expect(list('mirror')).toEqual(['new0@example.com', 'p1@example.com', 'p20@example.com', 'p21@example.com', 'p3@example.com']);
    const history = await call<{ status: string }[]>('sync.runs', { syncId: ids.mirror });
    expect(history.map((h) => h.status)).toEqual(['done', 'done_with_failures', 'done', 'done', 'done', 'done']);
  });

  it('refuses a SendGrid connector without the list to keep, and a sync of a segment that does not exist', async () => {
    const sg = await call<{ connectorId: string }>('connectors.save', {
      name: 'SG',
      config: { kind: 'sendgrid', listIds: [] },
      secret: 'SG.x',
    });
    await expect(
      call('sync.save', { name: 'X', segmentId, channel: 'email', connectorId: sg.connectorId, mode: 'upsert' }),
    ).rejects.toThrow(/A SendGrid sync keeps a list: add the list id to the connector/);
    const con = (await call<{ connectorId: string }[]>('connectors.list', {}))[0]!.connectorId;
    await expect(
      call('sync.save', { name: 'X', segmentId: 'seg_nope', channel: 'email', connectorId: con, mode: 'upsert' }),
    ).rejects.toThrow(/There is no saved segment "seg_nope"/);
  });

  it('the CSV drop writes one file per operation and batch, once', async () => {
    const folder = join(dir, 'drop');
    const con = await call<{ connectorId: string }>('connectors.save', { name: 'Drop', config: { kind: 'csv', folder } });
    const sync = await call<{ syncId: string }>('sync.save', {
      name: 'Drop',
      segmentId,
      channel: 'email',
      fields: ['first_name'],
      connectorId: con.connectorId,
      mode: 'mirror',
    });
    expect(await call('sync.run', { syncId: sync.syncId })).toMatchObject({ status: 'done', planned: { add: 5 } });
    const files = readdirSync(folder);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^syr_\d{8}_[0-9a-f]{12}-b1-add\.csv$/);
    const lines = readFileSync(join(folder, files[0]!), 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('contact_id,email,first_name');
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[1])
        .sort(),
    ).toEqual(['new0@example.com', 'p1@example.com', 'p20@example.com', 'p21@example.com', 'p3@example.com']);
  });

  it('a sync on a schedule runs by itself when due, once per period; what stopped it is kept as its note', async () => {
    const con = (await call<{ connectorId: string; config: { kind: string } }[]>('connectors.list', {})).find(
      (c) => c.config.kind === 'webhook',
    )!;
    const sync = await call<{ syncId: string; nextRunAt: string }>('sync.save', {
      name: 'Scheduled',
      segmentId,
      channel: 'email',
      fields: ['first_name'],
      connectorId: con.connectorId,
      mode: 'mirror',
      everyHours: 24,
    });
    expect(sync.nextRunAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const now = new Date(Date.now() + 60_000);
    const ran = await s.runSchedules(localNow(now));
    expect(ran.filter((id) => id.startsWith('syr_'))).toHaveLength(1);
    expect(server.list(sync.syncId).size).toBe(5);
    expect(await s.runSchedules(localNow(now))).toEqual([]); // not due again within the day
    // A day later the segment names nobody: removing the whole list trips the guard, and the schedule says so.
    await saveSegment(s.requireDb(), { segmentId, name: 'Globe', rule: { type: 'response', field: 'keyword', values: ['NOBODY'] } });
    expect(await s.runSchedules(localNow(new Date(now.getTime() + 25 * 3600_000)))).toEqual([]);
    const [info] = (await call<{ syncId: string; scheduleNote: string | null; listSize: number }[]>('sync.list', {})).filter(
      (x) => x.syncId === sync.syncId,
    );
    expect(info!.scheduleNote).toMatch(/did not happen: This run would remove 5 of the 5 people on "Scheduled" \(100\.0%\)/);
    expect(server.list(sync.syncId).size).toBe(5);
  });
});
