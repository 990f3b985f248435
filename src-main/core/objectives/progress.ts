import { randomBytes } from 'node:crypto';
import { LOWER_IS_BETTER, objectiveInput, type ObjectiveMetric, type ObjectiveProgress } from '../../contract/objectives';
import type { z } from 'zod';
import type { DbClient } from '../db/client';
import { AceError } from '../lib/errors';
import { getRoi } from '../roi/metrics';
import { mergeSql } from '../lib/merge';

/** Days of recent data whose pace is extended to the due date. */
export const PACE_DAYS = 14;

interface Totals {
  spend: number;
  entries: number;
  entrants: number;
  opted: number;
  redemptions: number;
  revenue: number;
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

/** A metric from the totals (DOMAIN.md definitions; opt-in rate: entrants who opted in on any channel / entrants). */
export function metricOf(m: ObjectiveMetric, t: Totals): number | null {
  switch (m) {
    case 'entries':
      return t.entries;
    case 'unique_entrants':
      return t.entrants;
    case 'opt_in_rate':
      return ratio(t.opted, t.entrants);
    case 'cost_per_entry':
      return ratio(t.spend, t.entries);
    case 'redemptions':
      return t.redemptions;
    case 'redemption_rate':
      return ratio(t.redemptions, t.entries);
    case 'revenue':
      return t.revenue;
    case 'roas':
      return ratio(t.revenue, t.spend);
  }
}

/** Totals now (as the ROI screen computes them) and over the last PACE_DAYS days of data, for the campaign or one media buy. */
async function totals(db: DbClient, mediaBuyId: string | null): Promise<{ now: Totals; recent: Totals; asOf: string | null }> {
  const roi = await getRoi(db, { by: 'media_buy', filters: {} });
  const row = mediaBuyId === null ? roi.total : roi.rows.find((r) => r.key === mediaBuyId);
  if (!row) throw new AceError('NOT_FOUND', `There is no media buy ${mediaBuyId} in the plan.`);
  const [r] = await db.rows<Record<string, unknown>>(
    `WITH last_day AS (SELECT greatest((SELECT max(entered_at)::DATE FROM entries), (SELECT max(redeemed_at)::DATE FROM redemptions), (SELECT max(date) FROM spend)) AS d),
     e AS (SELECT f.entrant, e.entered_at::DATE AS d, coalesce(e.email_opt_in, false) OR coalesce(e.sms_opt_in, false) AS opted
           FROM entries e JOIN entry_facts_t f ON f.entry_key = ace_row_key(e.import_id, e.line) WHERE $1::VARCHAR IS NULL OR f.media_buy_id = $1),
     firsts AS (SELECT entrant, min(d) AS first_d, min(d) FILTER (WHERE opted) AS opted_d FROM e GROUP BY entrant),
     red AS (SELECT r.redeemed_at::DATE AS d, r.order_amount FROM redemption_facts_t rf JOIN redemptions r ON ace_row_key(r.import_id, r.line) = rf.redemption_key
             LEFT JOIN entry_facts_t ef ON ef.entry_key = rf.entry_key WHERE $1::VARCHAR IS NULL OR ef.media_buy_id = $1),
     sp AS (SELECT s.date AS d, s.amount FROM spend s LEFT JOIN media_buys mb ON mb.media_buy_id = $1
            WHERE $1::VARCHAR IS NULL OR s.media_buy_id = $1 OR (s.media_buy_id IS NULL AND s.keyword = mb.keyword))
     SELECT strftime((SELECT d FROM last_day), '%Y-%m-%d') AS as_of,
       (SELECT count(*) FILTER (WHERE opted_d IS NOT NULL) FROM firsts) AS opted,
       (SELECT count(*) FROM e WHERE d > (SELECT d FROM last_day) - ${PACE_DAYS}) AS r_entries,
       (SELECT count(*) FROM firsts WHERE first_d > (SELECT d FROM last_day) - ${PACE_DAYS}) AS r_entrants,
       (SELECT count(*) FROM firsts WHERE opted_d > (SELECT d FROM last_day) - ${PACE_DAYS}) AS r_opted,
       (SELECT count(*) FROM red WHERE d > (SELECT d FROM last_day) - ${PACE_DAYS}) AS r_redemptions,
       (SELECT coalesce(sum(order_amount), 0) FROM red WHERE d > (SELECT d FROM last_day) - ${PACE_DAYS}) AS r_revenue,
       (SELECT coalesce(sum(amount), 0) FROM sp WHERE d > (SELECT d FROM last_day) - ${PACE_DAYS}) AS r_spend`,
    [mediaBuyId],
  );
  const n = (k: string) => Number(r![k] ?? 0);
  return {
    now: {
      spend: row.spend,
      entries: row.entries,
      entrants: row.unique_entrants,
      opted: n('opted'),
      redemptions: row.redemptions,
      revenue: row.revenue,
    },
    recent: {
      spend: n('r_spend'),
      entries: n('r_entries'),
      entrants: n('r_entrants'),
      opted: n('r_opted'),
      redemptions: n('r_redemptions'),
      revenue: n('r_revenue'),
    },
    asOf: (r!.as_of as string | null) ?? null,
  };
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** Where an objective stands, and where the recent pace takes it by its due date. */
export function assess(
  o: { objectiveId: string; metric: ObjectiveMetric; mediaBuyId: string | null; target: number; due: string },
  t: { now: Totals; recent: Totals; asOf: string | null },
): ObjectiveProgress {
  const base = { ...o, asOf: t.asOf };
  const current = metricOf(o.metric, t.now);
  if (t.asOf === null || current === null) return { ...base, current, projected: null, status: 'no_data', progress: null };
  const left = Math.max(0, daysBetween(t.asOf, o.due));
  const pace = (k: keyof Totals) => t.now[k] + (t.recent[k] / PACE_DAYS) * left;
  const projectedTotals: Totals = {
    spend: pace('spend'),
    entries: pace('entries'),
    entrants: pace('entrants'),
    opted: pace('opted'),
    redemptions: pace('redemptions'),
    revenue: pace('revenue'),
  };
  const projected = metricOf(o.metric, projectedTotals);
  const lower = LOWER_IS_BETTER.includes(o.metric);
  const meets = (v: number | null) => v !== null && (lower ? v <= o.target : v >= o.target);
  const cumulative = ['entries', 'unique_entrants', 'redemptions', 'revenue'].includes(o.metric);
  const due = left === 0;
  const status = due
    ? meets(current)
      ? 'met'
      : 'missed'
    : cumulative && meets(current)
      ? 'met'
      : meets(projected)
        ? 'on_track'
        : 'behind';
  const progress = lower ? (current === 0 ? null : o.target / current) : o.target === 0 ? null : current / o.target;
  return { ...base, current, projected, status, progress };
}

export async function listObjectives(db: DbClient): Promise<ObjectiveProgress[]> {
  const rows = await db.rows<{ objective_id: string; metric: ObjectiveMetric; media_buy_id: string | null; target: number; due: string }>(
    `SELECT objective_id, metric, media_buy_id, target, strftime(due, '%Y-%m-%d') AS due FROM objectives ORDER BY media_buy_id NULLS FIRST, metric, objective_id`,
  );
  const cache = new Map<string, Awaited<ReturnType<typeof totals>>>();
  const out: ObjectiveProgress[] = [];
  for (const r of rows) {
    const key = r.media_buy_id ?? '';
    if (!cache.has(key)) cache.set(key, await totals(db, r.media_buy_id));
    out.push(
      assess(
        { objectiveId: r.objective_id, metric: r.metric, mediaBuyId: r.media_buy_id, target: Number(r.target), due: r.due },
        cache.get(key)!,
      ),
    );
  }
  return out;
}

export async function saveObjective(db: DbClient, input: z.input<typeof objectiveInput>): Promise<ObjectiveProgress> {
  const o = objectiveInput.parse(input);
  if (o.mediaBuyId !== null) {
    const [mb] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM media_buys WHERE media_buy_id = $1`, [o.mediaBuyId]);
    if (Number(mb!.n) === 0)
      throw new AceError(
        'NOT_FOUND',
        `There is no media buy ${o.mediaBuyId} in the plan. Import the media plan, or leave the media buy out for a campaign objective.`,
      );
  }
  const id = o.objectiveId ?? `obj_${randomBytes(6).toString('hex')}`;
  await db.write((w) =>
    w.run(
      mergeSql('objectives', ['objective_id'], [{ objective_id: '$1', metric: '$2', media_buy_id: '$3', target: '$4', due: '$5::DATE' }]),
      [id, o.metric, o.mediaBuyId, o.target, o.due],
    ),
  );
  return (await listObjectives(db)).find((x) => x.objectiveId === id)!;
}

export async function deleteObjective(db: DbClient, id: string): Promise<boolean> {
  const [r] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM objectives WHERE objective_id = $1`, [id]);
  await db.write((w) => w.run(`DELETE FROM objectives WHERE objective_id = $1`, [id]));
  return Number(r!.n) > 0;
}
