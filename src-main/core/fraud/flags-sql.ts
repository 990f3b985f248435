import { disposableEmailBlocklist } from 'disposable-email-domains-js';
import type { Writer } from '../db/client';

/**
 * The flags, one SQL each over the entries and their entrants (docs/rules.md). Each gives
 * (entrant, flag, weight, evidence): what was seen, so a reviewer can judge it.
 *
 * - disposable_email (2): an entry's email is at a throwaway domain (the community-maintained list of
 *   disposable-email-domains, CC0, via the disposable-email-domains-js package);
 * - mailbox_variants (3): another entrant's email is the same mailbox written differently (a +tag, or dots in
 *   a Gmail address: jane.doe+win@gmail.com is janedoe@gmail.com), a way round the entry limit;
 * - patterned_addresses (2): three or more entrants whose emails are one name at one domain numbered in a row
 *   (sam7@, sam8@, sam9@; names with unrelated numbers, as many real addresses have, are not a pattern);
 * - shared_phone (2): three or more email addresses entered with one phone number;
 * - burst (2): three or more entries by one person within 60 seconds.
 */
const MAILBOX = `CASE WHEN split_part(email, '@', 2) IN ('gmail.com', 'googlemail.com')
    THEN replace(split_part(split_part(email, '@', 1), '+', 1), '.', '') || '@gmail.com'
    ELSE split_part(split_part(email, '@', 1), '+', 1) || '@' || split_part(email, '@', 2) END`;

export const FLAGS_SQL = `
WITH e AS (
  SELECT f.entrant, e.email, e.phone, e.entered_at FROM entry_facts_t f JOIN entries e ON ace_row_key(e.import_id, e.line) = f.entry_key),
mails AS (SELECT DISTINCT entrant, email FROM e WHERE email IS NOT NULL),
disposable AS (
  SELECT entrant, 'disposable_email' AS flag, 2 AS weight, 'throwaway address: ' || string_agg(email, ', ' ORDER BY email) AS evidence
  FROM mails WHERE split_part(email, '@', 2) IN (SELECT domain FROM ref_disposable_domains) GROUP BY entrant),
boxes AS (SELECT entrant, email, ${MAILBOX} AS mailbox FROM mails),
shared_box AS (SELECT mailbox FROM boxes GROUP BY mailbox HAVING count(DISTINCT entrant) >= 2),
variants AS (
  SELECT b.entrant, 'mailbox_variants' AS flag, 3 AS weight,
         'same mailbox as other entrants: ' || string_agg(DISTINCT o.email, ', ' ORDER BY o.email) AS evidence
  FROM boxes b JOIN boxes o ON o.mailbox = b.mailbox AND o.entrant <> b.entrant
  WHERE b.mailbox IN (SELECT mailbox FROM shared_box) GROUP BY b.entrant),
stems AS (
  SELECT DISTINCT entrant, email, regexp_extract(split_part(email, '@', 1), '^(.*[a-z])[0-9]+$', 1) AS stem, split_part(email, '@', 2) AS domain,
         TRY_CAST(regexp_extract(split_part(email, '@', 1), '([0-9]{1,9})$', 1) AS BIGINT) AS num
  FROM mails WHERE regexp_matches(split_part(email, '@', 1), '^.*[a-z][0-9]+$')),
-- A run of consecutive numbers (sam7, sam8, sam9): the same number less its rank within a name and domain.
runs AS (
  SELECT *, num - dense_rank() OVER (PARTITION BY stem, domain ORDER BY num) AS run FROM stems WHERE length(stem) >= 3 AND num IS NOT NULL),
stem_groups AS (
  SELECT stem, domain, run, count(DISTINCT entrant) AS n, string_agg(DISTINCT email, ', ' ORDER BY email) AS emails
  FROM runs GROUP BY stem, domain, run HAVING count(DISTINCT num) >= 3 AND count(DISTINCT entrant) >= 3),
patterned AS (
  SELECT DISTINCT r.entrant, 'patterned_addresses' AS flag, 2 AS weight,
         g.n || ' entrants numbered in a row after ' || g.stem || '@' || g.domain || ': ' || g.emails AS evidence
  FROM runs r JOIN stem_groups g USING (stem, domain, run)),
phones AS (
  SELECT entrant, phone, count(DISTINCT email) AS n, string_agg(DISTINCT email, ', ' ORDER BY email) AS emails
  FROM e WHERE phone IS NOT NULL AND email IS NOT NULL GROUP BY entrant, phone HAVING count(DISTINCT email) >= 3),
shared_phone AS (
  SELECT entrant, 'shared_phone' AS flag, 2 AS weight, string_agg(n || ' emails entered with ' || phone || ': ' || emails, '; ') AS evidence
  FROM phones GROUP BY entrant),
gaps AS (
  SELECT entrant, entered_at, lead(entered_at, 2) OVER (PARTITION BY entrant ORDER BY entered_at) AS third FROM e),
burst AS (
  SELECT entrant, 'burst' AS flag, 2 AS weight,
         'three entries within 60 seconds, first at ' || strftime(min(entered_at), '%Y-%m-%d %H:%M:%S') AS evidence
  FROM gaps WHERE third IS NOT NULL AND third - entered_at <= INTERVAL 60 SECOND GROUP BY entrant)
SELECT DISTINCT * FROM (
  SELECT * FROM disposable UNION ALL SELECT * FROM variants UNION ALL SELECT * FROM patterned
  UNION ALL SELECT * FROM shared_phone UNION ALL SELECT * FROM burst)`;

/** The disposable domains as a table (inserted in batches: the packaged app cannot hand DuckDB a file inside its archive). */
export async function loadDisposableDomains(w: Writer): Promise<void> {
  await w.run(`CREATE OR REPLACE TEMP TABLE ref_disposable_domains (domain VARCHAR)`);
  const all = disposableEmailBlocklist();
  for (let i = 0; i < all.length; i += 1000) {
    const part = all.slice(i, i + 1000);
    await w.run(`INSERT INTO ref_disposable_domains VALUES ${part.map(() => '(?)').join(', ')}`, part);
  }
}
