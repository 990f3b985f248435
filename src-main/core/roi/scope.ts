import type { RoiGrouping } from '../../contract/roi';
import { KEYWORD_BUYS_SQL } from '../derived/keyword-buys';
import { Params } from '../lib/params';

export { Params };

export interface Scope {
  from?: string;
  to?: string;
  filters: { media_buy?: string[]; media_type?: string[]; market?: string[]; channel?: string[] };
}

const PLAN_FILTERS = ['media_buy', 'media_type', 'market'] as const;
const PLAN_COLUMN = { media_buy: 'media_buy_id', media_type: 'media_type', market: 'market' } as const;

/**
 * ROI may read the redemptions of entries from the flat table's per-entry sums (pivot_entries' rr_n, rr_revenue,
 * rr_discounts, over all of an entry's redemptions) instead of joining every redemption to its entry: only when
 * no date range applies (a range takes each redemption by its own date) and the grouping is not by week (a
 * redemption falls in the week of its own date). The redemptions no coupon matches come from rd_unmatched.
 */
export const redemptionsByEntry = (s: Scope, by?: RoiGrouping) => !s.from && !s.to && by !== 'week';

/** Every redemption (`r`) with its facts (`rf`: its entry, when a coupon matched one). */
export const REDEMPTIONS_WITH_FACTS = 'redemptions r JOIN redemption_facts_t rf ON rf.redemption_key = ace_row_key(r.import_id, r.line)';

/** True when a filter on the plan (media buy, type, market) leaves the unattributed out. */
export const planFiltered = (s: Scope) => PLAN_FILTERS.some((f) => s.filters[f] !== undefined);
/** Spend is split across channels when channels are grouped or filtered (spend has no channel). */
export const splitsSpend = (s: Scope, by?: RoiGrouping) => by === 'channel' || s.filters.channel !== undefined;

/**
 * The CTEs every ROI query starts from, already limited to the scope:
 *  mb(media_buy_id, name, media_type, market, keyword)   the plan (filtered)
 *  sp(sid, date, media_buy_id, amount[, channel])        spend, attributed by media_buy_id, else keyword
 *  en(entry_key, entry_id, entered_at, day, channel, keyword, media_buy_id, entrant[, rr_n, rr_revenue, rr_discounts when flat])
 *  rd(redemption_key, redemption_id, redeemed_at, day, order_amount, discount_amount, media_buy_id, entrant, entry_key, entered_at, channel)
 * Dates are each row's own: spend date, entered_at, redeemed_at; `to` is inclusive.
 * `flat` reads entries from Explore's flat table (core/derived/pivot-table.ts: the same entries with their
 * facts, one scan instead of joining 10M entries to their facts, ~20x faster at 10M); entry_id is then
 * absent (NULL), so callers that list entries by id leave it off. The caller ensures the flat table.
 */
export function scopeCtes(s: Scope, p: Params, opts: { splitSpend: boolean; flat?: boolean }): string {
  const range = (col: string) => {
    const parts: string[] = [];
    if (s.from) parts.push(`${col} >= ${p.add(s.from)}::DATE`);
    if (s.to) parts.push(`${col} < ${p.add(s.to)}::DATE + INTERVAL 1 DAY`);
    return parts.length ? parts.join(' AND ') : 'true';
  };
  const planWhere = PLAN_FILTERS.filter((f) => s.filters[f] !== undefined)
    .map((f) => (s.filters[f]!.length ? `${PLAN_COLUMN[f]} IN (${p.list(s.filters[f]!)})` : 'false'))
    .join(' AND ');
  // Attributed rows must belong to a buy of the filtered plan; with no plan filter the unattributed stay.
  const inPlan = (col: string) => (planWhere ? `${col} IN (SELECT media_buy_id FROM mb)` : 'true');
  const ch = s.filters.channel;
  const chList = ch?.length ? p.list(ch) : '';
  const chWhere = (col: string) => (ch === undefined ? 'true' : ch.length ? `coalesce(${col}, '(not set)') IN (${chList})` : 'false');

  const ctes = [
    `mb AS (SELECT media_buy_id, coalesce(name, media_buy_id) AS name, media_type, market, keyword FROM media_buys ${planWhere ? `WHERE ${planWhere}` : ''})`,
    `mb_kw AS (${KEYWORD_BUYS_SQL})`,
    opts.flat
      ? `en_all AS (SELECT p.entry_key, NULL::VARCHAR AS entry_id, p.entered_at, p.day, p.channel, p.keyword, p.media_buy_id, p.entrant,
        p.rr_n, p.rr_revenue, p.rr_discounts
      FROM pivot_entries p WHERE ${range('p.entered_at')})`
      : `en_all AS (SELECT ace_row_key(e.import_id, e.line) AS entry_key, e.entry_id, e.entered_at, e.entered_at::DATE AS day, e.channel, e.keyword,
        f.media_buy_id, f.entrant
      FROM entries e JOIN entry_facts_t f ON f.entry_key = ace_row_key(e.import_id, e.line)
      WHERE ${range('e.entered_at')})`,
    `en AS (SELECT * FROM en_all WHERE ${inPlan('en_all.media_buy_id')} AND ${chWhere('en_all.channel')})`,
    `sp_raw AS (SELECT row_number() OVER () AS sid, s.date, s.amount, coalesce(m1.media_buy_id, m2.media_buy_id) AS media_buy_id
      FROM spend s LEFT JOIN media_buys m1 ON m1.media_buy_id = s.media_buy_id LEFT JOIN mb_kw m2 ON m2.keyword = s.keyword
      WHERE ${range('s.date')})`,
  ];
  if (opts.splitSpend) {
    // Spend has no channel: each spend row is split across the channels of its buy's entries (in the
    // date range) by their share, to the cent, the rounding remainder going to the largest channel so
    // every spend row still sums exactly. Spend of a buy with no entries keeps channel "(no entries)".
    ctes.push(
      `shares AS (SELECT media_buy_id, coalesce(channel, '(not set)') AS channel,
          count(*)::DOUBLE / sum(count(*)) OVER (PARTITION BY media_buy_id) AS share,
          row_number() OVER (PARTITION BY media_buy_id ORDER BY count(*) DESC, coalesce(channel, '(not set)')) AS rk
        FROM en_all WHERE media_buy_id IS NOT NULL GROUP BY 1, 2)`,
      `sp_parts AS (SELECT s.sid, s.date, s.media_buy_id, s.amount AS whole, c.rk,
          CASE WHEN s.media_buy_id IS NULL THEN NULL ELSE coalesce(c.channel, '(no entries)') END AS channel,
          CASE WHEN c.share IS NULL THEN s.amount ELSE round(s.amount * c.share, 2)::DECIMAL(18,2) END AS part
        FROM sp_raw s LEFT JOIN shares c USING (media_buy_id))`,
      `sp_all AS (SELECT sid, date, media_buy_id, channel,
          (part + CASE WHEN rk = 1 THEN whole - sum(part) OVER (PARTITION BY sid) ELSE 0 END)::DECIMAL(18,2) AS amount FROM sp_parts)`,
      `sp AS (SELECT * FROM sp_all WHERE ${inPlan('sp_all.media_buy_id')} AND ${chWhere('sp_all.channel')})`,
    );
  } else {
    ctes.push(
      `sp AS (SELECT sid, date, media_buy_id, amount, NULL::VARCHAR AS channel FROM sp_raw WHERE ${inPlan('sp_raw.media_buy_id')})`,
    );
  }
  // The redemptions no entry's coupon matches, in the scope: what the flat table's per-entry redemptions leave out
  // (redemptionsByEntry). Their media buy and channel are unknown: a plan filter leaves them out. Not `rd` filtered:
  // its join to the flat table's 10M entries would be built all the same.
  if (opts.flat)
    ctes.push(
      `rd_unmatched AS (SELECT coalesce(r.order_amount, 0) AS order_amount, coalesce(r.discount_amount, 0) AS discount_amount
      FROM ${REDEMPTIONS_WITH_FACTS}
      WHERE rf.entry_key IS NULL AND ${range('r.redeemed_at')} AND ${inPlan('NULL')} AND ${chWhere('NULL')})`,
    );
  ctes.push(
    // Each redemption with its entry (the flat table carries the entry's facts, entered_at and channel).
    `rd AS (SELECT ace_row_key(r.import_id, r.line) AS redemption_key, r.redemption_id, r.redeemed_at, r.redeemed_at::DATE AS day,
        coalesce(r.order_amount, 0) AS order_amount, coalesce(r.discount_amount, 0) AS discount_amount,
        ef.media_buy_id, ef.entrant, rf.entry_key, ${opts.flat ? 'ef' : 'e'}.entered_at, ${opts.flat ? 'ef' : 'e'}.channel
      FROM ${REDEMPTIONS_WITH_FACTS}
      ${
        opts.flat
          ? 'LEFT JOIN pivot_entries ef ON ef.entry_key = rf.entry_key'
          : 'LEFT JOIN entry_facts_t ef ON ef.entry_key = rf.entry_key LEFT JOIN entries e ON ace_row_key(e.import_id, e.line) = rf.entry_key'
      }
      WHERE ${range('r.redeemed_at')} AND ${inPlan('ef.media_buy_id')} AND ${chWhere(`${opts.flat ? 'ef' : 'e'}.channel`)})`,
  );
  return `WITH ${ctes.join(',\n')}`;
}

/**
 * The group key of a row of sp, en or rd (aliased `x`, joined to the plan as `m`), by grouping.
 * Rows no media buy owns have key NULL: the "(unattributed)" row. Weeks keep every row in its week.
 */
export function groupKeySql(by: RoiGrouping, dateCol: string, opts: { weekAsDate?: boolean } = {}): string {
  const owned = (expr: string) => `CASE WHEN x.media_buy_id IS NULL THEN NULL ELSE ${expr} END`;
  switch (by) {
    case 'media_buy':
      return 'x.media_buy_id';
    case 'keyword':
      return owned('coalesce(m.keyword, m.media_buy_id)');
    case 'media_type':
      return owned(`coalesce(m.media_type, '(not set)')`);
    case 'market':
      return owned(`coalesce(m.market, '(not set)')`);
    case 'channel':
      return owned(`coalesce(x.channel, '(not set)')`);
    case 'week': {
      // With `weekAsDate` the Monday itself, for a caller that writes it as text once per group: 10M entries
      // grouped by week in 1.2 s against 2.0 s with the text made for every row.
      const monday = `date_trunc('week', x.${dateCol})::DATE`;
      return opts.weekAsDate ? monday : `strftime(${monday}, '%Y-%m-%d')`;
    }
  }
}

/** Keys every report shows even with no data: the plan's buys, keywords, types and markets. */
export function planKeysSql(by: RoiGrouping): string | null {
  switch (by) {
    case 'media_buy':
      return `SELECT media_buy_id AS key FROM mb`;
    case 'keyword':
      return `SELECT coalesce(keyword, media_buy_id) AS key FROM mb`;
    case 'media_type':
      return `SELECT coalesce(media_type, '(not set)') AS key FROM mb`;
    case 'market':
      return `SELECT coalesce(market, '(not set)') AS key FROM mb`;
    default:
      return null;
  }
}
