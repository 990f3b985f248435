import { MESSAGE_EVENTS } from '../../contract/types';

/**
 * The words sending services write for a message's fate, and the outcome each one is here
 * (docs/research/message-outcomes.md has where each spelling comes from). Matched after lower-casing and
 * turning `_`, `-` and repeated spaces into one space, so SendGrid's `group_unsubscribe` (webhook) and
 * `group unsubscribe` (activity export) are one word.
 */
export const EVENT_SYNONYMS: Record<string, (typeof MESSAGE_EVENTS)[number]> = {
  // SendGrid: processed = accepted for sending; Twilio: sent = handed to the carrier.
  sent: 'sent',
  send: 'sent',
  processed: 'sent',
  delivered: 'delivered',
  delivery: 'delivered',
  // A bounce, a drop before sending, a block, Twilio's undelivered and failed, Mailchimp's cleaned.
  bounce: 'bounced',
  bounced: 'bounced',
  'hard bounce': 'bounced',
  'soft bounce': 'bounced',
  dropped: 'bounced',
  blocked: 'bounced',
  undelivered: 'bounced',
  failed: 'bounced',
  cleaned: 'bounced',
  open: 'opened',
  opened: 'opened',
  // WhatsApp and RCS read receipts (Twilio `read`).
  read: 'opened',
  click: 'clicked',
  clicked: 'clicked',
  unsubscribe: 'unsubscribed',
  unsubscribed: 'unsubscribed',
  'group unsubscribe': 'unsubscribed',
  'opt out': 'unsubscribed',
  optout: 'unsubscribed',
  'opted out': 'unsubscribed',
  spamreport: 'complained',
  'spam report': 'complained',
  spam: 'complained',
  complaint: 'complained',
  complained: 'complained',
  abuse: 'complained',
  reply: 'replied',
  replied: 'replied',
  received: 'replied',
  inbound: 'replied',
};

/**
 * States on the way to an outcome, not outcomes: a row with one of these is skipped and counted (a
 * SendGrid export lists every deferral; a Twilio log lists queued messages), never read as sent or failed.
 */
export const NOT_OUTCOMES = [
  'deferred',
  'queued',
  'sending',
  'accepted',
  'scheduled',
  'canceled',
  'cancelled',
  'receiving',
  'partially delivered',
  'group resubscribe',
];

/** The value as the tables above spell it (SQL). */
export const eventWordSql = (ref: string) => `nullif(regexp_replace(lower(trim(${ref})), '[\\s_-]+', ' ', 'g'), '')`;

/** The outcome a value names, or NULL (SQL over one staged column). */
export function eventSql(ref: string): string {
  const word = eventWordSql(ref);
  const cases = Object.entries(EVENT_SYNONYMS)
    .map(([from, to]) => `WHEN '${from}' THEN '${to}'`)
    .join(' ');
  return `(CASE ${word} ${cases} END)`;
}

/** SQL: the row's event is a step on the way, not an outcome (skipped and counted, not rejected). */
export const notOutcomeSql = (ref: string) => `coalesce(${eventWordSql(ref)} IN (${NOT_OUTCOMES.map((w) => `'${w}'`).join(', ')}), false)`;
