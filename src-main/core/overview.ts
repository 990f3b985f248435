import type { Overview } from '../contract/types';
import type { Session } from './session';
import { RATIOS_SQL } from './roi/metrics';
import { pivotTableReady } from './derived/pivot-table';

/** The first screen's figures: what is in the workspace, at a glance. */
export async function overview(session: Session): Promise<Overview> {
  const db = session.requireDb();
  const workspace = await session.info();
  // The ratios by the same SQL as ROI's total row (DOMAIN.md): the Overview and ROI never disagree.
  const t = (await db.one<Record<string, string | null>>(`
    SELECT *, ${RATIOS_SQL} FROM (
    SELECT (SELECT count(*) FROM entries) AS entries,
           (SELECT count(*) FROM media_buys) AS media_buys,
           (SELECT coalesce(sum(amount), 0) FROM spend) AS spend,
           (SELECT count(*) FROM redemptions) AS redemptions,
           (SELECT coalesce(sum(order_amount), 0) FROM redemptions) AS revenue,
           (SELECT count(*) FROM stores) AS stores,
           (SELECT count(*) FROM consent_optouts) AS optouts)`))!;
  const ratio = (v: string | null) => (v === null || v === undefined ? null : Number(v));
  return {
    workspace,
    totals: {
      entries: Number(t.entries),
      mediaBuys: Number(t.media_buys),
      spend: Number(t.spend),
      redemptions: Number(t.redemptions),
      revenue: Number(t.revenue),
      stores: Number(t.stores),
      optouts: Number(t.optouts),
      costPerEntry: ratio(t.cost_per_entry!),
      roas: ratio(t.roas!),
      redemptionRate: ratio(t.redemption_rate!),
    },
  };
}

export async function entriesPerDay(session: Session): Promise<Uint8Array> {
  const db = session.requireDb();
  // Grouped by the day as a DATE, made text after: formatting 10M timestamps first took 5x longer. From
  // Explore's flat table when it is current (its day column is already a DATE: 47 ms instead of 104 ms for
  // the first answer at 10M entries), else from the entries themselves.
  const source = (await pivotTableReady(db))
    ? `SELECT day AS d, count(*) AS entries FROM pivot_entries GROUP BY 1`
    : `SELECT entered_at::DATE AS d, count(*) AS entries FROM entries GROUP BY 1`;
  return db.arrow(`SELECT strftime(d, '%Y-%m-%d') AS day, entries FROM (${source}) ORDER BY 1`);
}
