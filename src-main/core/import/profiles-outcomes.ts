import type { ExportProfile } from './profile-types';

/**
 * Sending services' reports of what became of the messages (message outcomes, docs/outcomes.md), recognised
 * by their header sets like every known export (profiles.ts). Layouts and sources:
 * docs/research/message-outcomes.md and tests/fixtures/exports/SOURCES.md.
 */
export const OUTCOME_PROFILES: ExportProfile[] = [
  {
    id: 'sendgrid-activity',
    label: 'SendGrid email activity export',
    // Column names as a reader of real exports declares them (docs/research/message-outcomes.md, 1b: observed,
    // not in SendGrid's documentation); `processed` is unix seconds there, which the timestamp reader takes.
    source:
      'SendGrid > Activity > Export CSV, or POST /v3/messages/download (processed, message_id, event, api_key_id, ..., email, ..., reason, ..., url, ...)',
    requires: ['processed', 'messageid', 'event', 'email'],
    parts: [
      {
        kind: 'message_events',
        mapping: {
          occurred_at: 'processed',
          event: 'event',
          channel: '=email',
          address: 'email',
          message_id: 'messageid',
          reason: 'reason',
          url: 'url',
        },
      },
    ],
  },
  {
    id: 'sendgrid-events',
    label: 'SendGrid Event Webhook events (JSON)',
    // docs/research/message-outcomes.md, 1a: the webhook posts a JSON array of events; saved as it came, each
    // key is a column. `timestamp` is unix seconds; custom args (push_id) sit at the top level beside them.
    source:
      'SendGrid Event Webhook payload saved as JSON: [{"email","timestamp","event","smtp-id","sg_event_id","sg_message_id","category","reason","url",...}]',
    requires: ['sgeventid', 'event', 'email', 'timestamp'],
    parts: [
      {
        kind: 'message_events',
        mapping: {
          occurred_at: 'timestamp',
          event: 'event',
          channel: '=email',
          address: 'email',
          message_id: 'sgmessageid',
          event_id: 'sgeventid',
          reason: 'reason',
          url: 'url',
          // Mapped only when the file has the key (a custom arg the sender set).
          push_id: 'pushid',
        },
      },
    ],
  },
  {
    id: 'twilio-bulkexport',
    label: 'Twilio BulkExport messages (JSON lines)',
    // docs/research/message-outcomes.md, 3e: one Message resource per line, dates ISO 8601 in UTC; a day's
    // file holds every message, replies included. date_updated is when the status (the outcome) was set.
    source:
      'Twilio BulkExport (Messages): gzip JSON lines of {"sid","to","from","status","direction","date_updated","error_code","body",...}',
    requires: ['sid', 'to', 'from', 'status', 'direction', 'dateupdated'],
    // Only what was sent has an outcome: replies (inbound) are skipped and counted, not read as entries here
    // (the message log CSV is where keyword entries come from). Outbound is outbound-api, -call or -reply.
    skip: [
      {
        why: 'messages that are not outbound (replies received, not outcomes of what was sent)',
        when: (c) => `NOT coalesce(lower(trim(${c('direction')})) LIKE 'outbound%', false)`,
      },
    ],
    parts: [
      {
        kind: 'message_events',
        mapping: {
          occurred_at: 'dateupdated',
          event: 'status',
          channel: '=sms',
          address: 'to',
          message_id: 'sid',
          reason: 'errorcode',
        },
      },
    ],
  },
  {
    id: 'mailchimp-email-activity',
    label: 'Mailchimp email activity report',
    // One row per activity of each recipient, flattened from the report's JSON (json-reports.ts).
    source:
      'Mailchimp Reports API GET /3.0/reports/{campaign_id}/email-activity, saved as JSON (emails[].activity[]: action, timestamp, ip, url, type)',
    requires: ['emailaddress', 'campaignid', 'action', 'timestamp'],
    parts: [
      {
        kind: 'message_events',
        mapping: { occurred_at: 'timestamp', event: 'action', channel: '=email', address: 'emailaddress', reason: 'type', url: 'url' },
      },
    ],
  },
];
