/**
 * Each keyword's media buy (DOMAIN.md attribution, rule 2): keywords are unique in a plan; if two buys ever
 * share one, the lower id takes it. Entries, spend, replies and valid entries all read it this way.
 */
export const KEYWORD_BUYS_SQL = `SELECT keyword, min(media_buy_id) AS media_buy_id FROM media_buys WHERE keyword IS NOT NULL GROUP BY keyword`;
