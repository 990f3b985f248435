/**
 * Which push each imported message event belongs to, first rule that matches wins (docs/outcomes.md):
 *
 * 1. the event names one of our push ids (the webhook API's `push_id`, a custom argument echoed back);
 * 2. its message id is one of our batches' idempotency keys (what the webhook API and the CSV drop carry);
 * 3. else by address: the latest push that sent to that address on that channel before the event, allowing
 *    an hour of clock difference (a service stamps "processed" before our batch's answer is recorded).
 *
 * Everything else ties to no push (messages other tools sent) and is counted as such, never guessed.
 * SQL (CTEs) giving `ace_links(ek, push_id, linked_by)`, ek being the event's row key. `tz` is the workspace's
 * time zone as a SQL string: events are stored in campaign time, a batch's sent_at in this machine's. Each batch's
 * send time is moved into campaign time once per batch (`ace_batch_sent`), not once per contact: a zone that is not
 * a constant in the plan costs microseconds a row (2.7 s over the 551,307 contacts of the 10M demo's push).
 */
export const linksCtes = (tz: string) => `
ace_ev AS (
  SELECT ace_row_key(import_id, line) AS ek, push_id, message_id, channel, address, occurred_at + INTERVAL 1 HOUR AS t FROM message_events),
ace_real AS (SELECT push_id FROM pushes WHERE NOT coalesce(dry_run, false)),
ace_batch_sent AS (SELECT push_id, batch, timezone(${tz}, sent_at::TIMESTAMPTZ) AS sent_at FROM push_batches WHERE sent_at IS NOT NULL),
ace_by_id AS (SELECT ek, push_id, 'push_id' AS linked_by FROM ace_ev WHERE push_id IN (SELECT push_id FROM ace_real)),
ace_by_batch AS (
  SELECT e.ek, b.push_id, 'batch' AS linked_by FROM ace_ev e JOIN push_batches b ON b.idempotency_key = e.message_id
  WHERE b.push_id IN (SELECT push_id FROM ace_real) AND e.ek NOT IN (SELECT ek FROM ace_by_id)),
ace_sends AS (
  SELECT pc.push_id, pc.address, ps.channel, b.sent_at FROM push_contacts pc
  JOIN ace_batch_sent b USING (push_id, batch) JOIN pushes ps USING (push_id)
  WHERE pc.status = 'accepted' AND NOT coalesce(ps.dry_run, false)),
ace_by_address AS (
  SELECT e.ek, s.push_id, 'address' AS linked_by
  FROM (SELECT * FROM ace_ev WHERE ek NOT IN (SELECT ek FROM ace_by_id UNION ALL SELECT ek FROM ace_by_batch)) e
  ASOF JOIN ace_sends s ON e.address = s.address AND e.channel = s.channel AND e.t >= s.sent_at),
ace_links AS (SELECT * FROM ace_by_id UNION ALL SELECT * FROM ace_by_batch UNION ALL SELECT * FROM ace_by_address)`;
