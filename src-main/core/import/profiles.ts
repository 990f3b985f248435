import type { DatasetKind } from '../../contract/types';
import { normHeader } from './headers';
import type { Mapping } from './mapping';
import { OUTCOME_PROFILES } from './profiles-outcomes';
import type { ExportProfile } from './profile-types';
import { isHelpSql, isResubscribeSql, isStopSql } from './reply-words';

export type { ExportProfile, ProfilePart } from './profile-types';

const blank = (sql: string) => `nullif(trim(${sql}), '') IS NULL`;
const inbound = (c: (h: string) => string) => `coalesce(lower(trim(${c('direction')})) = 'inbound', false)`;
const PLAN_HAS_KEYWORDS = `EXISTS (SELECT 1 FROM media_buys WHERE keyword IS NOT NULL)`;
/**
 * A texted keyword is an entry, decided by the media plan's keywords (case and spaces ignored); with no
 * media plan yet, a one-word text is taken as a keyword and the import says so (a rule for the file, stated).
 */
const keywordText = (body: string) =>
  `CASE WHEN ${PLAN_HAS_KEYWORDS} THEN ace_keyword(${body}) IN (SELECT keyword FROM media_buys WHERE keyword IS NOT NULL)
        ELSE NOT regexp_matches(trim(${body}), '\\s') END`;

/**
 * Known exports, recognised by their header sets: the files analysts actually have. Each says which
 * kind it is and how its columns map (a constant where the file lacks a column), and may split one
 * file into several kinds (an SMS log holds entries and opt-outs) or skip rows that are not data
 * (outbound messages, orders without a coupon). Layouts are those of the real exports named in
 * `source`; tests/fixtures/exports holds a file of each, with where its format comes from.
 */
export const PROFILES: ExportProfile[] = [
  {
    id: 'twilio-messages',
    label: 'Twilio message log',
    source: 'Twilio Console > Messaging > Logs > Export CSV (From,To,Body,Status,SentDate,...,Direction,Price,PriceUnit)',
    requires: ['from', 'to', 'body', 'status', 'sentdate', 'direction', 'sid'],
    skip: [
      {
        why: 'START, UNSTOP and YES replies (re-subscribing or confirming: neither entries nor feedback)',
        when: (c) => `${inbound(c)} AND ${isResubscribeSql(c('body'))}`,
      },
    ],
    warn: [
      {
        when: (c) => `NOT ${PLAN_HAS_KEYWORDS} AND EXISTS (SELECT 1 FROM ace_stage WHERE ${inbound(c)})`,
        text: 'The workspace has no media plan with keywords yet, so each one-word text was read as a keyword entry and longer texts as replies. Import the media plan first to tell them apart by its keywords.',
      },
    ],
    parts: [
      // What people wrote back: STOP words (opt-outs), HELP, and any text that is not a keyword of the plan.
      {
        kind: 'replies',
        mapping: { received_at: 'sentdate', text: 'body', channel: '=sms', phone: 'from', reply_id: 'sid' },
        where: (c) =>
          `${inbound(c)} AND (${isStopSql(c('body'))} OR ${isHelpSql(c('body'))} OR NOT coalesce(${keywordText(c('body'))}, false))`,
      },
      // What you sent (API sends, auto-replies): each message's last status is its outcome.
      {
        kind: 'message_events',
        mapping: { occurred_at: 'sentdate', event: 'status', channel: '=sms', address: 'to', message_id: 'sid', reason: 'errorcode' },
        where: (c) => `NOT ${inbound(c)}`,
      },
      { kind: 'entries', mapping: { entry_id: 'sid', entered_at: 'sentdate', channel: '=sms', keyword: 'body', phone: 'from' } },
    ],
  },
  {
    id: 'shopify-customers',
    label: 'Shopify customers export',
    source:
      'Shopify Admin > Customers > Export (Customer ID, First Name, ..., Accepts Email Marketing, ..., Accepts SMS Marketing, Total Spent, ...)',
    requires: ['customerid', 'email', 'acceptsemailmarketing', 'acceptssmsmarketing', 'defaultaddresszip'],
    parts: [
      {
        kind: 'contacts',
        mapping: {
          email: 'email',
          phone: 'phone',
          first_name: 'firstname',
          last_name: 'lastname',
          zip: 'defaultaddresszip',
          email_opt_in: 'acceptsemailmarketing',
          sms_opt_in: 'acceptssmsmarketing',
          source: '=Shopify customers',
        },
      },
    ],
  },
  {
    id: 'shopify-orders',
    label: 'Shopify orders export',
    source:
      'Shopify Admin > Orders > Export (Name, Email, Financial Status, ..., Discount Code, Discount Amount, ..., Created at, Lineitem ...)',
    requires: ['name', 'email', 'financialstatus', 'discountcode', 'discountamount', 'createdat', 'lineitemname'],
    skip: [
      {
        why: 'order rows without a discount code (not coupon redemptions; further line items of an order are among them)',
        when: (c) => blank(c('discountcode')),
      },
    ],
    parts: [
      {
        kind: 'redemptions',
        mapping: {
          redemption_id: 'name',
          redeemed_at: 'createdat',
          coupon_code: 'discountcode',
          order_amount: 'total',
          discount_amount: 'discountamount',
          store_id: 'location',
        },
      },
    ],
  },
  {
    id: 'shopify-discounts',
    label: 'Shopify discount codes export',
    source: 'Shopify Admin > Discounts > Export (Name, Value, Value Type, Type, ..., Times Used In Total, ..., Start, End)',
    requires: ['name', 'value', 'valuetype', 'timesusedintotal'],
    parts: [],
    refuse:
      'This is a Shopify discount codes export: the codes and how often each was used, not who redeemed them. Import the Shopify orders export instead: its orders with a discount code are the redemptions.',
  },
  {
    id: 'square-transactions',
    label: 'Square transactions export',
    source:
      'Square Dashboard > Transactions > Export (Date, Time, Time Zone, Gross Sales, Discounts, ..., Transaction ID, ..., Location, ..., Discount Name, ...)',
    requires: ['date', 'time', 'timezone', 'grosssales', 'discounts', 'transactionid', 'discountname'],
    skip: [{ why: 'transactions without a discount (not coupon redemptions)', when: (c) => blank(c('discountname')) }],
    parts: [
      {
        kind: 'redemptions',
        mapping: {
          redemption_id: 'transactionid',
          redeemed_at: '+["date","time","timezone"]',
          coupon_code: 'discountname',
          order_amount: 'grosssales',
          discount_amount: 'discounts',
          store_id: 'location',
        },
      },
    ],
  },
  {
    id: 'meta-ads',
    label: 'Meta Ads Manager report',
    source:
      'Meta Ads Manager > Reports > Export table data (CSV): "Reporting starts","Reporting ends","Campaign name",...,"Amount spent (USD)",Impressions,...',
    requires: ['reportingstarts', 'amountspent'],
    summaryWhenBlank: ['campaignname', 'adsetname', 'adname'],
    parts: [
      {
        kind: 'spend',
        mapping: {
          date: 'reportingstarts',
          keyword: 'campaignname',
          amount: 'amountspent',
          impressions: 'impressions',
          clicks: 'linkclicks',
        },
      },
    ],
  },
  {
    id: 'meta-ads-de',
    label: 'Meta Ads Manager report (German)',
    source:
      'Meta Werbeanzeigenmanager > Berichte > Exportieren (CSV): Berichtsstart, Berichtsende, Kampagnenname, ..., Ausgegebener Betrag (EUR), Impressionen, ...',
    requires: ['berichtsstart', 'ausgegebenerbetrag'],
    summaryWhenBlank: ['kampagnenname', 'anzeigengruppenname', 'werbeanzeigenname'],
    parts: [
      {
        kind: 'spend',
        mapping: {
          date: 'berichtsstart',
          keyword: 'kampagnenname',
          amount: 'ausgegebenerbetrag',
          impressions: 'impressionen',
          clicks: 'linkklicks',
        },
      },
    ],
  },
  {
    id: 'google-ads',
    label: 'Google Ads report',
    source:
      'Google Ads > Reports > Download (CSV): title and date-range lines, then Day,Campaign,...,Currency code,Cost,Impr.,Clicks; "Total: ..." rows; " --" for empty',
    requires: ['campaign', 'currencycode', 'cost', 'impr'],
    parts: [
      {
        kind: 'spend',
        mapping: { date: 'day', keyword: 'campaign', amount: 'cost', currency: 'currencycode', impressions: 'impr', clicks: 'clicks' },
      },
    ],
  },
  {
    id: 'mailchimp-unsubscribed',
    label: 'Mailchimp audience export (unsubscribed)',
    source:
      'Mailchimp Audience > Export audience: unsubscribed_members_export_*.csv (Email Address, ..., UNSUB_TIME, UNSUB_CAMPAIGN_TITLE, ..., UNSUB_REASON, ...)',
    requires: ['emailaddress', 'memberrating', 'optintime', 'unsubtime'],
    parts: [
      {
        kind: 'optouts',
        mapping: {
          channel: '=email',
          address: 'emailaddress',
          opted_out_at: 'unsubtime',
          reason: 'unsubreason',
          feedback: 'unsubreasonother',
        },
      },
    ],
  },
  {
    id: 'mailchimp-cleaned',
    label: 'Mailchimp audience export (cleaned)',
    source:
      'Mailchimp Audience > Export audience: cleaned_members_export_*.csv (Email Address, ..., CLEAN_TIME, CLEAN_CAMPAIGN_TITLE, ...)',
    requires: ['emailaddress', 'memberrating', 'optintime', 'cleantime'],
    parts: [
      {
        kind: 'optouts',
        mapping: { channel: '=email', address: 'emailaddress', opted_out_at: 'cleantime', reason: '=cleaned (address bounced)' },
      },
    ],
  },
  {
    id: 'mailchimp-subscribed',
    label: 'Mailchimp audience export (subscribed)',
    source:
      'Mailchimp Audience > Export audience: subscribed_members_export_*.csv (Email Address, First Name, ..., MEMBER_RATING, OPTIN_TIME, ..., CONFIRM_TIME, ...)',
    requires: ['emailaddress', 'optintime', 'memberrating'],
    parts: [
      {
        kind: 'contacts',
        mapping: {
          email: 'emailaddress',
          first_name: 'firstname',
          last_name: 'lastname',
          phone: 'phonenumber',
          email_opt_in: '=yes',
          opted_in_at: 'optintime',
          source: '=Mailchimp subscribed',
        },
      },
    ],
  },
  {
    id: 'klaviyo-profiles',
    label: 'Klaviyo profiles export',
    source: 'Klaviyo > Lists & segments > Export to CSV (Email, Klaviyo ID, First Name, ..., Email Marketing Consent, ...)',
    requires: ['email', 'klaviyoid'],
    parts: [
      {
        kind: 'contacts',
        mapping: {
          email: 'email',
          phone: 'phonenumber',
          first_name: 'firstname',
          last_name: 'lastname',
          zip: 'zipcode',
          email_opt_in: 'emailmarketingconsent',
          sms_opt_in: 'smsmarketingconsent',
          opted_in_at: 'emailmarketingconsenttimestamp',
          source: '=Klaviyo',
        },
      },
    ],
  },
  {
    id: 'sendgrid-suppressions',
    label: 'SendGrid suppressions export',
    source:
      'SendGrid > Suppressions > Export CSV (suppression_unsubscribes.csv, _bounces, _spam_reports, _blocks, _invalid_emails: email, created, reason)',
    requires: ['email', 'created'],
    parts: [{ kind: 'optouts', mapping: { channel: '=email', address: 'email', opted_out_at: 'created', reason: 'reason' } }],
  },
  ...OUTCOME_PROFILES,
];

/** A profile matched to a file: its parts' mappings in the file's own header names. */
export interface Recognised {
  profile: ExportProfile;
  parts: { kind: DatasetKind; mapping: Mapping; where?: string }[];
  skip: { why: string; when: string }[];
  warn: { text: string; when: string }[];
  summaryWhenBlank: string[];
}

/** The known export a file is, by its headers (the most specific profile wins), resolved against its columns and their SQL refs. */
export function recognise(headers: string[], refs?: string[]): Recognised | null {
  const byNorm = new Map<string, string>();
  headers.forEach((h, i) => !byNorm.has(normHeader(h)) && byNorm.set(normHeader(h), refs?.[i] ?? h));
  const headerOf = new Map<string, string>();
  headers.forEach((h) => !headerOf.has(normHeader(h)) && headerOf.set(normHeader(h), h));
  const matches = PROFILES.filter((p) => p.requires.every((r) => byNorm.has(r))).sort((a, b) => b.requires.length - a.requires.length);
  const profile = matches[0];
  if (!profile) return null;
  const col = (h: string) => byNorm.get(h) ?? 'NULL::VARCHAR';
  const resolve = (m: Record<string, string>): Mapping => {
    const out: Mapping = {};
    for (const [k, v] of Object.entries(m)) {
      if (v.startsWith('=')) out[k] = v;
      else if (v.startsWith('+[')) {
        const parts = (JSON.parse(v.slice(1)) as string[]).map((p) => headerOf.get(p)).filter((p): p is string => p !== undefined);
        if (parts.length >= 2) out[k] = `+${JSON.stringify(parts)}`;
      } else if (headerOf.has(v)) out[k] = headerOf.get(v)!;
    }
    return out;
  };
  return {
    profile,
    parts: profile.parts.map((p) => ({ kind: p.kind, mapping: resolve(p.mapping), ...(p.where ? { where: p.where(col) } : {}) })),
    skip: (profile.skip ?? []).map((s) => ({ why: s.why, when: s.when(col) })),
    warn: (profile.warn ?? []).map((w) => ({ text: w.text, when: w.when(col) })),
    summaryWhenBlank: (profile.summaryWhenBlank ?? []).filter((h) => byNorm.has(h)).map((h) => byNorm.get(h)!),
  };
}
