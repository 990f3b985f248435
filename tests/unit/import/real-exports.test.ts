import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../src-main/contract/types';
import { importFile } from '../../../src-main/core/import/importer';
import { previewFile } from '../../../src-main/core/import/preview';
import type { Session } from '../../../src-main/core/session';
import { emptySession } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/exports/${name}`, import.meta.url));

/** Imports with no --kind and checks the invariant for every kind the file held. */
async function imp(s: Session, name: string): Promise<ImportReport> {
  const r = await importFile(s.requireDb(), { path: fixture(name) });
  for (const part of [r, ...(r.also ?? [])]) {
    expect(part.rowsRead, `${name} ${part.kind}: read = imported + rejected + duplicates`).toBe(
      part.rowsImported + part.rowsRejected + part.duplicatesSkipped,
    );
  }
  return r;
}

describe('real exports: recognised with no kind given, read right', () => {
  let s: Session;
  const rows = <T>(sql: string, params: unknown[] = []) => s.requireDb().rows<T>(sql, params as never);
  beforeAll(async () => {
    s = await emptySession(dir);
  });
  afterAll(() => s.close());

  it('a Twilio message log: keyword texts are SMS entries, other texts replies (STOP an opt-out, HELP a help request), outbound rows message outcomes', async () => {
    const r = await imp(s, 'twilio-messages.csv');
    expect(r.recognised).toBe('Twilio message log');
    expect(r).toMatchObject({ kind: 'entries', rowsRead: 4, rowsImported: 3, rowsRejected: 1 });
    expect(r.rejects).toEqual([{ line: 11, reason: 'Cannot read entered_at "not a date" as a date and time.' }]);
    expect(r.skipped.byRule).toEqual([
      { why: 'START, UNSTOP and YES replies (re-subscribing or confirming: neither entries nor feedback)', rows: 1 },
    ]);
    // This workspace has no media plan: the rule the file was read by is said, not applied silently.
    expect(r.warnings).toContain(
      'The workspace has no media plan with keywords yet, so each one-word text was read as a keyword entry and longer texts as replies. Import the media plan first to tell them apart by its keywords.',
    );
    expect(r.also).toHaveLength(2);
    expect(r.also![0]).toMatchObject({ kind: 'replies', rowsRead: 5, rowsImported: 5 });
    expect(r.also![1]).toMatchObject({ kind: 'message_events', rowsRead: 2, rowsImported: 2 });
    // 4 entries + 5 replies + 2 outbound messages + 1 skipped = the 12 data rows of the file.
    expect(
      await rows(
        `SELECT event, channel, address, message_id, occurred_at::VARCHAR AS t FROM message_events WHERE import_id = ? ORDER BY line`,
        [r.also![1]!.importId],
      ),
    ).toEqual([
      { event: 'delivered', channel: 'sms', address: '+16175550101', message_id: 'SM0002', t: '2026-03-14 10:22:43' },
      { event: 'delivered', channel: 'sms', address: '+16175550105', message_id: 'SM0008', t: '2026-03-16 15:05:01' },
    ]);
    expect(
      await rows(`SELECT entry_id, keyword, phone, channel, entered_at::VARCHAR AS t FROM entries WHERE import_id = ? ORDER BY line`, [
        r.importId,
      ]),
    ).toEqual([
      // RFC 2822 in UTC, stored in the workspace's time zone (America/New_York, EDT from March 8).
      { entry_id: 'SM0001', keyword: 'SHOES5', phone: '+16175550101', channel: 'sms', t: '2026-03-14 10:22:41' },
      { entry_id: 'SM0003', keyword: 'SHOES5', phone: '+16175550102', channel: 'sms', t: '2026-03-14 11:01:09' },
      { entry_id: 'SM0004', keyword: 'RADIO7', phone: '+16175550103', channel: 'sms', t: '2026-03-15 05:12:00' },
    ]);
    expect(
      await rows(
        `SELECT reply_id, phone, channel, text, ace_reply_type(text, channel) AS type FROM replies WHERE import_id = ? ORDER BY line`,
        [r.also![0]!.importId],
      ),
    ).toEqual([
      { reply_id: 'SM0005', phone: '+16175550101', channel: 'sms', text: 'STOP', type: 'opt_out' },
      { reply_id: 'SM0006', phone: '+16175550104', channel: 'sms', text: 'Unsubscribe', type: 'opt_out' },
      { reply_id: 'SM0007', phone: '+16175550105', channel: 'sms', text: 'HELP', type: 'help' },
      { reply_id: 'SM0009', phone: '+16175550106', channel: 'sms', text: 'stop please', type: 'opt_out' },
      {
        reply_id: 'SM0011',
        phone: '+16175550103',
        channel: 'sms',
        text: 'Loved the radio ad! When is the next contest?',
        type: 'feedback',
      },
    ]);
    // A STOP reply is an opt-out consent reads, at the time it was texted.
    expect(await rows(`SELECT address, opted_out_at::VARCHAR AS t FROM consent_optouts WHERE channel = 'sms' ORDER BY address`)).toEqual([
      { address: '+16175550101', t: '2026-03-16 14:30:00' },
      { address: '+16175550104', t: '2026-03-16 15:00:00' },
      { address: '+16175550106', t: '2026-03-17 04:00:00' },
    ]);
  });

  it('with a media plan, a Twilio text is an entry only when it is one of the plan’s keywords; any other text is a reply', async () => {
    const e = await emptySession(dir);
    try {
      const plan = join(dir, 'plan.csv');
      writeFileSync(plan, 'media_buy_id,name,keyword\nMB1,Shoes print,SHOES5\nMB2,Radio,RADIO7\n');
      await importFile(e.requireDb(), { path: plan, kind: 'media_buys' });
      const r = await importFile(e.requireDb(), { path: fixture('twilio-messages.csv') });
      expect(r.warnings.filter((w) => w.includes('media plan'))).toEqual([]);
      // BBQ9 is no keyword of this plan: a reply (rejected for its unreadable date, with its line), not an entry.
      expect(r).toMatchObject({ kind: 'entries', rowsRead: 3, rowsImported: 3, rowsRejected: 0 });
      expect(r.also![0]).toMatchObject({ kind: 'replies', rowsRead: 6, rowsImported: 5, rowsRejected: 1 });
      expect(r.also![0]!.rejects).toEqual([{ line: 11, reason: 'Cannot read received_at "not a date" as a date and time.' }]);
    } finally {
      e.close();
    }
  });

  it('a Shopify customers export: consent from "Accepts Email/SMS Marketing", zip and phones without their apostrophes', async () => {
    const r = await imp(s, 'shopify-customers.csv');
    expect(r).toMatchObject({ kind: 'contacts', recognised: 'Shopify customers export', rowsImported: 3 });
    expect(
      await rows(`SELECT email, phone, zip, email_opt_in, sms_opt_in FROM contacts WHERE import_id = ? ORDER BY line`, [r.importId]),
    ).toEqual([
      { email: 'ann@example.com', phone: '+16175550101', zip: '02134', email_opt_in: true, sms_opt_in: true },
      { email: 'bo@example.com', phone: null, zip: '02169', email_opt_in: false, sms_opt_in: false },
      { email: null, phone: '+16175550109', zip: '02458', email_opt_in: false, sms_opt_in: true },
    ]);
  });

  it('a Shopify orders export: orders with a discount code are redemptions; zoned timestamps read; line items skipped and counted', async () => {
    const r = await imp(s, 'shopify-orders.csv');
    expect(r).toMatchObject({ kind: 'redemptions', recognised: 'Shopify orders export', rowsRead: 2, rowsImported: 2, rowsRejected: 0 });
    expect(r.skipped.byRule).toEqual([{ why: expect.stringMatching(/^order rows without a discount code/), rows: 2 }]);
    expect(
      await rows(
        `SELECT redemption_id, coupon_code, redeemed_at::VARCHAR AS t, order_amount::VARCHAR AS total, discount_amount::VARCHAR AS d FROM redemptions WHERE import_id = ? ORDER BY line`,
        [r.importId],
      ),
    ).toEqual([
      { redemption_id: '#16099', coupon_code: 'WIN-7HQ2', t: '2026-03-20 11:30:13', total: '150.49', d: '17.68' },
      { redemption_id: '#16101', coupon_code: 'WIN-9XK1', t: '2026-03-22 16:45:00', total: '1250.00', d: '50.00' },
    ]);
    // The multi-line Notes value moves the lines after it: the third order starts on line 6.
    expect(await rows(`SELECT line::INTEGER AS line FROM redemptions WHERE import_id = ? ORDER BY line`, [r.importId])).toEqual([
      { line: 2 },
      { line: 6 },
    ]);
  });

  it('a Shopify discount codes export is named and refused, saying which export to import instead', async () => {
    await expect(importFile(s.requireDb(), { path: fixture('shopify-discounts.csv') })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/Shopify discount codes export.*Import the Shopify orders export/),
    });
  });

  it('a Square transactions export: date, time and named time zone joined; negative discounts made positive; no-discount sales skipped', async () => {
    const r = await imp(s, 'square-transactions.csv');
    expect(r).toMatchObject({ kind: 'redemptions', recognised: 'Square transactions export', rowsImported: 2 });
    expect(
      await rows(
        `SELECT coupon_code, redeemed_at::VARCHAR AS t, order_amount::VARCHAR AS gross, discount_amount::VARCHAR AS d, store_id FROM redemptions WHERE import_id = ? ORDER BY line`,
        [r.importId],
      ),
    ).toEqual([
      { coupon_code: 'WIN-7HQ2', t: '2026-03-20 13:05:10', gross: '22.50', d: '2.00', store_id: 'Store 12' },
      // 18:40 Pacific is 21:40 in the workspace's New York time.
      { coupon_code: 'WIN-9XK1', t: '2026-03-20 21:40:00', gross: '1240.00', d: '40.00', store_id: 'Store 7' },
    ]);
  });

  it('a Meta Ads report: "Amount spent (USD)" is the amount in USD; its summary row is skipped, not imported twice', async () => {
    const r = await imp(s, 'meta-ads.csv');
    expect(r).toMatchObject({ kind: 'spend', recognised: 'Meta Ads Manager report', rowsImported: 3, skipped: { summary: 1 } });
    expect(
      await rows(`SELECT sum(amount)::VARCHAR AS total, sum(impressions)::VARCHAR AS imp FROM spend WHERE import_id = ?`, [r.importId]),
    ).toEqual([{ total: '314.67', imp: '93675' }]);
  });

  it('a Google Ads report: title and date-range lines skipped and said, "Total:" rows skipped, " --" empty, quoted thousands read', async () => {
    const r = await imp(s, 'google-ads.csv');
    expect(r.skipped).toMatchObject({ aboveHeader: 2, titles: ['Campaign report', 'March 1, 2026 - March 31, 2026'], summary: 2 });
    expect(r.source.headerLine).toBe(3);
    expect(r).toMatchObject({ rowsRead: 4, rowsImported: 3, rowsRejected: 1, rejects: [{ line: 7, reason: 'Missing amount.' }] });
    expect(
      await rows(
        `SELECT keyword, amount::VARCHAR AS a, impressions::INTEGER AS impressions, clicks::INTEGER AS clicks FROM spend WHERE import_id = ? ORDER BY line`,
        [r.importId],
      ),
    ).toEqual([
      { keyword: 'SEARCH1', a: '103.77', impressions: 1024, clicks: 66 },
      { keyword: 'SEARCH2', a: '0.00', impressions: 0, clicks: 0 },
      { keyword: 'SEARCH1', a: '2103.06', impressions: 12071, clicks: 1203 },
    ]);
  });

  it('the same Google Ads report as UTF-16LE, tab-separated: detected and read the same', async () => {
    const r = await imp(s, 'google-ads-utf16.csv');
    expect(r.source).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', headerLine: 3 });
    expect(r).toMatchObject({ rowsRead: 2, rowsImported: 2, skipped: { aboveHeader: 2, summary: 1 } });
    expect(await rows(`SELECT sum(amount)::VARCHAR AS a, sum(clicks)::VARCHAR AS c FROM spend WHERE import_id = ?`, [r.importId])).toEqual([
      { a: '2206.83', c: '1269' },
    ]);
  });

  it('Mailchimp audience exports: subscribed are email consent at OPTIN_TIME; unsubscribed and cleaned are email opt-outs', async () => {
    const sub = await imp(s, 'mailchimp-subscribed_members_export_3f2a.csv');
    expect(sub).toMatchObject({ kind: 'contacts', recognised: 'Mailchimp audience export (subscribed)', rowsImported: 2 });
    expect(
      await rows(`SELECT email, email_opt_in, opted_in_at::VARCHAR AS t FROM contacts WHERE import_id = ? ORDER BY line`, [sub.importId]),
    ).toEqual([
      { email: 'ann@example.com', email_opt_in: true, t: '2026-02-01 10:00:00' },
      { email: 'dee@example.com', email_opt_in: true, t: '2026-02-03 12:00:00' },
    ]);
    const un = await imp(s, 'mailchimp-unsubscribed_members_export_3f2a.csv');
    expect(un).toMatchObject({ kind: 'optouts', recognised: 'Mailchimp audience export (unsubscribed)', rowsImported: 1 });
    const cl = await imp(s, 'mailchimp-cleaned_members_export_3f2a.csv');
    expect(cl).toMatchObject({ kind: 'optouts', recognised: 'Mailchimp audience export (cleaned)', rowsImported: 1 });
    expect(
      await rows(`SELECT channel, address, opted_out_at::VARCHAR AS t, reason FROM optouts WHERE import_id IN (?, ?) ORDER BY import_id`, [
        un.importId,
        cl.importId,
      ]),
    ).toEqual([
      { channel: 'email', address: 'eve@example.com', t: '2026-03-10 08:15:00', reason: 'NORMAL' },
      { channel: 'email', address: 'old@example.net', t: '2026-03-11 00:00:00', reason: 'cleaned (address bounced)' },
    ]);
  });

  it('Klaviyo profiles and SendGrid suppressions: consent words and unix-second timestamps', async () => {
    const k = await imp(s, 'klaviyo-profiles.csv');
    expect(k).toMatchObject({ kind: 'contacts', recognised: 'Klaviyo profiles export' });
    expect(
      await rows(`SELECT email, email_opt_in, opted_in_at::VARCHAR AS t FROM contacts WHERE import_id = ? ORDER BY line`, [k.importId]),
    ).toEqual([
      { email: 'fay@example.com', email_opt_in: true, t: '2026-02-10 10:00:00' },
      { email: 'gus@example.com', email_opt_in: false, t: null },
    ]);
    const g = await imp(s, 'sendgrid-suppression_unsubscribes.csv');
    expect(g).toMatchObject({ kind: 'optouts', recognised: 'SendGrid suppressions export', rowsImported: 2 });
    expect(await rows(`SELECT address, opted_out_at::VARCHAR AS t FROM optouts WHERE import_id = ? ORDER BY line`, [g.importId])).toEqual([
      { address: 'eve@example.com', t: '2026-03-10 04:15:00' },
      { address: 'hal@example.com', t: '2026-03-11 04:15:00' },
    ]);
  });

  it('Excel’s plain CSV (Windows-1252) is detected and every character kept', async () => {
    const r = await imp(s, 'excel-windows-1252.csv');
    expect(r.source).toMatchObject({ encoding: 'windows-1252' });
    expect(
      await rows(`SELECT first_name, last_name, attrs->>'Notes' AS notes FROM contacts WHERE import_id = ? ORDER BY line`, [r.importId]),
    ).toEqual([
      { first_name: 'Seán', last_name: 'O’Brien', notes: '“Gold” member – pays in €' },
      { first_name: 'Zoë', last_name: 'Smith', notes: 'café' },
    ]);
  });

  it('the mapping step shows the recognised export, its mapping and how the file is read', async () => {
    const p = await previewFile(s.requireDb(), { path: fixture('twilio-messages.csv') });
    expect(p).toMatchObject({
      kind: 'entries',
      mappingSource: expect.stringMatching(/recognised|saved/),
      recognised:
        'Twilio message log (also imports its replies (inbound texts, survey answers), message outcomes (delivery and engagement events))',
    });
    expect(p.mapping).toMatchObject({ channel: '=sms', phone: 'From', keyword: 'Body' });
    const g = await previewFile(s.requireDb(), { path: fixture('google-ads.csv') });
    expect(g.skipped).toMatchObject({ aboveHeader: 2 });
    expect(g.numbers).toMatchObject({ decimal: '.', ambiguous: false });
  });
});

describe('a currency other than the workspace’s is never taken silently', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
  });
  afterAll(() => s.close());

  it('a German Meta export in EUR: every row rejected with the reason in a USD workspace, imported to the cent in a EUR one', async () => {
    const usd = await imp(s, 'meta-ads-de.csv');
    expect(usd).toMatchObject({ recognised: 'Meta Ads Manager report (German)', rowsImported: 0, rowsRejected: 3 });
    expect(usd.rejects[0]!.reason).toBe(
      'amount: the column "Ausgegebener Betrag (EUR)" is in EUR, the workspace is in USD; convert the amounts before importing (no exchange rate is applied).',
    );
    const e = await emptySession(dir);
    await e.requireDb().write((w) => w.run(`UPDATE ace_meta SET value = 'EUR' WHERE key = 'currency'`));
    const eur = await importFile(e.requireDb(), { path: fixture('meta-ads-de.csv') });
    expect(eur.numbers.decimal).toBe(',');
    expect(eur).toMatchObject({ rowsImported: 3, rowsRejected: 0 });
    expect(
      await e
        .requireDb()
        .rows(`SELECT amount::VARCHAR AS a, impressions::INTEGER AS impressions FROM spend WHERE import_id = ? ORDER BY line`, [
          eur.importId,
        ]),
    ).toEqual([
      { a: '12.50', impressions: 10000 },
      { a: '7.05', impressions: 2500 },
      { a: '0.99', impressions: 850 },
    ]);
    await e.close();
  });
});
