import { disposableEmailBlocklist } from 'disposable-email-domains-js';
import type { Writer } from '../db/client';
import { attrPath } from '../derived/custom-columns';
import { stateOfZip3Sql } from '../geo/states';
import { stateCodeSql } from '../geo/state-names';
import { codeRows } from '../lib/code-rows';
import type { Params } from '../lib/params';

/**
 * Custom columns read for flags, by their header (any case; spaces, dashes and underscores alike). A column
 * not named so is not read: the rule is stated, never guessed from values.
 */
export const SIGNAL_COLUMNS = {
  ip: ['ip', 'ip address', 'ipaddress', 'ip addr', 'client ip', 'remote addr', 'remote ip', 'source ip', 'user ip'],
  device: ['device', 'device id', 'deviceid', 'device fingerprint', 'fingerprint', 'browser fingerprint'],
  state: ['state', 'st', 'state code', 'state province', 'province state'],
} as const;
export type SignalColumns = Record<keyof typeof SIGNAL_COLUMNS, string[]>;

/** Which of `columns` (custom columns of the entries) are IP, device and state columns. */
export function signalColumns(columns: readonly string[]): SignalColumns {
  const norm = (h: string) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, ' ');
  const pick = (names: readonly string[]) => columns.filter((c) => names.includes(norm(c)));
  return { ip: pick(SIGNAL_COLUMNS.ip), device: pick(SIGNAL_COLUMNS.device), state: pick(SIGNAL_COLUMNS.state) };
}

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
 * - burst (2): three or more entries by one person within 60 seconds, or (where the file has an IP address or
 *   device column: SIGNAL_COLUMNS) from one IP address or device within 60 seconds, whoever made them;
 * - zip_state_mismatch (1): the entry's state (where the file has a state column, written as a code or a
 *   name) is not the state of its zip. Weak alone (people move, enter for a relative), telling with others.
 */
const MAILBOX = `CASE WHEN split_part(email, '@', 2) IN ('gmail.com', 'googlemail.com')
    THEN replace(split_part(split_part(email, '@', 1), '+', 1), '.', '') || '@gmail.com'
    ELSE split_part(split_part(email, '@', 1), '+', 1) || '@' || split_part(email, '@', 2) END`;

/** The flags' SQL over the entries, reading the custom columns `cols` names (bound in `p`). */
export function flagsSql(p: Params, cols: SignalColumns): string {
  const attr = (c: string) => `nullif(trim(json_extract_string(e.attrs, ${p.add(attrPath(c))})), '')`;
  const sources = [
    ...cols.ip.map((c) => `SELECT entrant, entered_at, 'IP address ' || ${attr(c)} AS src FROM e WHERE ${attr(c)} IS NOT NULL`),
    ...cols.device.map((c) => `SELECT entrant, entered_at, 'device ' || ${attr(c)} AS src FROM e WHERE ${attr(c)} IS NOT NULL`),
  ];
  const stated = cols.state.length ? `coalesce(${cols.state.map((c) => stateCodeSql(attr(c))).join(', ')})` : 'NULL::VARCHAR';
  const zip3 = `CASE WHEN regexp_full_match(zip, '[0-9]{5}') THEN left(zip, 3) END`;
  return `
WITH e AS (
  SELECT f.entrant, e.email, e.phone, e.entered_at, e.zip, e.attrs FROM entry_facts_t f JOIN entries e ON ace_row_key(e.import_id, e.line) = f.entry_key),
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
-- Only runs of three rows or more can hold three numbers: their evidence is written, not every address's (at 10M
-- entries, 2.7M runs each with its own sorted list took 14.8 s).
stem_groups AS (
  SELECT stem, domain, run, count(DISTINCT entrant) AS n, string_agg(DISTINCT email, ', ' ORDER BY email) AS emails
  FROM runs SEMI JOIN (SELECT stem, domain, run FROM runs GROUP BY ALL HAVING count(*) >= 3) USING (stem, domain, run)
  GROUP BY stem, domain, run HAVING count(DISTINCT num) >= 3 AND count(DISTINCT entrant) >= 3),
patterned AS (
  SELECT DISTINCT r.entrant, 'patterned_addresses' AS flag, 2 AS weight,
         g.n || ' entrants numbered in a row after ' || g.stem || '@' || g.domain || ': ' || g.emails AS evidence
  FROM runs r JOIN stem_groups g USING (stem, domain, run)),
-- Each person's phone and email pairs once; the emails written only for a phone with three or more (5.9 s at 10M
-- when every pair's were).
phone_mails AS (SELECT DISTINCT entrant, phone, email FROM e WHERE phone IS NOT NULL AND email IS NOT NULL),
phones AS (
  SELECT entrant, phone, count(*) AS n, string_agg(email, ', ' ORDER BY email) AS emails
  FROM phone_mails SEMI JOIN (SELECT entrant, phone FROM phone_mails GROUP BY ALL HAVING count(*) >= 3) USING (entrant, phone)
  GROUP BY entrant, phone),
shared_phone AS (
  SELECT entrant, 'shared_phone' AS flag, 2 AS weight, string_agg(n || ' emails entered with ' || phone || ': ' || emails, '; ') AS evidence
  FROM phones GROUP BY entrant),
gaps AS (
  SELECT entrant, entered_at, lead(entered_at, 2) OVER (PARTITION BY entrant ORDER BY entered_at) AS third FROM e),
own_burst AS (
  SELECT entrant, 'three entries within 60 seconds, first at ' || strftime(min(entered_at), '%Y-%m-%d %H:%M:%S') AS evidence
  FROM gaps WHERE third IS NOT NULL AND third - entered_at <= INTERVAL 60 SECOND GROUP BY entrant),
sources AS (${sources.length ? sources.join(' UNION ALL ') : 'SELECT NULL::UBIGINT AS entrant, NULL::TIMESTAMP AS entered_at, NULL::VARCHAR AS src WHERE false'}),
src_gaps AS (
  SELECT src, entered_at AS t0, lead(entered_at, 2) OVER (PARTITION BY src ORDER BY entered_at) AS third FROM sources),
src_windows AS (SELECT src, t0, third AS t1 FROM src_gaps WHERE third IS NOT NULL AND third - t0 <= INTERVAL 60 SECOND),
-- Who entered inside each such window, and per IP address or device: how many people, the first window.
src_hits AS (
  SELECT DISTINCT s.entrant, s.src, w.t0 FROM sources s JOIN src_windows w ON s.src = w.src AND s.entered_at BETWEEN w.t0 AND w.t1),
src_people AS (SELECT src, min(t0) AS first, count(DISTINCT entrant) AS people FROM src_hits GROUP BY src),
src_burst AS (
  SELECT h.entrant, string_agg(DISTINCT 'three or more entries within 60 seconds from ' || h.src || ' (by ' || sp.people
           || CASE WHEN sp.people = 1 THEN ' entrant' ELSE ' entrants' END || '), first at ' || strftime(sp.first, '%Y-%m-%d %H:%M:%S'), '; ') AS evidence
  FROM src_hits h JOIN src_people sp USING (src) GROUP BY h.entrant),
burst AS (
  SELECT entrant, 'burst' AS flag, 2 AS weight, string_agg(evidence, '; ' ORDER BY evidence) AS evidence
  FROM (SELECT * FROM own_burst UNION ALL SELECT * FROM src_burst) GROUP BY entrant),
stated AS (
  SELECT DISTINCT entrant, zip, ${stated} AS said, ${stateOfZip3Sql(zip3)} AS of_zip FROM e),
zip_state AS (
  SELECT entrant, 'zip_state_mismatch' AS flag, 1 AS weight,
         string_agg('zip ' || zip || ' is in ' || of_zip || ', the entry says ' || said, '; ' ORDER BY zip, said) AS evidence
  FROM stated WHERE said IS NOT NULL AND of_zip IS NOT NULL AND said <> of_zip GROUP BY entrant)
SELECT DISTINCT * FROM (
  SELECT * FROM disposable UNION ALL SELECT * FROM variants UNION ALL SELECT * FROM patterned
  UNION ALL SELECT * FROM shared_phone UNION ALL SELECT * FROM burst UNION ALL SELECT * FROM zip_state)`;
}

/** The disposable domains as a table (from the package's list: the packaged app cannot hand DuckDB a file inside its archive). */
export async function loadDisposableDomains(w: Writer): Promise<void> {
  await w.run(`CREATE OR REPLACE TEMP TABLE ref_disposable_domains (domain VARCHAR)`);
  const rows = codeRows(
    { domain: 'VARCHAR' },
    disposableEmailBlocklist().map((domain) => ({ domain })),
  );
  await w.run(`INSERT INTO ref_disposable_domains ${rows.sql}`, rows.params);
}
