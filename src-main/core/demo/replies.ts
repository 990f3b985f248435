import type { Statement } from '../db/protocol';
import type { DemoSpec } from './generate';
import { DEMO_IMPORT_ID } from './generate';
import { sqlTextList } from '../lib/sql-literal';

/**
 * The demo campaign's replies, so the Replies screen has real figures on first launch: about 2 % of SMS
 * entries get a text back from the same number within three days of entering. Most are feedback, with
 * words that depend on the media buy's media type (radio listeners mention the radio, billboard readers
 * the billboard) beside what any entrant writes about coupons, stores and the draw; some are HELP, some
 * STOP (an SMS opt-out, as consent reads it). Everything random comes from hash(row, seed, purpose) as in
 * generate.ts; runs after the facts are built (it needs each entry's media buy).
 */
const ANY = [
  'When do you announce the winners?',
  'The coupon did not scan at checkout',
  'Coupon worked, thanks!',
  'Store was out of my size',
  'Store staff were very helpful',
  'Parking at the store is terrible',
  'Prices are too high even with the coupon',
  'Love the spring collection',
  'I never received my coupon code',
  'The coupon expired before I could use it',
  'Is the contest open in my state?',
  'Great deals, will come back to the store',
];
const BY_TYPE: Record<string, string[]> = {
  radio: ['Heard the ad on the radio, love the station', 'The radio ad said free shoes, is that right?', 'Radio contest is fun'],
  billboard: ['Saw the billboard on my way to work', 'The billboard number was hard to read', 'Billboard caught my eye'],
  print: ['Found the coupon in the paper', 'The newspaper ad had the wrong store hours', 'Paper coupon was easy to use'],
  tv: ['Saw the commercial on TV', 'The TV ad was great', 'TV spot made me enter'],
};
const HELP = ['HELP', 'help', 'Help, how do I use the coupon?', 'INFO'];
const STOP = ['STOP', 'Stop', 'stop please', 'UNSUBSCRIBE'];

export function demoReplyStatements(spec: DemoSpec): Statement[] {
  const { seed } = spec;
  const h = (tag: string) => `hash(e.entry_id, ${seed}, '${tag}')`;
  const u = (tag: string) => `((${h(tag)} % 1000003)::DOUBLE / 1000003)`;
  const pickFrom = (xs: string[], tag: string) => `${sqlTextList(xs)}[1 + (${h(tag)} % ${xs.length})::INTEGER]`;
  const feedback = `CASE WHEN ${u('rtopic')} < 0.45 AND m.media_type IN (${Object.keys(BY_TYPE)
    .map((t) => `'${t}'`)
    .join(', ')})
      THEN CASE m.media_type ${Object.entries(BY_TYPE)
        .map(([t, xs]) => `WHEN '${t}' THEN ${pickFrom(xs, 'rtype-text')}`)
        .join(' ')} END
      ELSE ${pickFrom(ANY, 'rtext')} END`;
  return [
    {
      sql: `INSERT INTO replies (received_at, text, channel, phone, reply_id, import_id, line)
        SELECT e.entered_at + to_minutes((20 + floor(${u('rwhen')} * 4300))::BIGINT),
               CASE WHEN ${u('rkind')} < 0.07 THEN ${pickFrom(STOP, 'rstop')} WHEN ${u('rkind')} < 0.15 THEN ${pickFrom(HELP, 'rhelp')}
                    ELSE ${feedback} END,
               'sms', e.phone, 'RPL' || e.entry_id, ${DEMO_IMPORT_ID}, row_number() OVER (ORDER BY e.entered_at, e.entry_id)
        FROM entries e JOIN entry_facts_t f ON f.entry_key = ace_row_key(e.import_id, e.line) LEFT JOIN media_buys m ON m.media_buy_id = f.media_buy_id
        WHERE e.channel = 'sms' AND e.phone IS NOT NULL AND ${u('reply')} < 0.02`,
    },
  ];
}
