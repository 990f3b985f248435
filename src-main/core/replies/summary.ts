import type { ReplyCounts, ReplyTheme, RepliesByMediaBuy, RepliesSummary } from '../../contract/replies';
import type { DbClient } from '../db/client';
import { num, str } from '../lib/cells';
import { ensureReplyTables } from './tables';

type Row = Record<string, unknown>;

/** Themes shown per media buy, and overall. */
const PER_BUY = 5;
const OVERALL = 15;
/** A word used by fewer feedback replies than this is not a theme (one person's phrase, not a pattern). */
const MIN_REPLIES = 2;

const COUNTS = `count(*) AS replies, count(*) FILTER (WHERE type = 'feedback') AS feedback, count(*) FILTER (WHERE type = 'help') AS help,
  count(*) FILTER (WHERE type = 'opt_out') AS opt_outs, count(DISTINCT entrant) AS people`;

const counts = (r: Row | undefined): ReplyCounts => ({
  replies: num(r?.replies),
  feedback: num(r?.feedback),
  help: num(r?.help),
  optOuts: num(r?.opt_outs),
  people: num(r?.people),
});

/** Counts by type and by media buy (every media buy with replies, then the unattributed), and the feedback's themes. */
export async function repliesSummary(db: DbClient): Promise<RepliesSummary> {
  await ensureReplyTables(db);
  const [[t], byBuy, themes] = await Promise.all([
    db.rows<Row>(`SELECT ${COUNTS}, count(*) FILTER (WHERE entrant IS NULL) AS unknown_people,
        count(*) FILTER (WHERE tied_by = 'media_buy_id') AS by_id, count(*) FILTER (WHERE tied_by = 'keyword') AS by_keyword,
        count(*) FILTER (WHERE tied_by = 'latest_entry') AS by_entry, count(*) FILTER (WHERE tied_by IS NULL) AS by_none,
        strftime(min(received_at), '%Y-%m-%d %H:%M') AS first, strftime(max(received_at), '%Y-%m-%d %H:%M') AS last FROM reply_links`),
    db.rows<Row>(`WITH g AS (SELECT media_buy_id, ${COUNTS} FROM reply_links GROUP BY media_buy_id)
      SELECT g.*, m.name, coalesce(e.entrants, 0) AS entrants FROM g LEFT JOIN media_buys m USING (media_buy_id)
      LEFT JOIN reply_buy_entrants e USING (media_buy_id) ORDER BY g.media_buy_id IS NULL, g.replies DESC, g.media_buy_id`),
    // A theme is named the same everywhere: the form of its stem people wrote most overall (ties: alphabetical).
    db.rows<Row>(`WITH terms AS (
        SELECT stem, w AS term FROM (SELECT stem, w, count(*) AS c FROM reply_words GROUP BY ALL)
        QUALIFY row_number() OVER (PARTITION BY stem ORDER BY c DESC, w) = 1),
      s AS (
        SELECT media_buy_id, stem, count(DISTINCT rk) AS n, GROUPING(media_buy_id) AS overall
        FROM reply_words GROUP BY GROUPING SETS ((media_buy_id, stem), (stem)))
      SELECT s.*, t.term FROM s JOIN terms t USING (stem) WHERE n >= ${MIN_REPLIES}
      QUALIFY row_number() OVER (PARTITION BY overall, media_buy_id ORDER BY n DESC, term) <= ${OVERALL}
      ORDER BY overall DESC, media_buy_id, n DESC, term`),
  ]);
  const theme = (r: Row): ReplyTheme => ({ term: String(r.term), replies: num(r.n) });
  const overall = themes.filter((r) => num(r.overall) === 1).map(theme);
  const byMediaBuy: RepliesByMediaBuy[] = byBuy.map((r) => ({
    mediaBuyId: str(r.media_buy_id),
    name: str(r.name),
    entrants: num(r.entrants),
    ...counts(r),
    themes: themes
      .filter((x) => num(x.overall) === 0 && str(x.media_buy_id) === str(r.media_buy_id))
      .slice(0, PER_BUY)
      .map(theme),
  }));
  return {
    totals: {
      ...counts(t),
      unknownPeople: num(t?.unknown_people),
      tiedBy: { mediaBuyId: num(t?.by_id), keyword: num(t?.by_keyword), latestEntry: num(t?.by_entry), none: num(t?.by_none) },
      first: str(t?.first),
      last: str(t?.last),
    },
    byMediaBuy,
    themes: overall,
  };
}
