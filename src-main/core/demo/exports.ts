import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DbClient } from '../db/client';
import { WORKSPACE_TZ } from '../geo/local-time';

/**
 * The demo campaign as the systems involved would export it: each file with its own headers and
 * formats (US dates here, ISO there, "$1,234.50", "(617) 555-0101", Yes/No, lower-case promo codes
 * typed at the till). Importing them all must give back the same campaign.
 */
const phoneFormats = (p: string, salt: string) => `CASE hash(${p}, '${salt}') % 4
    WHEN 0 THEN '(' || substr(${p}, 3, 3) || ') ' || substr(${p}, 6, 3) || '-' || substr(${p}, 9, 4)
    WHEN 1 THEN substr(${p}, 3, 3) || '-' || substr(${p}, 6, 3) || '-' || substr(${p}, 9, 4)
    WHEN 2 THEN substr(${p}, 2)
    ELSE ${p} END`;
const yesNo = (b: string, yes: string, no: string) => `CASE WHEN ${b} THEN '${yes}' WHEN NOT ${b} THEN '${no}' ELSE '' END`;
const money = (x: string) => `'$' || format('{:,.2f}', ${x}::DOUBLE)`;
const us = (ts: string, withTime: boolean) => `strftime(${ts}, '${withTime ? '%m/%d/%Y %H:%M:%S' : '%m/%d/%Y'}')`;

export const DEMO_EXPORTS: { file: string; kind: string; sql: string }[] = [
  {
    file: 'media_plan.csv',
    kind: 'media_buys',
    sql: `SELECT media_buy_id AS "Placement ID", name AS "Placement Name",
            CASE media_type WHEN 'print' THEN 'Newspaper' WHEN 'billboard' THEN 'Outdoor' ELSE upper(left(media_type, 1)) || substr(media_type, 2) END AS "Media Type",
            market AS "Market", keyword AS "SMS Keyword", ${us('start_date', false)} AS "Flight Start", ${us('end_date', false)} AS "Flight End"
          FROM media_buys ORDER BY media_buy_id`,
  },
  {
    file: 'spend.csv',
    kind: 'spend',
    sql: `SELECT ${us('date', false)} AS "Week Of", media_buy_id AS "Placement ID", ${money('amount')} AS "Cost", currency AS "Currency",
            format('{:,}', impressions) AS "Impressions", coalesce(clicks::VARCHAR, '') AS "Clicks"
          FROM spend ORDER BY date, media_buy_id`,
  },
  {
    file: 'entries.csv',
    kind: 'entries',
    sql: `SELECT entry_id AS "Entry ID", ${us('entered_at', true)} AS "Date Entered",
            CASE channel WHEN 'sms' THEN 'SMS' WHEN 'web' THEN 'Web' WHEN 'email' THEN 'Email' ELSE 'Banner' END AS "Channel",
            CASE WHEN keyword IS NULL THEN '' WHEN hash(entry_id, 'kw') % 5 = 0 THEN ' ' || lower(keyword) || ' ' ELSE keyword END AS "Keyword",
            coalesce(media_buy_id, '') AS "Media Buy", coalesce(source, '') AS "UTM Campaign",
            CASE WHEN email IS NULL THEN '' WHEN hash(entry_id, 'em') % 7 = 0 THEN upper(left(email, 1)) || substr(email, 2) ELSE email END AS "E-mail Address",
            CASE WHEN phone IS NULL THEN '' ELSE ${phoneFormats('phone', 'ph')} END AS "Mobile Number",
            first_name AS "First Name", last_name AS "Last Name", coalesce(zip, '') AS "ZIP/Postal Code", coalesce(age::VARCHAR, '') AS "Age",
            product_affinity AS "Favorite Product", purchase_timeframe AS "Purchase Timeframe",
            ${yesNo('email_opt_in', 'Yes', 'No')} AS "Email Opt-In", ${yesNo('sms_opt_in', 'Y', 'N')} AS "SMS Opt-In",
            coupon_code AS "Promo Code", coalesce(json_extract_string(attrs, '$.shoe_size'), '') AS "Shoe Size"
          FROM entries ORDER BY entry_id`,
  },
  {
    file: 'redemptions.csv',
    kind: 'redemptions',
    sql: `SELECT redemption_id AS "Transaction ID", strftime(redeemed_at, '%Y-%m-%d %H:%M:%S') AS "Transaction Date",
            CASE WHEN hash(redemption_id, 'case') % 10 = 0 THEN lower(coupon_code) ELSE coupon_code END AS "Promo Code",
            store_id AS "Store #", ${money('order_amount')} AS "Order Total", ${money('discount_amount')} AS "Discount"
          FROM redemptions ORDER BY redemption_id`,
  },
  {
    file: 'stores.csv',
    kind: 'stores',
    sql: `SELECT store_id AS "Store Number", name AS "Store Name", zip AS "ZIP Code", lat AS "Latitude", lon AS "Longitude", market AS "Market"
          FROM stores ORDER BY store_id`,
  },
  {
    file: 'contacts.csv',
    kind: 'contacts',
    sql: `SELECT email AS "Email Address", first_name AS "First Name", last_name AS "Last Name", coalesce(zip, '') AS "Zip",
            ${yesNo('email_opt_in', 'true', 'false')} AS "Subscribed", source AS "Source"
          FROM contacts ORDER BY email`,
  },
  {
    // SendGrid's email activity export (the layout docs/research/message-outcomes.md 1b observed): unix seconds.
    file: 'sendgrid_activity.csv',
    kind: 'message_events',
    sql: `SELECT epoch(timezone(${WORKSPACE_TZ}, occurred_at))::BIGINT AS processed,
            coalesce(message_id, '') AS message_id,
            CASE event WHEN 'bounced' THEN 'bounce' WHEN 'opened' THEN 'open' WHEN 'clicked' THEN 'click' WHEN 'unsubscribed' THEN 'unsubscribe'
                       WHEN 'complained' THEN 'spamreport' ELSE event END AS event,
            '' AS api_key_id, address AS email, coalesce(reason, '') AS reason, coalesce(url, '') AS url
          FROM message_events WHERE channel = 'email' ORDER BY occurred_at, address, event`,
  },
  {
    file: 'sms_replies.csv',
    kind: 'replies',
    sql: `SELECT strftime(received_at, '%Y-%m-%d %H:%M:%S') AS "Received At", ${phoneFormats('phone', 'rph')} AS "Phone Number",
            text AS "Message", upper(channel) AS "Channel", reply_id AS "Message ID"
          FROM replies ORDER BY received_at, reply_id`,
  },
  {
    file: 'optouts.csv',
    kind: 'optouts',
    sql: `SELECT upper(channel) AS "Channel", CASE WHEN channel = 'email' THEN address ELSE ${phoneFormats('address', 'oph')} END AS "Address",
            strftime(opted_out_at, '%Y-%m-%dT%H:%M:%S') AS "Unsubscribed At", reason AS "Reason", coalesce(feedback, '') AS "Feedback"
          FROM optouts ORDER BY opted_out_at, address`,
  },
];

/** Writes the export files into `dir` (one per dataset kind); returns their paths by kind. */
export async function exportDemoCsv(db: DbClient, dir: string): Promise<Record<string, string>> {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const paths: Record<string, string> = {};
  await db.write(async (w) => {
    for (const e of DEMO_EXPORTS) {
      const path = join(out, e.file);
      await w.run(`COPY (${e.sql}) TO ? (HEADER, DELIMITER ',', QUOTE '"')`, [path]);
      paths[e.kind] = path;
    }
  });
  return paths;
}
