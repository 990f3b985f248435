import type { DbClient, Writer } from '../db/client';
import { ensureDerived } from '../derived/state';
import { LINKED_REPLIES_SQL, THEME_STOPWORDS } from './linked';
import { dropAll } from '../lib/drop';

/**
 * The replies tied to their people and media buys (reply_links), the words of the feedback
 * (reply_words) and the unique entrants of the media buys they are tied to (reply_buy_entrants), built once after the data changed instead of on every question: tying needs the
 * entrants' identity and their entries (a join over every entry), which took about a second at 2 M
 * entries for each summary or search. An import of entries, a media plan or replies drops both
 * (derived/refresh.ts); the next question builds them again.
 */
export const REPLY_TABLES = ['reply_links', 'reply_words', 'reply_buy_entrants'];
const VERSION = 'v1';

/** A theme word's stem: a plural's trailing "s" dropped, so "prices" and "price" are one theme. */
export const themeStemSql = (ref: string) =>
  `CASE WHEN length(${ref}) > 4 AND ${ref} LIKE '%s' AND ${ref} NOT LIKE '%ss' THEN left(${ref}, -1) ELSE ${ref} END`;

/**
 * The words of each feedback reply, once per reply: lower-case letters and digits (an apostrophe dropped:
 * "don't" is "dont"), three letters or more, not a number, no stop words.
 */
const WORDS_SQL = `
  SELECT DISTINCT rk, media_buy_id, w, ${themeStemSql('w')} AS stem
  FROM (SELECT rk, media_buy_id, unnest(string_split_regex(regexp_replace(lower(text), '[''’]', '', 'g'), '[^a-z0-9]+')) AS w
        FROM reply_links WHERE type = 'feedback')
  WHERE length(w) >= 3 AND NOT regexp_full_match(w, '[0-9]+') AND w NOT IN (${THEME_STOPWORDS.map((w) => `'${w}'`).join(', ')})`;

/** Builds reply_links and reply_words when the data changed since they were built. */
export async function ensureReplyTables(db: DbClient): Promise<void> {
  await ensureDerived(db, {
    tables: REPLY_TABLES,
    metaKey: 'reply_links',
    version: VERSION,
    build: async (w) => {
      await w.run(`CREATE TABLE reply_links AS ${LINKED_REPLIES_SQL}`);
      await w.run(`CREATE TABLE reply_words AS ${WORDS_SQL}`);
      // Each media buy's unique entrants, to read the people who replied against (a pass over every entry's facts).
      await w.run(`CREATE TABLE reply_buy_entrants AS SELECT media_buy_id, count(DISTINCT entrant) AS entrants FROM entry_facts_t
        WHERE media_buy_id IN (SELECT media_buy_id FROM reply_links) GROUP BY 1`);
    },
  });
}

/** Drops them: the data they were built from changed (an import of entries, a media plan or replies). */
export async function dropReplyTables(w: Writer): Promise<void> {
  await dropAll(w, REPLY_TABLES);
}
