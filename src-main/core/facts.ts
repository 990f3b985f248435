import type { Writer } from './db/client';

/**
 * Derived facts every later query joins (DOMAIN.md identity and attribution), rebuilt inside the
 * transaction of each import so they always match the data:
 *
 * - entrant of each entry: connected components over normalised email and phone (an SMS entry from
 *   +16175550101 and a web entry with ann@example.com and +16175550101 are one entrant);
 * - media buy of each entry: its media_buy_id when known, else its keyword, else its source, else none;
 * - entry (and so media buy) of each redemption: the entry that issued its coupon code.
 */
export async function rebuildFacts(w: Writer): Promise<{ entrants: number; iterations: number }> {
  // Every address is a node; an entry with both an email and a phone joins the two.
  await w.run(`CREATE OR REPLACE TEMP TABLE id_key AS
    SELECT k, (row_number() OVER ()) - 1 AS n FROM (
      SELECT DISTINCT 'e:' || email AS k FROM entries WHERE email IS NOT NULL
      UNION SELECT DISTINCT 'p:' || phone FROM entries WHERE phone IS NOT NULL)`);
  await w.run(`CREATE OR REPLACE TEMP TABLE id_edge AS
    SELECT DISTINCT a.n AS x, b.n AS y FROM (SELECT DISTINCT email, phone FROM entries WHERE email IS NOT NULL AND phone IS NOT NULL) p
    JOIN id_key a ON a.k = 'e:' || p.email JOIN id_key b ON b.k = 'p:' || p.phone`);
  await w.run(`INSERT INTO id_edge SELECT y, x FROM id_edge`);
  await w.run(`CREATE OR REPLACE TEMP TABLE id_lbl AS SELECT n, n AS l FROM id_key`);
  // Min-label propagation with pointer jumping: each round takes the smallest label among neighbours,
  // then the label of that label; it stops when nothing changes.
  let iterations = 0;
  for (;;) {
    iterations++;
    await w.run(`CREATE OR REPLACE TEMP TABLE id_next AS
      WITH m AS (SELECT e.x AS n, min(l.l) AS l FROM id_edge e JOIN id_lbl l ON l.n = e.y GROUP BY e.x),
      s AS (SELECT l.n, least(l.l, coalesce(m.l, l.l)) AS l FROM id_lbl l LEFT JOIN m USING (n))
      SELECT a.n, least(a.l, b.l) AS l FROM s a JOIN s b ON b.n = a.l`);
    const [row] = await w.run<{ changed: string }>(`SELECT count(*) AS changed FROM id_next a JOIN id_lbl b USING (n) WHERE a.l <> b.l`);
    await w.run(`DROP TABLE id_lbl`);
    await w.run(`ALTER TABLE id_next RENAME TO id_lbl`);
    if (Number(row!.changed) === 0 || iterations > 64) break;
  }
  // A stable, opaque id per person: a hash of the smallest address in the component.
  await w.run(`CREATE OR REPLACE TEMP TABLE id_entrant AS
    WITH c AS (SELECT l.l, min(k.k) AS first_key FROM id_lbl l JOIN id_key k USING (n) GROUP BY l.l)
    SELECT k.k, 'P' || left(md5(c.first_key), 15) AS entrant_id FROM id_key k JOIN id_lbl l USING (n) JOIN c ON c.l = l.l`);
  await w.run(`CREATE OR REPLACE TEMP TABLE mb_keyword AS
    SELECT keyword, min(media_buy_id) AS media_buy_id FROM media_buys WHERE keyword IS NOT NULL GROUP BY keyword`);
  await w.run(`DELETE FROM entry_facts`);
  await w.run(`INSERT INTO entry_facts
    SELECT e.entry_id,
           coalesce(ie.entrant_id, ip.entrant_id, 'X' || left(md5(e.entry_id), 15)) AS entrant_id,
           coalesce(mb.media_buy_id, kw.media_buy_id, src.media_buy_id) AS media_buy_id,
           CASE WHEN mb.media_buy_id IS NOT NULL THEN 'media_buy_id' WHEN kw.media_buy_id IS NOT NULL THEN 'keyword'
                WHEN src.media_buy_id IS NOT NULL THEN 'source' END AS attributed_by
    FROM entries e
    LEFT JOIN id_entrant ie ON ie.k = 'e:' || e.email
    LEFT JOIN id_entrant ip ON ip.k = 'p:' || e.phone
    LEFT JOIN media_buys mb ON mb.media_buy_id = e.media_buy_id
    LEFT JOIN mb_keyword kw ON kw.keyword = e.keyword
    LEFT JOIN mb_keyword src ON src.keyword = upper(regexp_replace(e.source, '\\s+', '', 'g'))`);
  await w.run(`DELETE FROM redemption_facts`);
  await w.run(`INSERT INTO redemption_facts
    SELECT r.redemption_id, f.entry_id, f.entrant_id, f.media_buy_id
    FROM redemptions r
    LEFT JOIN (SELECT coupon_code, min(entry_id) AS entry_id FROM entries WHERE coupon_code IS NOT NULL GROUP BY coupon_code) c
      ON c.coupon_code = r.coupon_code
    LEFT JOIN entry_facts f ON f.entry_id = c.entry_id`);
  const [n] = await w.run<{ n: string }>(`SELECT count(DISTINCT entrant_id) AS n FROM entry_facts`);
  for (const t of ['id_key', 'id_edge', 'id_lbl', 'id_entrant', 'mb_keyword']) await w.run(`DROP TABLE IF EXISTS ${t}`);
  return { entrants: Number(n!.n), iterations };
}
