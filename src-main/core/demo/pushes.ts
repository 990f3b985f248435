import type { Statement } from '../db/protocol';
import type { DemoSpec } from './generate';
import { DEMO_IMPORT_ID } from './generate';
import { WORKSPACE_TZ } from '../geo/local-time';

/**
 * The demo campaign's one past push, so Results, the lift, the best time to send and the push group in
 * Explore have something to show: on Monday 6 April 2026 (week 6) an email reminder to everyone who had
 * entered with email consent and not redeemed, 20 % held out (seed `demo-spring-reminder`, the documented
 * split). The service's events follow (delivered or bounced, opens and clicks at local evening and lunch
 * hours, a few unsubscribes), and recipients redeem a little more than the held-out: on top of the
 * redemptions both groups make anyway, 3.5 % of the delivered who would never have redeemed do, within ten days. Runs after the facts are built (it needs
 * the entrants); everything random comes from hash(row, seed, purpose) as in generate.ts.
 */
export const DEMO_PUSH_ID = 'psh_20260406_demo01';
/** The segment it went to, as the push records it (not among the saved segments: the demo starts with none). */
const SEGMENT_ID = 'seg_demo_not_redeemed';
const SEED = 'demo-spring-reminder';
const SEND_DAY = '2026-04-06';
/** 10:00 campaign time (the workspace's zone), as the app records a batch: on this machine's clock. */
const SENT_AT = `timezone(${WORKSPACE_TZ}, TIMESTAMP '${SEND_DAY} 10:00:00')::TIMESTAMP`;
/** The same moment in campaign time, as events and redemptions are stored. */
const SENT_LOCAL = `TIMESTAMP '${SEND_DAY} 10:00:00'`;

export function demoPushStatements(spec: DemoSpec): Statement[] {
  const { seed } = spec;
  const u = (expr: string, tag: string) => `((hash(${expr}, ${seed}, '${tag}') % 1000003)::DOUBLE / 1000003)`;
  // Local hours people open at (evening and lunch peaks), and each market's zone as hours behind New York
  // (the workspace's time, in which events are stored): Chicago and Dallas 1, Denver 2.
  const hours = [7, 8, 12, 12, 13, 17, 18, 19, 19, 20, 20, 20, 21, 21, 22];
  const localHour = (expr: string, tag: string) =>
    `[${hours.join(', ')}][1 + (hash(${expr}, ${seed}, '${tag}') % ${hours.length})::INTEGER]`;
  const behindNy = `CASE left(d.zip, 1) WHEN '6' THEN 1 WHEN '7' THEN 1 WHEN '8' THEN 2 ELSE 0 END`;
  // Opened over the next days at a local hour; on the day itself only after the 10:00 send.
  const d0 = `floor(pow(${u('d.contact_id', 'oday')}, 2) * 6)::INTEGER`;
  const lh = localHour('d.contact_id', 'ohour');
  const opensAt = `TIMESTAMP '${SEND_DAY} 00:00:00' + to_days(${d0} + CASE WHEN ${d0} = 0 AND ${lh} < 11 THEN 1 ELSE 0 END)
    + to_hours((${lh} + ${behindNy})::BIGINT) + to_minutes(floor(${u('d.contact_id', 'omin')} * 60)::BIGINT)`;
  return [
    {
      // Everyone who had entered with email consent before the send, had not redeemed by then, and had not opted out.
      sql: `CREATE TEMP TABLE demo_push AS
        WITH p AS (
          SELECT f.entrant, arg_max(e.email, e.entered_at) AS email, arg_max(e.first_name, e.entered_at) AS first_name,
                 arg_max(e.zip, e.entered_at) AS zip, arg_max(e.coupon_code, e.entered_at) AS coupon,
                 arg_max(ace_row_key(e.import_id, e.line), e.entered_at) AS entry_key, max(e.entered_at) AS consent_at
          FROM entries e JOIN entry_facts_t f ON f.entry_key = ace_row_key(e.import_id, e.line)
          WHERE e.email IS NOT NULL AND e.email_opt_in AND e.entered_at < TIMESTAMP '${SEND_DAY} 00:00:00'
          GROUP BY f.entrant)
        SELECT p.*, 'P' || lpad(to_hex(p.entrant), 16, '0') AS contact_id FROM p
        WHERE p.entrant NOT IN (SELECT ef.entrant FROM redemption_facts_t rf JOIN entry_facts_t ef ON ef.entry_key = rf.entry_key
                                JOIN redemptions r ON ace_row_key(r.import_id, r.line) = rf.redemption_key WHERE r.redeemed_at < ${SENT_LOCAL})
          AND p.email NOT IN (SELECT address FROM optouts WHERE channel IN ('email', 'all'))`,
    },
    {
      sql: `CREATE TEMP TABLE demo_push2 AS
        SELECT *, k <= round(n * 0.2) AS held, CASE WHEN k > round(n * 0.2) THEN (row_number() OVER (PARTITION BY k > round(n * 0.2) ORDER BY entrant) - 1) // 1000 + 1 END AS batch
        FROM (SELECT *, row_number() OVER (ORDER BY md5('${SEED}:' || contact_id)) AS k, count(*) OVER () AS n FROM demo_push)`,
    },
    {
      sql: `INSERT INTO push_contacts SELECT '${DEMO_PUSH_ID}', batch, contact_id, entrant, email, consent_at, json_object('first_name', first_name),
              CASE WHEN held THEN 'held_out' ELSE 'accepted' END, CASE WHEN held THEN 'held out to measure the lift' END
            FROM demo_push2 ORDER BY entrant`,
    },
    { sql: `INSERT INTO push_addresses SELECT '${DEMO_PUSH_ID}', entrant, email FROM demo_push2 WHERE NOT held` },
    { sql: `INSERT INTO push_leases VALUES ('${DEMO_PUSH_ID}', NULL, NULL)` },
    {
      sql: `INSERT INTO push_batches (push_id, batch, idempotency_key, contacts, status, attempts, sent_at)
            SELECT '${DEMO_PUSH_ID}', batch, '${DEMO_PUSH_ID}-b' || batch, count(*), 'sent', 1, ${SENT_AT} + to_seconds(batch * 3)
            FROM demo_push2 WHERE NOT held GROUP BY batch`,
    },
    {
      sql: `INSERT INTO pushes (push_id, segment_id, segment_version, segment_name, channel, connector, connector_id, target, fields, batch_size,
              dry_run, created_by, status, created_at, finished_at, summary)
            SELECT '${DEMO_PUSH_ID}', '${SEGMENT_ID}', 1, 'Entered by email, not redeemed', 'email', 'sendgrid', NULL, 'list: Spring reminder',
              '["first_name"]', 1000, false, 'demo', 'done', ${SENT_AT} - INTERVAL 5 MINUTE, ${SENT_AT} + INTERVAL 5 MINUTE,
              json_object('excluded', json_object('no_address', 0, 'no_consent', 0, 'opted_out', 0, 'invalid_address', 0, 'duplicate_address', 0,
                'already_sent', 0, 'frequency_cap', 0), 'holdout', json_object('share', 0.2, 'seed', '${SEED}', 'people', count(*) FILTER (WHERE held)))
            FROM demo_push2`,
    },
    {
      // What SendGrid reported: delivered or bounced; opens at local hours over the next days; clicks soon after
      // an open; a few unsubscribes. Stored as an activity export would be imported (tied to the push by address).
      sql: `INSERT INTO message_events (occurred_at, event, channel, address, push_id, message_id, event_id, reason, url, attrs, import_id, line)
        WITH d AS (SELECT *, ${u('contact_id', 'bounce')} < 0.03 AS bounced, ${u('contact_id', 'open')} < 0.38 AS opened,
                          ${u('contact_id', 'click')} < 0.22 AS clicked, ${u('contact_id', 'unsub')} < 0.006 AS unsub FROM demo_push2 WHERE NOT held),
        ev AS (
          SELECT d.email, CASE WHEN d.bounced THEN 'bounced' ELSE 'delivered' END AS event,
                 ${SENT_LOCAL} + to_seconds(floor(5 + ${u('d.contact_id', 'dt')} * 90)::BIGINT) AS t,
                 CASE WHEN d.bounced THEN '550 5.1.1 The email account that you tried to reach does not exist' END AS reason, NULL AS url, d.contact_id
          FROM d
          UNION ALL SELECT d.email, 'opened', ${opensAt}, NULL, NULL, d.contact_id FROM d WHERE NOT d.bounced AND d.opened
          UNION ALL SELECT d.email, 'clicked', ${opensAt} + to_minutes(floor(1 + ${u('d.contact_id', 'cmin')} * 20)::BIGINT), NULL,
                 'https://shop.example.com/spring?utm_campaign=reminder', d.contact_id
          FROM d WHERE NOT d.bounced AND d.opened AND d.clicked
          UNION ALL SELECT d.email, 'unsubscribed', ${opensAt} + INTERVAL 2 MINUTE, NULL, NULL, d.contact_id FROM d WHERE NOT d.bounced AND d.unsub)
        SELECT t, event, 'email', email, NULL, NULL, 'ev' || left(md5(contact_id || event), 16), reason, url, NULL, ${DEMO_IMPORT_ID},
               row_number() OVER (ORDER BY t, email, event)
        FROM ev`,
    },
    {
      // The push's true effect: 3.5 % of the delivered redeem their coupon within ten days (the held-out do not).
      sql: `CREATE TEMP TABLE demo_push_red AS
        SELECT d.*, row_number() OVER (ORDER BY d.entrant) AS r,
               TIMESTAMP '${SEND_DAY} 10:00:00' + to_days((1 + floor(${u('d.contact_id', 'rday')} * 9))::INTEGER)
                 + to_minutes(floor(${u('d.contact_id', 'rmin')} * 540)::BIGINT) AS red_at,
               round(22 + pow(${u('d.contact_id', 'ramt')}, 2) * 180, 2) AS amt
        FROM demo_push2 d WHERE NOT d.held AND ${u('d.contact_id', 'bounce')} >= 0.03 AND ${u('d.contact_id', 'lift')} < 0.035
          -- Only people who would not have redeemed anyway: one coupon, one redemption.
          AND d.entrant NOT IN (SELECT ef.entrant FROM redemption_facts_t rf JOIN entry_facts_t ef ON ef.entry_key = rf.entry_key)`,
    },
    {
      sql: `INSERT INTO redemptions (redemption_id, redeemed_at, coupon_code, store_id, order_amount, discount_amount, import_id, line)
            SELECT 'RP' || lpad(r::VARCHAR, 7, '0'), red_at, coupon,
                   'S' || lpad((1 + (hash(contact_id, ${seed}, 'rstore') % 24))::VARCHAR, 3, '0'),
                   amt::DECIMAL(18,2), least(20, round(amt * 0.15, 2))::DECIMAL(18,2), ${DEMO_IMPORT_ID}, 900000000 + r
            FROM demo_push_red ORDER BY r`,
    },
    // Their facts: each redemption is of the coupon of the entry it came from.
    { sql: `INSERT INTO redemption_facts_t SELECT ace_row_key(${DEMO_IMPORT_ID}, 900000000 + r), entry_key FROM demo_push_red` },
    { sql: `DROP TABLE demo_push` },
    { sql: `DROP TABLE demo_push2` },
    { sql: `DROP TABLE demo_push_red` },
  ];
}
