import { KEYWORD_BUYS_SQL } from '../derived/keyword-buys';

/**
 * Every reply with its person and its media buy (docs/replies.md), as one SQL query for summaries,
 * searches and segment rules.
 *
 * The person: the entrant whose identity holds the reply's phone or email (derived/facts.ts builds the
 * same nodes); a reply from an address no entry has belongs to no person and is counted as such.
 * The media buy, first rule that matches wins:
 *   1. the reply's own media_buy_id, when it names a media buy of the plan;
 *   2. its keyword, when it is a media buy's keyword;
 *   3. the media buy of the person's latest attributed entry at or before the reply (people reply to
 *      what they entered through);
 *   4. otherwise none: "(unattributed)".
 */
const node = (col: 'email' | 'phone') => `hash('${col === 'email' ? 'e' : 'p'}:' || r.${col})`;

export const LINKED_REPLIES_SQL = `
WITH ace_r AS (
  SELECT ace_row_key(r.import_id, r.line) AS rk, r.received_at, r.text, r.channel, r.email, r.phone, r.question,
         r.keyword, r.media_buy_id AS own_mb, ace_reply_type(r.text, r.channel) AS type,
         coalesce(lp.label, ${node('phone')}) AS phone_person, coalesce(le.label, ${node('email')}) AS email_person
  FROM replies r
  LEFT JOIN identity_labels lp ON lp.node = ${node('phone')}
  LEFT JOIN identity_labels le ON le.node = ${node('email')}),
-- Only the people among the repliers' nodes are looked up (a probe of every entry's facts, no aggregate over them).
ace_known AS (SELECT DISTINCT entrant FROM entry_facts_t WHERE entrant IN (SELECT phone_person FROM ace_r UNION ALL SELECT email_person FROM ace_r)),
ace_rp AS (
  SELECT ace_r.*, CASE WHEN phone_person IN (SELECT entrant FROM ace_known) THEN phone_person
                       WHEN email_person IN (SELECT entrant FROM ace_known) THEN email_person END AS entrant
  FROM ace_r),
ace_touch AS (
  SELECT f.entrant, e.entered_at, f.media_buy_id FROM entry_facts_t f JOIN entries e ON ace_row_key(e.import_id, e.line) = f.entry_key
  WHERE f.media_buy_id IS NOT NULL AND f.entrant IN (SELECT entrant FROM ace_rp WHERE entrant IS NOT NULL)),
ace_last AS (
  SELECT ace_rp.rk, t.media_buy_id FROM ace_rp ASOF JOIN ace_touch t ON ace_rp.entrant = t.entrant AND ace_rp.received_at >= t.entered_at)
SELECT rp.rk, rp.received_at, rp.text, rp.channel, rp.email, rp.phone, rp.question, rp.type, rp.entrant,
       CASE WHEN rp.channel = 'sms' THEN coalesce(rp.phone, rp.email) ELSE coalesce(rp.email, rp.phone) END AS address,
       coalesce(mb.media_buy_id, kw.media_buy_id, l.media_buy_id) AS media_buy_id,
       CASE WHEN mb.media_buy_id IS NOT NULL THEN 'media_buy_id' WHEN kw.media_buy_id IS NOT NULL THEN 'keyword'
            WHEN l.media_buy_id IS NOT NULL THEN 'latest_entry' END AS tied_by
FROM ace_rp rp
LEFT JOIN media_buys mb ON mb.media_buy_id = rp.own_mb
LEFT JOIN (${KEYWORD_BUYS_SQL}) kw
  ON kw.keyword = rp.keyword
LEFT JOIN ace_last l ON l.rk = rp.rk`;

/**
 * Words that say nothing about a theme: English function words, the contest's own vocabulary of replying,
 * and the opt-out and help words (those replies have their own types).
 */
export const THEME_STOPWORDS = [
  'the and for you your yours are was were but not this that these those with have has had just from ',
  'they them their there what when where which who why how all any can could would should will did does ',
  'doe doing been being get got its our out about into than then too very also some more most much one ',
  'only own same she her him his hers himself myself yourself ours here again once over under after ',
  'before while because each few other such nor off let lets dont didnt doesnt cant wont isnt wasnt ',
  'arent im ive id youre thats yes yeah okay please thank thanks hey hello really still even like know ',
  'want need make made say said see way well now new whom msg txt text reply stop help info unsubscribe ',
  'cancel quit end optout revoke stopall',
]
  .join('')
  .split(' ');
