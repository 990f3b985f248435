import type { DbClient, Writer } from '../db/client';
import { NUMBER_MACROS } from './numbers';
/**
 * DOMAIN.md's parsing rules as DuckDB macros, so bulk parsing runs inside DuckDB at its speed.
 * Created as TEMP macros on the writer connection at the start of each import.
 * Each parser returns NULL for a value it cannot read; the importer decides whether that rejects the row.
 */
const US_FORMATS = [
  '%m/%d/%Y %H:%M:%S',
  '%m/%d/%Y %H:%M',
  '%m/%d/%Y %I:%M:%S %p',
  '%m/%d/%Y %I:%M %p',
  '%m/%d/%Y',
  '%m/%d/%y %H:%M',
  '%m/%d/%y',
];
/** Rails-style zone names (Square's "Time Zone" column) to IANA zones. */
const US_ZONE_NAMES: Record<string, string> = {
  'Eastern Time': 'America/New_York',
  'Central Time': 'America/Chicago',
  'Mountain Time': 'America/Denver',
  'Pacific Time': 'America/Los_Angeles',
  Alaska: 'America/Anchorage',
  Hawaii: 'Pacific/Honolulu',
  Arizona: 'America/Phoenix',
};
const sqlList = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');
const list = (xs: string[]) => `[${sqlList(xs)}]`;
/**
 * A regex matching any of `words` in any mix of ASCII upper and lower case, and nothing else: [Yy][Ee][Ss]. (RE2's
 * (?i) would also take characters that lower() leaves alone, such as the long s for s.) Words hold letters,
 * digits, spaces, hyphens and underscores only.
 */
const anyCase = (words: string[]) =>
  words
    .map((w) => {
      if (!/^[a-z0-9 _-]+$/.test(w)) throw new Error(`anyCase: "${w}"`);
      return [...w].map((c) => (/[a-z]/.test(c) ? `[${c}${c.toUpperCase()}]` : c)).join('');
    })
    .join('|');
const dmy = (xs: string[]) => xs.map((f) => f.replace('%m/%d', '%d/%m'));
const RFC2822_FORMATS = ['%a, %d %b %Y %H:%M:%S %z', '%d %b %Y %H:%M:%S %z', '%a, %d %b %Y %H:%M %z', '%d %b %Y %H:%M %z'];
/** Every format the macros give try_strptime (strptime-sentinel.test.ts holds them to the rule below). */
export const STRPTIME_FORMATS = [...US_FORMATS, ...dmy(US_FORMATS), ...RFC2822_FORMATS];
/**
 * try_strptime on `v` with a space after it, when `v` has a character other than the spaces DuckDB skips. DuckDB's
 * parser (StrpTimeFormat::Parse, 1.5.5 and 1.5.6) reads without checking the end of the value in two places:
 * - it compares a format's literal characters so: a value that stops where the format expects more (05/28/2026
 *   11:35 against %m/%d/%Y %H:%M:%S, which wants a ':') makes it read the byte after the value, which crashed the
 *   process (SIGSEGV) when the value ended where mapped memory does. The space is that byte, inside the value: it
 *   differs from '/' and ':' (the parse fails there, as it did), it is taken as a space where a format wants one
 *   (the next specifier then finds the end, bounds-checked, and fails), and a trailing space is skipped after a
 *   whole match, so every reading stays the same. That holds for formats whose literals never have a non-space
 *   character after a space, as every format here.
 * - it skips leading spaces (' ', tab, line feed, vertical tab, form feed, carriage return) the same way, so a value
 *   of nothing else would be read past its end (and the space would add to it): such a value reads nothing anyway,
 *   and here is not given to it. The first test is one character's code, for the common value; the regex only
 *   runs for a value whose first character is a space or a control character.
 */
export const tryStrptimeSql = (v: string, formats: string) =>
  `CASE WHEN ascii(${v}) > 32 OR regexp_matches(${v}, '[^\\t\\n\\v\\f\\r ]') THEN try_strptime(${v} || ' ', ${formats}) END`;

/**
 * A timestamp read month first (mdy) or day first (dmy) with that order's formats: the general rule (the
 * common shapes first, ISO then slashed dates; unix seconds and zone names only when those fail), and in
 * front of it the first two formats alone, in one call (one guard and one copy of the value for both), which
 * read the most common shapes (05/28/2026 11:35:22, and 05/28/2026 11:35 as Excel saves it) without a regex. What
 * they read starts with a slashed date (and what the second reads fails the first), so the general rule would read
 * it with the same format (fast-paths.test.ts compares the two on 200,000 values). Every call goes through
 * tryStrptimeSql() above.
 */
const timestampMacros = (order: 'mdy' | 'dmy', formats: string[]) => [
  `CREATE OR REPLACE TEMP MACRO ace_ts_${order}_any(s, tz) AS CASE
     WHEN ace_num_blank(s) IS NULL THEN NULL
     WHEN regexp_matches(trim(s), '^[0-9]{4}[-/]') THEN coalesce(ace_iso_ts(replace(trim(s), '/', '-'), tz), ace_ts_any(s, tz))
     WHEN regexp_matches(trim(s), '^[0-9]{1,2}/') THEN ${tryStrptimeSql('trim(s)', list(formats))}
     WHEN regexp_matches(trim(s), '^([A-Za-z]{3},\\s*)?[0-9]{1,2} [A-Za-z]{3} [0-9]{4} ') THEN ace_rfc2822(s, tz)
     ELSE coalesce(ace_ts_any(s, tz), ${tryStrptimeSql('trim(s)', list(formats))})
   END`,
  `CREATE OR REPLACE TEMP MACRO ace_ts_${order}(s, tz) AS coalesce(${tryStrptimeSql('s', list(formats.slice(0, 2)))}, ace_ts_${order}_any(s, tz))`,
];

export const TRUE_WORDS = ['yes', 'y', 'true', 't', '1', 'opted in', 'opted-in', 'optin', 'opt in', 'opt-in', 'subscribed', 'on', 'x'];
export const FALSE_WORDS = [
  'no',
  'n',
  'false',
  'f',
  '0',
  'opted out',
  'opted-out',
  'optout',
  'opt out',
  'opt-out',
  'unsubscribed',
  'off',
  'never_subscribed',
  'never subscribed',
];

export const MACROS: string[] = [
  `CREATE OR REPLACE TEMP MACRO ace_blank(s) AS nullif(trim(s), '')`,
  // list_contains rather than IN: the optimizer rewrites an IN of six or more constants into a join, which reads
  // every row (not only those the CASE sends here) and costs a join's set-up in every import's statement.
  `CREATE OR REPLACE TEMP MACRO ace_bool_any(s) AS CASE
     WHEN list_contains(${list(TRUE_WORDS)}, lower(trim(s))) THEN true
     WHEN list_contains(${list(FALSE_WORDS)}, lower(trim(s))) THEN false
   END`,
  // A word as written, in any mix of ASCII cases, without spaces around it (Yes, N, TRUE); the rest the long way.
  `CREATE OR REPLACE TEMP MACRO ace_bool(s) AS CASE
     WHEN regexp_full_match(s, '${anyCase(TRUE_WORDS)}') THEN true
     WHEN regexp_full_match(s, '${anyCase(FALSE_WORDS)}') THEN false
     ELSE ace_bool_any(s)
   END`,
  // Keywords ignore case and whitespace: " shoes5 " is SHOES5.
  `CREATE OR REPLACE TEMP MACRO ace_keyword_any(s) AS nullif(upper(regexp_replace(s, '\\s+', '', 'g')), '')`,
  // Fast paths, here and below: the shapes most exports write are recognised whole by a full-match regex (which
  // copies nothing, unlike trim, lower or a replacing regex) and read directly; every other value takes the
  // general rule (the *_any macro). tests/unit/import/fast-paths.test.ts holds them to the same answers.
  `CREATE OR REPLACE TEMP MACRO ace_keyword(s) AS CASE WHEN regexp_full_match(s, '[0-9A-Za-z]+') THEN upper(s) ELSE ace_keyword_any(s) END`,
  `CREATE OR REPLACE TEMP MACRO ace_lower(s) AS nullif(lower(trim(s)), '')`,
  `CREATE OR REPLACE TEMP MACRO ace_email_any(s) AS CASE
     WHEN regexp_full_match(lower(trim(s)), '[^@\\s<>(),;:"]+@[^@\\s<>(),;:"]+\\.[a-z0-9-]{2,}') THEN lower(trim(s))
   END`,
  // An address already in lower case, of plain characters, is itself.
  `CREATE OR REPLACE TEMP MACRO ace_email(s) AS CASE
     WHEN regexp_full_match(s, '[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z0-9-]{2,}') THEN s ELSE ace_email_any(s)
   END`,
  // E.164: 10 digits gets +1; 11 starting with 1 gets +; a leading + keeps its digits; anything else is invalid.
  `CREATE OR REPLACE TEMP MACRO ace_digits(s) AS regexp_replace(s, '[^0-9]', '', 'g')`,
  `CREATE OR REPLACE TEMP MACRO ace_phone_of(s, d) AS CASE
     WHEN d = '' OR regexp_matches(s, '[A-Za-z]') THEN NULL
     WHEN starts_with(trim(s), '+') THEN CASE WHEN length(d) BETWEEN 8 AND 15 THEN '+' || d END
     WHEN length(d) = 10 THEN '+1' || d
     WHEN length(d) = 11 AND starts_with(d, '1') THEN '+' || d
   END`,
  // The digits are extracted once (a macro argument would repeat the regex at each use): twice as fast.
  // A leading apostrophe is a spreadsheet's "keep as text" mark (Shopify writes '+15551234567 and '02134).
  `CREATE OR REPLACE TEMP MACRO ace_untick(s) AS CASE WHEN starts_with(trim(s), '''') THEN substr(trim(s), 2) ELSE s END`,
  `CREATE OR REPLACE TEMP MACRO ace_phone_any(s) AS list_transform([ace_digits(s)], lambda d: ace_phone_of(ace_untick(s), d))[1]`,
  // The common shapes in one regex (one pass over the value): 5551234567, 15551234567, +4420..., 555-123-4567 and
  // (555) 123-4567, told apart by their length once the regex has matched.
  `CREATE OR REPLACE TEMP MACRO ace_phone(s) AS CASE
     WHEN regexp_full_match(s, '1?[0-9]{10}|\\+[0-9]{8,15}|[0-9]{3}-[0-9]{3}-[0-9]{4}|\\([0-9]{3}\\) [0-9]{3}-[0-9]{4}') THEN CASE
       WHEN starts_with(s, '+') THEN s WHEN length(s) = 10 THEN '+1' || s WHEN length(s) = 11 THEN '+' || s
       WHEN length(s) = 12 THEN '+1' || replace(s, '-', '') ELSE '+1' || substr(s, 2, 3) || substr(s, 7, 3) || substr(s, 11, 4) END
     ELSE ace_phone_any(s)
   END`,
  // Zip codes are text: 02134 stays 02134; ZIP+4 keeps its first five; 3-4 digits lost leading zeros to a spreadsheet.
  `CREATE OR REPLACE TEMP MACRO ace_zip_any(s) AS CASE
     WHEN regexp_full_match(trim(ace_untick(s)), '[0-9]{5}(-?[0-9]{4})?') THEN left(trim(ace_untick(s)), 5)
     WHEN regexp_full_match(trim(ace_untick(s)), '[0-9]{3,4}(-[0-9]{4})?') THEN lpad(split_part(trim(ace_untick(s)), '-', 1), 5, '0')
     ELSE ace_blank(s)
   END`,
  `CREATE OR REPLACE TEMP MACRO ace_zip_repaired_any(s) AS regexp_full_match(trim(ace_untick(s)), '[0-9]{3,4}(-[0-9]{4})?')`,
  `CREATE OR REPLACE TEMP MACRO ace_zip(s) AS CASE WHEN regexp_full_match(s, '[0-9]{5}') THEN s ELSE ace_zip_any(s) END`,
  `CREATE OR REPLACE TEMP MACRO ace_zip_repaired(s) AS CASE WHEN regexp_full_match(s, '[0-9]{5}') THEN false ELSE ace_zip_repaired_any(s) END`,
  `CREATE OR REPLACE TEMP MACRO ace_age(s) AS CASE
     WHEN try_cast(trim(s) AS DOUBLE) BETWEEN 0 AND 120 AND try_cast(trim(s) AS DOUBLE) = floor(try_cast(trim(s) AS DOUBLE))
     THEN try_cast(trim(s) AS DOUBLE)::INTEGER
   END`,
  // Timestamps: ISO with or without T, with a zone (converted to the workspace's zone) or without
  // (taken as written); the zone may follow a space ("2026-03-20 12:00:00 -0400", "... -04:00", "... UTC").
  `CREATE OR REPLACE TEMP MACRO ace_zone_tight(s) AS regexp_replace(regexp_replace(trim(s), '\\s+(UTC|GMT|Z)$', '+00:00', 'i'), '\\s+([+-][0-9]{2}:?[0-9]{2})$', '\\1')`,
  `CREATE OR REPLACE TEMP MACRO ace_iso_ts(s, tz) AS CASE
     WHEN regexp_matches(ace_zone_tight(s), '[0-9]:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$')
       THEN timezone(tz, try_cast(ace_zone_tight(s) AS TIMESTAMPTZ))
     ELSE try_cast(replace(trim(s), 'T', ' ') AS TIMESTAMP)
   END`,
  // RFC 2822 (e-mail and some SMS logs): "Sat, 14 Mar 2026 14:22:41 +0000".
  `CREATE OR REPLACE TEMP MACRO ace_rfc2822(s, tz) AS timezone(tz, ${tryStrptimeSql(
    `regexp_replace(trim(s), '\\s+(UTC|GMT|Z)$', ' +0000', 'i')`,
    list(RFC2822_FORMATS),
  )})`,
  // A time zone written by name after the time: Square's "Pacific Time (US & Canada)", or an IANA name.
  `CREATE OR REPLACE TEMP MACRO ace_zone_name(s) AS CASE
     ${Object.entries(US_ZONE_NAMES)
       .map(([name, iana]) => `WHEN contains(s, '${name}') THEN '${iana}'`)
       .join(' ')}
     ELSE nullif(regexp_extract(trim(s), '\\s([A-Za-z_]+/[A-Za-z_]+)$', 1), '')
   END`,
  `CREATE OR REPLACE TEMP MACRO ace_named_ts(s, tz) AS timezone(tz, timezone(ace_zone_name(s), try_cast(regexp_replace(trim(s), '\\s+[A-Za-z][^0-9]*$', '') AS TIMESTAMP)))`,
  `CREATE OR REPLACE TEMP MACRO ace_ts_any(s, tz) AS CASE
     WHEN regexp_full_match(trim(s), '1[0-9]{9}') THEN timezone(tz, to_timestamp(trim(s)::BIGINT))
     WHEN regexp_matches(trim(s), '[0-9]\\s+([A-Za-z]+ Time \\(US & Canada\\)|[A-Za-z_]+/[A-Za-z_]+)$') THEN ace_named_ts(s, tz)
   END`,
  ...timestampMacros('mdy', US_FORMATS),
  ...timestampMacros('dmy', dmy(US_FORMATS)),
];

/** Every macro an import uses, the number macros first (the timestamp macros call ace_num_blank). */
export const IMPORT_MACROS: string[] = [...NUMBER_MACROS, ...MACROS];

/** Databases whose writer connection has the import macros, at which open (TEMP: they last as long as it does). */
const withMacros = new WeakMap<DbClient, number>();

/**
 * Defines the import macros on `db`'s writer connection once: 38 statements took ~30 ms of every import
 * and preview (the unit tests import some 800 files). Call inside `db.write`, with its writer.
 */
export async function useImportMacros(db: DbClient, w: Writer): Promise<void> {
  if (withMacros.get(db) === db.opens) return;
  for (const m of IMPORT_MACROS) await w.run(m);
  withMacros.set(db, db.opens);
}

/** Channel and media type spellings real exports use, to the canonical words. */
export const CHANNEL_SYNONYMS: Record<string, string> = {
  text: 'sms',
  'text message': 'sms',
  mobile: 'sms',
  shortcode: 'sms',
  'short code': 'sms',
  'e-mail': 'email',
  mail: 'email',
  online: 'web',
  website: 'web',
  landing: 'web',
  'landing page': 'web',
  form: 'web',
  display: 'banner',
  ad: 'banner',
  'banner ad': 'banner',
  facebook: 'social',
  instagram: 'social',
  tiktok: 'social',
  '*': 'all',
  any: 'all',
  everything: 'all',
  'all channels': 'all',
};

export const MEDIA_TYPE_SYNONYMS: Record<string, string> = {
  newspaper: 'print',
  magazine: 'print',
  newsprint: 'print',
  insert: 'print',
  fsi: 'print',
  outdoor: 'billboard',
  ooh: 'billboard',
  billboards: 'billboard',
  transit: 'billboard',
  'out of home': 'billboard',
  television: 'tv',
  broadcast: 'tv',
  ctv: 'tv',
  'connected tv': 'tv',
  online: 'web',
  digital: 'web',
  website: 'web',
  search: 'web',
  display: 'banner',
  banners: 'banner',
  'e-mail': 'email',
  'email blast': 'email',
  text: 'sms',
  'social media': 'social',
  facebook: 'social',
  instagram: 'social',
};

/** SQL that maps a lower-cased word through a synonym table, leaving unknown words as they are. */
export function synonymSql(expr: string, table: Record<string, string>): string {
  const cases = Object.entries(table)
    .map(([from, to]) => `WHEN '${from.replace(/'/g, "''")}' THEN '${to}'`)
    .join(' ');
  return `(CASE ${expr} ${cases} ELSE ${expr} END)`;
}
