import type { RoiDrill, RoiTiming } from '../../contract/roi';
import type { DbClient } from '../db/client';
import { ensurePivotTable } from '../derived/pivot-table';
import { UNATTRIBUTED } from './metrics';
import { Params, scopeCtes, type Scope } from './scope';

const n = (v: unknown) => Number(v ?? 0);

/** One media buy (null: what no media buy owns) by keyword, by day, and its entrants. */
export async function drillRoi(db: DbClient, input: Scope & { mediaBuyId: string | null }): Promise<RoiDrill> {
  await ensurePivotTable(db);
  const p = new Params();
  const ctes = scopeCtes(input, p, { splitSpend: input.filters.channel !== undefined, flat: true });
  const buy = input.mediaBuyId === null ? 'IS NULL' : `= ${p.add(input.mediaBuyId)}`;
  const q = (sql: string) => db.rows<Record<string, unknown>>(`${ctes} ${sql}`, p.values);
  const [label, keywords, days, entrants, count] = await Promise.all([
    input.mediaBuyId === null
      ? Promise.resolve([{ name: UNATTRIBUTED }])
      : db.rows<{ name: string }>(`SELECT coalesce(name, media_buy_id) AS name FROM media_buys WHERE media_buy_id = $1`, [
          input.mediaBuyId,
        ]),
    q(`, k_en AS (SELECT keyword, count(*) AS entries, count(DISTINCT entrant) AS unique_entrants FROM en WHERE media_buy_id ${buy} GROUP BY 1),
         k_rd AS (SELECT e.keyword, count(*) AS redemptions, sum(order_amount) AS revenue FROM rd JOIN entries e ON ace_row_key(e.import_id, e.line) = rd.entry_key WHERE rd.media_buy_id ${buy} GROUP BY 1)
       SELECT coalesce(k_en.keyword, k_rd.keyword) AS keyword, coalesce(k_en.entries, 0) AS entries, coalesce(k_en.unique_entrants, 0) AS unique_entrants,
              coalesce(k_rd.redemptions, 0) AS redemptions, coalesce(k_rd.revenue, 0) AS revenue
       FROM k_en FULL JOIN k_rd ON k_en.keyword IS NOT DISTINCT FROM k_rd.keyword ORDER BY entries DESC, keyword NULLS LAST`),
    q(`, d_sp AS (SELECT date AS day, sum(amount) AS spend FROM sp WHERE media_buy_id ${buy} GROUP BY 1),
         d_en AS (SELECT day, count(*) AS entries FROM en WHERE media_buy_id ${buy} GROUP BY 1),
         d_rd AS (SELECT day, count(*) AS redemptions, sum(order_amount) AS revenue FROM rd WHERE media_buy_id ${buy} GROUP BY 1)
       SELECT strftime(day, '%Y-%m-%d') AS day, coalesce(spend, 0) AS spend, coalesce(entries, 0) AS entries, coalesce(redemptions, 0) AS redemptions, coalesce(revenue, 0) AS revenue
       FROM d_sp FULL JOIN d_en USING (day) FULL JOIN d_rd USING (day) ORDER BY day`),
    q(`, p_en AS (SELECT entrant, count(*) AS entries, min(entered_at) AS first_entry FROM en WHERE media_buy_id ${buy} GROUP BY 1),
         p_rd AS (SELECT entrant, count(*) AS redemptions, sum(order_amount) AS revenue FROM rd WHERE media_buy_id ${buy} GROUP BY 1),
         top_p AS (SELECT entrant, entries, first_entry, coalesce(redemptions, 0) AS redemptions, coalesce(revenue, 0) AS revenue
                 FROM p_en LEFT JOIN p_rd USING (entrant) ORDER BY entries DESC, revenue DESC, 'P' || lpad(to_hex(entrant), 16, '0') LIMIT 200),
         -- Who they are, as their latest entry says (only these 200 people are looked up).
         who AS (SELECT f.entrant, arg_max(trim(concat_ws(' ', e.first_name, e.last_name)), e.entered_at) FILTER (WHERE e.first_name IS NOT NULL OR e.last_name IS NOT NULL) AS name,
                        arg_max(e.zip, e.entered_at) FILTER (WHERE e.zip IS NOT NULL) AS zip
                 FROM entries e JOIN entry_facts_t f ON f.entry_key = ace_row_key(e.import_id, e.line)
                 WHERE f.entrant IN (SELECT entrant FROM top_p) GROUP BY 1)
       SELECT 'P' || lpad(to_hex(top_p.entrant), 16, '0') AS entrant_id, who.name, who.zip, entries, strftime(first_entry, '%Y-%m-%d %H:%M') AS first_entry,
              redemptions, revenue
       FROM top_p LEFT JOIN who USING (entrant) ORDER BY entries DESC, revenue DESC, entrant_id`),
    q(`SELECT count(DISTINCT entrant) AS n FROM en WHERE media_buy_id ${buy}`),
  ]);
  return {
    mediaBuyId: input.mediaBuyId,
    label: label[0]?.name ?? String(input.mediaBuyId),
    keywords: keywords.map((r) => ({
      keyword: (r.keyword as string | null) ?? null,
      entries: n(r.entries),
      unique_entrants: n(r.unique_entrants),
      redemptions: n(r.redemptions),
      revenue: n(r.revenue),
    })),
    days: days.map((r) => ({
      day: String(r.day),
      spend: n(r.spend),
      entries: n(r.entries),
      redemptions: n(r.redemptions),
      revenue: n(r.revenue),
    })),
    entrants: entrants.map((r) => ({
      entrant_id: String(r.entrant_id),
      name: (r.name as string | null) || null,
      zip: (r.zip as string | null) ?? null,
      entries: n(r.entries),
      first_entry: String(r.first_entry),
      redemptions: n(r.redemptions),
      revenue: n(r.revenue),
    })),
    entrantsTotal: n(count[0]?.n),
  };
}

const BUCKETS: [string, number][] = [
  ...Array.from({ length: 14 }, (_, d) => [d === 0 ? 'same day' : d === 1 ? '1 day' : `${d} days`, d] as [string, number]),
  ['14–20 days', 14],
  ['21–27 days', 21],
  ['28–41 days', 28],
  ['42–59 days', 42],
  ['60+ days', 60],
];

/** Whole days from each attributed redemption's entry to the redemption, bucketed, with median and p90. */
export async function roiTiming(db: DbClient, input: Scope & { mediaBuyId?: string | null }): Promise<RoiTiming> {
  await ensurePivotTable(db);
  const p = new Params();
  const ctes = scopeCtes(input, p, { splitSpend: false, flat: true });
  const buy =
    input.mediaBuyId === undefined
      ? 'true'
      : input.mediaBuyId === null
        ? 'media_buy_id IS NULL'
        : `media_buy_id = ${p.add(input.mediaBuyId)}`;
  const starts = BUCKETS.map(([, d]) => d);
  const [r] = await db.rows<{ lags: number[] | null; median: number | null; p90: number | null; n: number; longest: number | null }>(
    `${ctes}, lag AS (SELECT greatest(date_diff('day', entered_at::DATE, redeemed_at::DATE), 0) AS d FROM rd WHERE entry_key IS NOT NULL AND entered_at IS NOT NULL AND ${buy})
     SELECT list(n ORDER BY b) AS lags, (SELECT quantile_cont(d, 0.5) FROM lag) AS median, (SELECT quantile_cont(d, 0.9) FROM lag) AS p90, (SELECT count(*) FROM lag) AS n,
            (SELECT max(d) FROM lag) AS longest
     FROM (SELECT b, count(l.d) AS n FROM range(${starts.length}) t(b)
           LEFT JOIN lag l ON l.d >= [${starts.join(', ')}][b + 1] AND (b + 1 = ${starts.length} OR l.d < [${starts.join(', ')}][b + 2]) GROUP BY b)`,
    p.values,
  );
  const lags = (r?.lags ?? []).map(Number);
  return {
    buckets: BUCKETS.map(([label, fromDays], i) => {
      const next = BUCKETS[i + 1]?.[1];
      // The open-ended last bucket spans to the longest delay seen (at least a day).
      const days = next !== undefined ? next - fromDays : Math.max(1, Number(r?.longest ?? fromDays) - fromDays + 1);
      return { label, fromDays, days, redemptions: lags[i] ?? 0 };
    }),
    medianDays: r?.median === null || r?.median === undefined ? null : Number(r.median),
    p90Days: r?.p90 === null || r?.p90 === undefined ? null : Number(r.p90),
    redemptions: Number(r?.n ?? 0),
  };
}
