import { MESSAGE_EVENTS, type MessageEvent } from '../../contract/types';
import type { EventCounts, GroupResult, LiftSummary, OutcomesResult, PushResult } from '../../contract/outcomes';
import type { DbClient } from '../db/client';
import { num } from '../lib/cells';
import { AceError } from '../lib/errors';
import { linksCtes } from './links';
import { WORKSPACE_TZ } from '../geo/local-time';
import { lift, type GroupOutcome } from './lift';
import { getCosts } from '../deliver/cap';
import type { MessageCosts } from '../../contract/deliver';

type Row = Record<string, unknown>;

/**
 * What each push's recipients did in the window after its first batch went out, and (where the push held
 * people out) what the held-out did in the same window: entries, redemptions and revenue per person. Both
 * groups are measured from the same moment, so the comparison is fair (docs/lift-method.md). A batch's sent_at
 * is this machine's time while campaign data is in the workspace's zone: the send time is moved into it first.
 */
const GROUPS_SQL = (pushFilter: string) => `
WITH t0 AS (SELECT push_id, timezone(${WORKSPACE_TZ}, min(sent_at)::TIMESTAMPTZ) AS sent_at FROM push_batches WHERE sent_at IS NOT NULL GROUP BY push_id),
grp AS (
  SELECT pc.push_id, pc.entrant, pc.status, t0.sent_at, t0.sent_at + to_days($1::INTEGER) AS until
  FROM push_contacts pc JOIN t0 USING (push_id) JOIN pushes p USING (push_id)
  WHERE pc.status IN ('accepted', 'held_out') AND NOT coalesce(p.dry_run, false) ${pushFilter}),
ent AS (
  SELECT g.push_id, g.entrant, count(*) AS n FROM grp g
  JOIN entry_facts_t f ON f.entrant = g.entrant JOIN entries e ON ace_row_key(e.import_id, e.line) = f.entry_key
  WHERE e.entered_at >= g.sent_at AND e.entered_at < g.until GROUP BY ALL),
red AS (
  SELECT g.push_id, g.entrant, count(*) AS n, sum(r.order_amount) AS amount FROM grp g
  JOIN entry_facts_t ef ON ef.entrant = g.entrant JOIN redemption_facts_t rf ON rf.entry_key = ef.entry_key
  JOIN redemptions r ON ace_row_key(r.import_id, r.line) = rf.redemption_key
  WHERE r.redeemed_at >= g.sent_at AND r.redeemed_at < g.until GROUP BY ALL),
person AS (
  SELECT g.push_id, g.status, coalesce(ent.n, 0) AS entries, coalesce(red.n, 0) AS redemptions, coalesce(red.amount, 0)::DOUBLE AS revenue,
    coalesce(red.amount, 0) AS revenue_exact
  FROM grp g LEFT JOIN ent USING (push_id, entrant) LEFT JOIN red USING (push_id, entrant))
SELECT push_id, status, count(*) AS people, count(*) FILTER (WHERE entries > 0) AS entrants, sum(entries) AS entries,
  count(*) FILTER (WHERE redemptions > 0) AS redeemers, sum(redemptions) AS redemptions,
  sum(revenue_exact)::VARCHAR AS revenue, sum(revenue * revenue) AS revenue_sq
FROM person GROUP BY ALL`;

const EVENTS_SQL = (pushFilter: string) => `
WITH ${linksCtes(WORKSPACE_TZ)}
SELECT l.push_id, e.event, l.linked_by, count(DISTINCT e.address) AS people, count(*) AS events
FROM ace_links l JOIN message_events e ON ace_row_key(e.import_id, e.line) = l.ek
WHERE true ${pushFilter} GROUP BY GROUPING SETS ((l.push_id, e.event), (l.push_id, l.linked_by))`;

const UNLINKED_SQL = `WITH ${linksCtes(WORKSPACE_TZ)} SELECT (SELECT count(*) FROM message_events) - (SELECT count(*) FROM ace_links) AS n`;

const PUSHES_SQL = (pushFilter: string) => `
SELECT p.push_id, p.segment_name, p.segment_id, p.channel, p.template_id, t.name AS template_name,
  strftime((SELECT min(sent_at) FROM push_batches b WHERE b.push_id = p.push_id), '%Y-%m-%d %H:%M:%S') AS sent_at,
  (SELECT count(*) FROM push_contacts pc WHERE pc.push_id = p.push_id AND pc.status = 'accepted') AS sent
FROM pushes p LEFT JOIN message_templates t USING (template_id)
WHERE NOT coalesce(p.dry_run, false) ${pushFilter} ORDER BY p.created_at DESC, p.push_id`;

const emptyEvents = (): EventCounts => Object.fromEntries(MESSAGE_EVENTS.map((e) => [e, 0])) as EventCounts;
const emptyGroup = (): GroupResult => ({ people: 0, entrants: 0, entries: 0, redeemers: 0, redemptions: 0, revenue: 0 });

function group(r: Row | undefined): GroupResult & { revenueSq: number } {
  if (!r) return { ...emptyGroup(), revenueSq: 0 };
  return {
    people: num(r.people),
    entrants: num(r.entrants),
    entries: num(r.entries),
    redeemers: num(r.redeemers),
    redemptions: num(r.redemptions),
    revenue: num(r.revenue),
    revenueSq: num(r.revenue_sq),
  };
}

const outcome = (g: GroupResult & { revenueSq: number }): GroupOutcome => ({
  people: g.people,
  converted: g.redeemers,
  revenue: g.revenue,
  revenueSq: g.revenueSq,
});

const plain = ({ revenueSq: _, ...g }: GroupResult & { revenueSq: number }): GroupResult => g;

function liftOf(sent: GroupResult & { revenueSq: number }, held: GroupResult & { revenueSq: number }): LiftSummary {
  const l = lift(outcome(sent), outcome(held));
  return {
    heldOut: plain(held),
    rateDiff: l.rateDiff,
    revenueDiff: l.revenueDiff,
    incrementalRedemptions: l.incrementalRedemptions,
    incrementalRevenue: l.incrementalRevenue,
    significant: l.significant,
    pValue: l.pValue,
    note: l.note,
  };
}

/** Every push's results (or one push's), newest first, with the per-template sums. */
export async function outcomes(db: DbClient, opts: { pushId?: string; windowDays: number }): Promise<OutcomesResult> {
  const params = opts.pushId ? [opts.windowDays, opts.pushId] : [opts.windowDays];
  const filter = opts.pushId ? 'AND pc.push_id = $2' : '';
  const pushes = await db.rows<Row>(PUSHES_SQL(opts.pushId ? 'AND p.push_id = $1' : ''), opts.pushId ? [opts.pushId] : []);
  if (opts.pushId && !pushes.length) throw new AceError('NOT_FOUND', `No push ${opts.pushId}.`);
  const costs = await getCosts(db);
  // One after another: side by side they took as long alone (3.3-3.5 s at 10M entries) and, with the best time to
  // send that Deliver asks for at the same moment, four large joins at once held 2 cores and the memory limit
  // between them: 12-13 s for both, against 5.3 s with these in turn.
  const groups = await db.rows<Row>(GROUPS_SQL(filter), params);
  const events = await db.rows<Row>(EVENTS_SQL(opts.pushId ? 'AND l.push_id = $1' : ''), opts.pushId ? [opts.pushId] : []);
  const [unlinked] = await db.rows<Row>(UNLINKED_SQL);
  const results: PushResult[] = pushes.map((p) => {
    const id = String(p.push_id);
    const counts = emptyEvents();
    const linked = { byPushId: 0, byBatch: 0, byAddress: 0 };
    // People per event (a person once, however their events were tied), and events per way of tying them.
    for (const e of events.filter((x) => x.push_id === id)) {
      if (e.event !== null) counts[e.event as MessageEvent] = num(e.people);
      else linked[e.linked_by === 'push_id' ? 'byPushId' : e.linked_by === 'batch' ? 'byBatch' : 'byAddress'] = num(e.events);
    }
    const sent = group(groups.find((g) => g.push_id === id && g.status === 'accepted'));
    const held = groups.find((g) => g.push_id === id && g.status === 'held_out');
    const lifted = held ? liftOf(sent, group(held)) : null;
    const each = costs[p.channel as keyof MessageCosts] ?? null;
    const cost = each === null ? null : Math.round(num(p.sent) * each * 100) / 100;
    const incremental = lifted?.incrementalRedemptions?.estimate ?? 0;
    return {
      pushId: id,
      segmentName: String(p.segment_name ?? p.segment_id),
      channel: String(p.channel),
      templateId: (p.template_id as string | null) ?? null,
      sentAt: (p.sent_at as string | null) ?? null,
      sent: num(p.sent),
      events: counts,
      linked,
      recipients: plain(sent),
      lift: lifted,
      cost,
      costPerRedemption: cost !== null && sent.redemptions > 0 ? cost / sent.redemptions : null,
      costPerIncrementalRedeemer: cost !== null && incremental > 0 ? cost / incremental : null,
    };
  });
  const names = new Map(pushes.map((p) => [(p.template_id as string | null) ?? null, (p.template_name as string | null) ?? null]));
  const byTemplate = [...names.entries()].map(([templateId, templateName]) => {
    const mine = results.filter((r) => r.templateId === templateId);
    const events = emptyEvents();
    const recipients = emptyGroup();
    for (const r of mine) {
      for (const e of MESSAGE_EVENTS) events[e] += r.events[e];
      for (const k of Object.keys(recipients) as (keyof GroupResult)[]) recipients[k] += r.recipients[k];
    }
    recipients.revenue = Math.round(recipients.revenue * 100) / 100;
    return { templateId, templateName, pushes: mine.length, sent: mine.reduce((n, r) => n + r.sent, 0), events, recipients };
  });
  // Templates by name, the pushes without one last.
  byTemplate.sort(
    (a, b) => Number(a.templateId === null) - Number(b.templateId === null) || (a.templateName ?? '').localeCompare(b.templateName ?? ''),
  );
  return { windowDays: opts.windowDays, pushes: results, byTemplate, unlinkedEvents: num(unlinked?.n) };
}
