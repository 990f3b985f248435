import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../src-main/contract/types';
import { importFile } from '../../../src-main/core/import/importer';
import { previewFile } from '../../../src-main/core/import/preview';
import type { Session } from '../../../src-main/core/session';
import { emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';
import { onEveryCore } from '../helpers/threads';

onEveryCore();

const dir = tempDir();
const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/exports/${name}`, import.meta.url));

/** Imports with no kind given and checks the invariant for every kind the file held. */
async function auto(s: Session, path: string): Promise<ImportReport> {
  const r = await importFile(s.requireDb(), { path });
  for (const part of [r, ...(r.also ?? [])])
    expect(part.rowsRead, `${part.kind}: read = imported + rejected + duplicates`).toBe(
      part.rowsImported + part.rowsRejected + part.duplicatesSkipped,
    );
  return r;
}

const ndjson = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('JSON files: an array of records or JSON lines, read as the CSV of their records', () => {
  let s: Session;
  const rows = <T>(sql: string, params: unknown[] = []) => s.requireDb().rows<T>(sql, params as never);
  beforeAll(async () => {
    s = await emptySession(dir);
  });
  afterAll(() => s.close());

  it('SendGrid Event Webhook events saved as a JSON array: recognised, every event read as its outcome, deferrals skipped', async () => {
    const r = await auto(s, fixture('sendgrid-events.json'));
    expect(r).toMatchObject({
      recognised: 'SendGrid Event Webhook events (JSON)',
      kind: 'message_events',
      rowsRead: 9,
      rowsImported: 9,
      rowsRejected: 0,
      duplicatesSkipped: 0,
    });
    expect(r.source).toMatchObject({ format: 'json', gzip: false, headerLine: 1 });
    expect(r.source.encodingNote).toMatch(/^JSON array of records: record N is line N\+1/);
    expect(r.skipped.byRule).toEqual([{ why: expect.stringMatching(/^delivery steps that are not outcomes \(deferred/), rows: 1 }]);
    expect(r.skipped.blank).toBe(0);
    expect(
      await rows(
        `SELECT line, event, address, occurred_at::VARCHAR AS t, push_id, message_id, event_id, reason, url FROM message_events WHERE import_id = ? ORDER BY line`,
        [r.importId],
      ),
    ).toEqual([
      // Unix seconds, stored in the workspace's time zone (America/New_York, EDT): 14:00 UTC is 10:00. Record N is line N+1.
      {
        line: '2',
        event: 'sent',
        address: 'ann@example.com',
        t: '2026-03-20 10:00:00',
        push_id: 'p-42',
        message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
        event_id: 'rbtnWrG1DVDGGGFHFyun0A==',
        reason: null,
        url: null,
      },
      expect.objectContaining({ line: '3', event: 'delivered', address: 'ann@example.com', t: '2026-03-20 10:00:04' }),
      expect.objectContaining({
        line: '5',
        event: 'bounced',
        address: 'carol@example.com',
        reason: '500 unknown recipient',
        push_id: null,
      }),
      expect.objectContaining({ line: '6', event: 'bounced', address: 'dave@example.net', reason: '550 5.7.1 Message blocked' }),
      expect.objectContaining({ line: '7', event: 'opened', address: 'ann@example.com', t: '2026-03-20 11:00:00' }),
      expect.objectContaining({ line: '8', event: 'clicked', url: 'https://shop.example.com/spring?utm_campaign=ace' }),
      expect.objectContaining({ line: '9', event: 'complained', address: 'erin@example.com' }),
      expect.objectContaining({ line: '10', event: 'unsubscribed', address: 'frank@example.net' }),
      expect.objectContaining({ line: '11', event: 'unsubscribed', address: 'gina@example.com', push_id: 'p-43' }),
    ]);
    // Nested values (category arrays, url_offset) are kept as their compact JSON text among the other columns.
    expect(r.customColumns).toEqual(expect.arrayContaining(['category', 'url_offset', 'smtp-id', 'type']));
    const again = await auto(s, fixture('sendgrid-events.json'));
    expect(again.status).toBe('unchanged');
  });

  it('the preview of a JSON array: the union of the keys in first-seen order, nested values as JSON', async () => {
    const p = await previewFile(s.requireDb(), { path: fixture('sendgrid-events.json') });
    expect(p.format).toBe('json');
    expect(p.headers.slice(0, 9)).toEqual([
      'email',
      'timestamp',
      'smtp-id',
      'event',
      'category',
      'sg_event_id',
      'sg_message_id',
      'push_id',
      'pool',
    ]);
    expect(p.sample[0]![p.headers.indexOf('category')]).toBe('["spring","promo"]');
    expect(p.sample[6]![p.headers.indexOf('url_offset')]).toBe('{"index":0,"type":"html"}');
  });

  it('Twilio BulkExport (gzip JSON lines): outbound messages are outcomes, the reply and the queued message skipped and counted', async () => {
    const r = await auto(s, fixture('twilio-bulkexport.json.gz'));
    expect(r).toMatchObject({
      recognised: 'Twilio BulkExport messages (JSON lines)',
      kind: 'message_events',
      rowsRead: 5,
      rowsImported: 5,
      rowsRejected: 0,
    });
    expect(r.source).toMatchObject({ format: 'json', gzip: true, headerLine: 1 });
    expect(r.source.encodingNote).toMatch(/^JSON lines: line N of the file is line N\+1/);
    expect(r.skipped.byRule).toEqual([
      { why: 'messages that are not outbound (replies received, not outcomes of what was sent)', rows: 1 },
      { why: expect.stringMatching(/^delivery steps that are not outcomes/), rows: 1 },
    ]);
    expect(
      await rows(
        `SELECT line, event, channel, address, message_id, reason, occurred_at::VARCHAR AS t FROM message_events WHERE import_id = ? ORDER BY line`,
        [r.importId],
      ),
    ).toEqual([
      // ISO 8601 UTC in the workspace's time zone (EDT); the bodies' line breaks do not move the lines.
      {
        line: '2',
        event: 'delivered',
        channel: 'sms',
        address: '+16175550101',
        message_id: 'SMa1b2c3d4e5f60718293a4b5c6d7e8f90',
        reason: null,
        t: '2026-03-14 10:22:45',
      },
      {
        line: '3',
        event: 'sent',
        channel: 'sms',
        address: '+16175550102',
        message_id: 'SMa1b2c3d4e5f60718293a4b5c6d7e8f91',
        reason: null,
        t: '2026-03-14 10:22:43',
      },
      {
        line: '4',
        event: 'bounced',
        channel: 'sms',
        address: '+16175550103',
        message_id: 'SMa1b2c3d4e5f60718293a4b5c6d7e8f92',
        reason: '30003',
        t: '2026-03-14 10:23:10',
      },
      {
        line: '5',
        event: 'bounced',
        channel: 'sms',
        address: '+16175550104',
        message_id: 'SMa1b2c3d4e5f60718293a4b5c6d7e8f93',
        reason: '30006',
        t: '2026-03-14 10:22:44',
      },
      {
        line: '8',
        event: 'delivered',
        channel: 'sms',
        address: '+16175550101',
        message_id: 'SMa1b2c3d4e5f60718293a4b5c6d7e8f96',
        reason: null,
        t: '2026-03-14 11:02:15',
      },
    ]);
    expect((await auto(s, fixture('twilio-bulkexport.json.gz'))).status).toBe('unchanged');
  });

  it('a JSON line that does not parse, or is not an object, is a reject with its line; the lines after it keep theirs', async () => {
    const ok = (i: number, extra: Record<string, unknown> = {}) => ({
      address: `p${i}@example.com`,
      event: 'delivered',
      occurred_at: '2026-04-01T13:00:00Z',
      event_id: `e${i}`,
      ...extra,
    });
    const text = [
      JSON.stringify(ok(1, { note: 'two\nlines' })),
      '{"address": "p2@example.com", "event": "delivered",',
      '',
      JSON.stringify([1, 2]),
      JSON.stringify(ok(5)),
    ].join('\r\n');
    const r = await imp(s, file(dir, 'events.ndjson', text + '\r\n'), 'message_events');
    expect(r).toMatchObject({ rowsRead: 4, rowsImported: 2, rowsRejected: 2 });
    expect(r.rejects).toEqual([
      { line: 3, reason: expect.stringMatching(/^Line 2 of the file is not valid JSON \(.+\)\.$/) },
      { line: 5, reason: 'Line 4 of the file is an array, not a JSON object of fields.' },
    ]);
    // The blank line is blank; the rejected lines are not counted again as blank.
    expect(r.skipped.blank).toBe(1);
    expect(await rows(`SELECT line, address FROM message_events WHERE import_id = ? ORDER BY line`, [r.importId])).toEqual([
      { line: '2', address: 'p1@example.com' },
      { line: '6', address: 'p5@example.com' },
    ]);
    const raw = await rows<{ raw: string }>(`SELECT raw::VARCHAR AS raw FROM rejects WHERE import_id = ? AND line = 3`, [r.importId]);
    expect(JSON.parse(raw[0]!.raw)).toEqual({ text: '{"address": "p2@example.com", "event": "delivered",' });
  });

  it('an array element that is not an object is a reject with its record number', async () => {
    const path = file(
      dir,
      'events.json',
      `\uFEFF[\n {"address":"a@example.com","event":"open","occurred_at":"2026-04-01 09:00","event_id":"x1"},\n "oops",\n {"address":"b@example.com","event":"open","occurred_at":"2026-04-01 09:05","event_id":"x2","tags":["a, \\"b\\"",{"c":"]"}]}\n]\n`,
    );
    const r = await imp(s, path, 'message_events');
    expect(r).toMatchObject({ rowsRead: 3, rowsImported: 2, rowsRejected: 1 });
    expect(r.rejects).toEqual([{ line: 3, reason: 'Record 2 of the JSON array is a string, not a JSON object of fields.' }]);
  });

  it('a JSON file that is neither an array nor JSON lines, a cut-off array, or records wrapped in an object: a clear error', async () => {
    const pretty = file(dir, 'pretty.json', JSON.stringify({ address: 'a@example.com', event: 'open' }, null, 2));
    await expect(importFile(s.requireDb(), { path: pretty, kind: 'message_events' })).rejects.toThrow(
      /pretty\.json starts with \{ but its first line is not a JSON object by itself .*neither JSON lines \(one object per line\) nor a JSON array of objects\. Save the records as a JSON array or as JSON lines/,
    );
    const cut = file(dir, 'cut.json', '[{"address":"a@example.com","event":"open"},{"address":"b@exa');
    await expect(importFile(s.requireDb(), { path: cut, kind: 'message_events' })).rejects.toThrow(
      /cut\.json is not a complete JSON array: record 2 is cut off and the array never closes\. Export or download it again\./,
    );
    const wrapped = file(dir, 'wrapped.json', JSON.stringify({ messages: [{ address: 'a@example.com' }] }));
    await expect(importFile(s.requireDb(), { path: wrapped, kind: 'message_events' })).rejects.toThrow(
      /wrapped\.json is one JSON object that holds its records under "messages"\. Save that list itself as a JSON array/,
    );
    const numbers = file(dir, 'numbers.json', '[1, 2, 3]');
    await expect(importFile(s.requireDb(), { path: numbers, kind: 'message_events' })).rejects.toThrow(
      /numbers\.json holds no JSON objects that can be read as rows \(Record 1 of the JSON array is a number/,
    );
    // A CSV whose header starts with a bracket stays a CSV.
    const bracket = file(dir, 'bracket.csv', '[address],event,occurred_at,event_id\na@example.com,open,2026-04-01 09:00,b1\n');
    const p = await previewFile(s.requireDb(), { path: bracket, kind: 'message_events' });
    expect(p).toMatchObject({ format: 'csv', headers: ['[address]', 'event', 'occurred_at', 'event_id'] });
  });

  it('200,000 JSON lines stream through (and gzip JSON lines are read too): every record read and counted', async () => {
    const path = join(dir, 'many.ndjson');
    const out = createWriteStream(path);
    for (let i = 0; i < 200_000; i += 10_000) {
      let chunk = '';
      for (let j = i; j < i + 10_000; j++)
        chunk +=
          JSON.stringify({
            event_id: `ev-${j}`,
            address: `p${j % 5000}@example.com`,
            event: j % 2 ? 'open' : 'delivered',
            occurred_at: 1774015200 + j,
            meta: { n: j, tags: ['a', 'b'] },
          }) + '\n';
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(() => r()));
    const r = await imp(s, path, 'message_events');
    expect(r).toMatchObject({ rowsRead: 200_000, rowsImported: 200_000, rowsRejected: 0 });
    const gz = file(
      dir,
      'small.ndjson.gz',
      gzipSync(ndjson([{ event_id: 'g1', address: 'g@example.com', event: 'open', occurred_at: 1774015200 }])),
    );
    expect(await imp(s, gz, 'message_events')).toMatchObject({ rowsRead: 1, rowsImported: 1 });
  }, 120_000);
});
