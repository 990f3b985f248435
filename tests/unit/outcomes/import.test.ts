import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../src-main/core/session';
import { importFile } from '../../../src-main/core/import/importer';
import { ensurePeople } from '../../../src-main/core/derived/people';
import { csv, emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/exports/${name}`, import.meta.url));

describe('message outcomes: sending services’ events come in through the same import', () => {
  let s: Session;
  const rows = <T>(sql: string, params: unknown[] = []) => s.requireDb().rows<T>(sql, params as never);
  beforeAll(async () => {
    s = await emptySession(dir);
  });
  afterAll(() => s.close());

  it('a SendGrid activity export: recognised, every event word read as its outcome, deferrals skipped and counted', async () => {
    const r = await importFile(s.requireDb(), { path: fixture('sendgrid-activity.csv') });
    expect(r).toMatchObject({ recognised: 'SendGrid email activity export', kind: 'message_events', rowsRead: 11, rowsImported: 9 });
    expect(r.rowsRead).toBe(r.rowsImported + r.rowsRejected + r.duplicatesSkipped);
    expect(r.skipped.byRule).toEqual([{ why: expect.stringMatching(/^delivery steps that are not outcomes \(deferred, queued/), rows: 1 }]);
    expect(r.rejects).toEqual([
      { line: 12, reason: 'Missing occurred_at.' },
      { line: 13, reason: 'Cannot read the address "not-an-address" as an email address.' },
    ]);
    expect(
      await rows(`SELECT event, address, occurred_at::VARCHAR AS t, url FROM message_events WHERE import_id = ? ORDER BY line`, [
        r.importId,
      ]),
    ).toEqual([
      // Unix seconds, stored in the workspace's time zone (America/New_York, EDT): 14:00 UTC is 10:00.
      { event: 'sent', address: 'ann@example.com', t: '2026-03-20 10:00:00', url: null },
      { event: 'delivered', address: 'ann@example.com', t: '2026-03-20 10:00:04', url: null },
      { event: 'opened', address: 'ann@example.com', t: '2026-03-20 11:00:00', url: null },
      { event: 'clicked', address: 'ann@example.com', t: '2026-03-20 11:01:40', url: 'https://shop.example.com/spring?utm_campaign=ace' },
      { event: 'delivered', address: 'bob@example.net', t: '2026-03-20 10:15:00', url: null },
      { event: 'unsubscribed', address: 'bob@example.net', t: '2026-03-20 12:00:00', url: null },
      { event: 'bounced', address: 'carol@example.org', t: '2026-03-20 10:00:05', url: null },
      { event: 'delivered', address: 'dave@example.com', t: '2026-03-20 10:00:06', url: null },
      { event: 'complained', address: 'dave@example.com', t: '2026-03-21 10:00:00', url: null },
    ]);
    // The same file again changes nothing.
    const again = await importFile(s.requireDb(), { path: fixture('sendgrid-activity.csv') });
    expect(again.status).toBe('unchanged');
  });

  it('a Mailchimp email activity report (JSON): every activity of every recipient is a row, recipients who did nothing counted', async () => {
    const r = await importFile(s.requireDb(), { path: fixture('mailchimp-email-activity.json') });
    expect(r).toMatchObject({ recognised: 'Mailchimp email activity report', kind: 'message_events', rowsRead: 4, rowsImported: 3 });
    expect(r.source.encodingNote).toContain('1 recipient with no activity had nothing to import');
    expect(r.rejects).toEqual([{ line: 5, reason: 'Missing occurred_at.' }]);
    expect(
      await rows(`SELECT event, address, occurred_at::VARCHAR AS t, reason, url FROM message_events WHERE import_id = ? ORDER BY line`, [
        r.importId,
      ]),
    ).toEqual([
      // +00:00, stored in the workspace's time (New York, EDT).
      { event: 'opened', address: 'ann@example.com', t: '2026-04-06 20:15:02', reason: null, url: null },
      {
        event: 'clicked',
        address: 'ann@example.com',
        t: '2026-04-06 20:16:40',
        reason: null,
        url: 'https://shop.example.com/spring?utm_campaign=reminder',
      },
      { event: 'bounced', address: 'bob@example.net', t: '2026-04-06 10:01:00', reason: 'hard', url: null },
    ]);
  });

  it('the documented generic file: an unknown event word is rejected with the words it may be, the channel read from the address', async () => {
    const path = file(
      dir,
      'push-outcomes.csv',
      csv([
        ['address', 'channel', 'event', 'time', 'push_id'],
        ['+1 (617) 555-0199', '', 'delivered', '2026-04-01 09:00', 'p-1'],
        ['fay@example.com', 'email', 'Opened', '2026-04-01T13:00:00Z', 'p-1'],
        ['fay@example.com', 'e-mail', 'replied', '2026-04-01 14:00', ''],
        ['gus@example.com', '', 'forwarded', '2026-04-01 14:00', 'p-1'],
        ['gus@example.com', 'fax', 'delivered', '2026-04-01 14:00', 'p-1'],
      ]),
    );
    const r = await imp(s, path, 'message_events');
    expect(r).toMatchObject({ rowsRead: 5, rowsImported: 3, rowsRejected: 2 });
    expect(r.rejects.map((x) => x.reason)).toEqual([
      'Cannot read the event "forwarded" as an outcome (sent, delivered, bounced, opened, clicked, unsubscribed, complained, replied).',
      'Cannot tell the channel of "gus@example.com" (email, sms or push).',
    ]);
    expect(
      await rows(`SELECT channel, address, event, push_id FROM message_events WHERE import_id = ? ORDER BY line`, [r.importId]),
    ).toEqual([
      { channel: 'sms', address: '+16175550199', event: 'delivered', push_id: 'p-1' },
      { channel: 'email', address: 'fay@example.com', event: 'opened', push_id: 'p-1' },
      { channel: 'email', address: 'fay@example.com', event: 'replied', push_id: null },
    ]);
  });

  it('an unsubscribe or spam complaint a service reports is an opt-out: consent follows at once', async () => {
    const entries = file(
      dir,
      'entries.csv',
      csv([
        ['entry_id', 'entered_at', 'email', 'email_opt_in'],
        ['e1', '2026-03-01 10:00', 'hal@example.com', 'yes'],
        ['e2', '2026-03-01 11:00', 'ivy@example.com', 'yes'],
      ]),
    );
    await imp(s, entries, 'entries');
    const consented = async () => {
      await ensurePeople(s.requireDb());
      return (
        await rows<{ email: string }>(`SELECT unnest(email_addresses) AS email FROM segment_people WHERE reachable_email ORDER BY 1`)
      ).map((r) => r.email);
    };
    expect(await consented()).toEqual(['hal@example.com', 'ivy@example.com']);
    const events = file(
      dir,
      'events.csv',
      csv([
        ['email', 'event', 'timestamp'],
        ['hal@example.com', 'spamreport', '2026-03-05 10:00'],
        ['ivy@example.com', 'delivered', '2026-03-05 10:00'],
      ]),
    );
    await imp(s, events, 'message_events');
    expect(await consented()).toEqual(['ivy@example.com']);
  });
});
