/**
 * What a reply's words mean (docs/replies.md). An inbound text whose first word, or whole text, is one of
 * the STOP family asks to stop: on SMS and email it is an opt-out for that channel and address (carriers'
 * and CTIA's standard opt-out words; a reply is honoured even in a sentence such as "stop please"). HELP
 * and INFO ask for help. START, UNSTOP and YES re-subscribe or confirm: neither an entry nor feedback.
 * Everything else is feedback. The words are the SQL macro ace_reply_type (schema v10): a change here
 * needs a migration that replaces that macro, so every reply already imported is read the same new way.
 */
export const STOP_WORDS = ['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'optout', 'opt out', 'revoke'];
export const HELP_WORDS = ['help', 'info'];
export const RESUBSCRIBE_WORDS = ['start', 'unstop', 'yes'];

const list = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');
/** The first word of a text, lower-case (letters only: "STOP." and "stop!" are "stop"). */
export const firstWordSql = (sql: string) => `lower(regexp_replace(trim(${sql}), '[^A-Za-z ].*$|\\s.*$', ''))`;
const isOneOf = (sql: string, words: string[]) => `(${firstWordSql(sql)} IN (${list(words)}) OR lower(trim(${sql})) IN (${list(words)}))`;
export const isStopSql = (sql: string) => isOneOf(sql, STOP_WORDS);
export const isHelpSql = (sql: string) => `${firstWordSql(sql)} IN (${list(HELP_WORDS)})`;
export const isResubscribeSql = (sql: string) => `${firstWordSql(sql)} IN (${list(RESUBSCRIBE_WORDS)})`;

/** ace_reply_type(text, channel): 'opt_out' (a STOP word on sms or email), 'help', or 'feedback'. */
export const REPLY_TYPE_MACRO = `CREATE OR REPLACE MACRO ace_reply_type(body, channel) AS
  CASE WHEN ${isStopSql('body')} AND channel IN ('sms', 'email') THEN 'opt_out'
       WHEN ${isHelpSql('body')} THEN 'help'
       ELSE 'feedback' END`;
