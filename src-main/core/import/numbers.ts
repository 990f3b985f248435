import type { DatasetKind } from '../../contract/types';
import type { Writer } from '../db/client';
import { AceError } from '../lib/errors';
import { KINDS } from './kinds';
import { CURRENCY_CODES } from './headers';
import { mappedRef, type Mapping } from './mapping';
import { sqlText, sqlTextList } from '../lib/sql-literal';

/**
 * Numbers (money, counts, coordinates) as exports write them: `1,234.50`, `1.234,50`, `1 234,50`,
 * `1'234.50`, `(12.00)`, `-$5`, `12,50 €`. Which character is the decimal separator is decided once
 * per file from all its values (DOMAIN.md), never per row: `12,50` read with a point would be 1250,
 * so a value that only fits the other reading is evidence, and a file whose values fit both readings
 * with different results (`1,234`, `10.000`) is asked about.
 */
export type DecimalMark = '.' | ',';

/** Written where a report has no number ("--" in Google Ads, "n/a", a dash): empty, not zero. */
export const EMPTY_NUMBER_WORDS = ['-', '--', '---', '—', '–', 'n/a', 'na', '#n/a', 'null', 'none', '(none)'];

const THOUSANDS: Record<DecimalMark, string[]> = {
  '.': [',', ' ', '\u00a0', '\u202f', "'"],
  ',': ['\\.', ' ', '\u00a0', '\u202f', "'"],
};

/** The unsigned number pattern for a decimal mark: plain digits, or groups of three with one thousands separator. */
function unsignedPattern(dec: DecimalMark): string {
  const d = dec === '.' ? '\\.' : ',';
  const grouped = THOUSANDS[dec].map((t) => `[0-9]{1,3}(${t}[0-9]{3})+`);
  return `(${['[0-9]+', ...grouped].join('|')})(${d}[0-9]+)?|${d}[0-9]+`;
}

/** Symbols and codes a money value may carry; each is checked against the workspace currency. */
const SYMBOLS: Record<string, string> = {
  US$: 'USD',
  C$: 'CAD',
  A$: 'AUD',
  NZ$: 'NZD',
  $: '$',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '₹': 'INR',
};

export const NUMBER_MACROS: string[] = [
  // list_contains, not IN: DuckDB turns an IN of six or more constants into a join over every row (macros.ts).
  `CREATE OR REPLACE TEMP MACRO ace_num_blank_any(s) AS CASE WHEN list_contains(${sqlTextList(EMPTY_NUMBER_WORDS)}, lower(trim(s))) THEN NULL ELSE nullif(trim(s), '') END`,
  // A value that starts with a digit and ends in a printable ASCII character (not a space of any kind, which trim
  // takes away, the no-break space included) is neither empty nor one of those words: itself
  // (a fast path, as in macros.ts; tests/unit/import/fast-paths.test.ts holds it to ace_num_blank_any's answers).
  `CREATE OR REPLACE TEMP MACRO ace_num_blank(s) AS CASE WHEN regexp_full_match(s, '[0-9](.*[!-~])?') THEN s ELSE ace_num_blank_any(s) END`,
  // The canonical text of an unsigned number ("1234.5") or NULL when it does not fit the decimal mark.
  `CREATE OR REPLACE TEMP MACRO ace_unsigned(b, dm) AS CASE
     WHEN dm = '.' AND regexp_full_match(b, ${sqlText(unsignedPattern('.'))}) THEN regexp_replace(b, '[, \u00a0\u202f'']', '', 'g')
     WHEN dm = ',' AND regexp_full_match(b, ${sqlText(unsignedPattern(','))}) THEN replace(regexp_replace(b, '[. \u00a0\u202f'']', '', 'g'), ',', '.')
   END`,
  // The currency a money value names ("$" for any dollar), or NULL.
  `CREATE OR REPLACE TEMP MACRO ace_money_cur(s) AS CASE
     ${Object.entries(SYMBOLS)
       .map(([sym, code]) => `WHEN contains(s, ${sqlText(sym)}) THEN ${sqlText(code)}`)
       .join(' ')}
     ELSE regexp_extract(s, '(^|[^A-Za-z])(${CURRENCY_CODES.join('|')})([^A-Za-z]|$)', 2)
   END`,
  // What is left of a value once its currency, sign and parentheses are taken off.
  `CREATE OR REPLACE TEMP MACRO ace_money_body(s) AS trim(regexp_replace(regexp_replace(s, '(US\\$|C\\$|A\\$|NZ\\$|\\$|€|£|¥|₹|${CURRENCY_CODES.join('|')})', ' ', 'g'), '^\\s*\\(\\s*|\\s*\\)\\s*$|^\\s*-\\s*|\\s*-\\s*$', '', 'g'))`,
  `CREATE OR REPLACE TEMP MACRO ace_negative(s) AS regexp_full_match(trim(s), '\\(.*\\)') OR regexp_matches(trim(s), '^[^0-9]*-') OR regexp_matches(trim(s), '[0-9]\\s*-$')`,
  // Parentheses must come as a pair; a value with letters left over is not a number.
  `CREATE OR REPLACE TEMP MACRO ace_signed(s, dm) AS CASE
     WHEN ace_num_blank(s) IS NULL THEN NULL
     WHEN regexp_matches(trim(s), '[()]') AND NOT regexp_full_match(trim(s), '[^()]*\\([^()]*\\)[^()]*') THEN NULL
     ELSE (CASE WHEN ace_negative(s) THEN '-' ELSE '' END) || ace_unsigned(ace_money_body(trim(s)), dm)
   END`,
  `CREATE OR REPLACE TEMP MACRO ace_money(s, dm) AS try_cast(ace_signed(s, dm) AS DECIMAL(18,2))`,
  // Counts are whole numbers: "1,234", "10.000" (with a decimal comma), "12.0".
  `CREATE OR REPLACE TEMP MACRO ace_count(s, dm) AS CASE WHEN regexp_full_match(ace_signed(s, dm), '-?[0-9]+(\\.0+)?') THEN try_cast(split_part(ace_signed(s, dm), '.', 1) AS BIGINT) END`,
  `CREATE OR REPLACE TEMP MACRO ace_latlon(s, lim, dm) AS CASE WHEN abs(try_cast(ace_signed(s, dm) AS DOUBLE)) <= lim THEN try_cast(ace_signed(s, dm) AS DOUBLE) END`,
];

/** Whether a money value's currency (from ace_money_cur) is the workspace's: "$" fits every dollar. */
export function currencyMismatchSql(cur: string, workspace: string): string {
  const dollars = ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN'];
  return `(${cur} IS NOT NULL AND ${cur} <> '' AND ${cur} <> '${workspace}' AND NOT (${cur} = '$' AND ${dollars.includes(workspace) ? 'true' : 'false'}))`;
}

export interface NumberDecision {
  decimal: DecimalMark;
  /** How the decision was made, in a sentence for the mapping step and the report. */
  note: string;
  /** The file cannot tell: every value reads both ways (or values disagree). The import needs a choice. */
  ambiguous: boolean;
  /** A few values that read differently with a point and with a comma (shown with the question). */
  examples: string[];
}

const NUMERIC = new Set(['money', 'count', 'latlon']);

/** The refs of a kind's numeric columns that are mapped to a file column. */
export function numericRefs(kind: DatasetKind, headers: string[], refs: string[], mapping: Mapping): { ref: string; type: string }[] {
  return KINDS[kind].columns
    .filter((c) => NUMERIC.has(c.type) && mapping[c.name] !== undefined)
    .flatMap((c) => {
      const ref = mappedRef(mapping[c.name]!, headers, refs);
      return ref ? [{ ref, type: c.type }] : [];
    });
}

/**
 * Decides the decimal mark from every value of every numeric column of the staged file: a value that
 * reads only with a point (12.50, 1,234.5) or only with a comma (12,50, 1.234,5) is evidence; a value
 * that reads both ways to different numbers (1,234 or 10.000) is ambiguous. Evidence one way decides;
 * no evidence and some ambiguous values, or evidence both ways, needs the person's choice.
 */
export async function decideNumberFormat(
  w: Writer,
  cols: { ref: string; type: string }[],
  forced?: DecimalMark,
  from = 'ace_stage',
): Promise<NumberDecision> {
  if (forced)
    return {
      decimal: forced,
      note: `Numbers read with ${forced === ',' ? 'a decimal comma (1.234,50)' : 'a decimal point (1,234.50)'}, as chosen.`,
      ambiguous: false,
      examples: [],
    };
  if (!cols.length) return { decimal: '.', note: 'No number columns.', ambiguous: false, examples: [] };
  const read = (ref: string, type: string, dec: DecimalMark) =>
    type === 'count' ? `ace_count(${ref}, '${dec}')::DOUBLE` : `try_cast(ace_signed(${ref}, '${dec}') AS DOUBLE)`;
  const parts = cols.map(({ ref, type }, i) => {
    const dot = read(ref, type, '.');
    const comma = read(ref, type, ',');
    return `count(*) FILTER (WHERE ${dot} IS NOT NULL AND ${comma} IS NULL) AS d${i},
      count(*) FILTER (WHERE ${comma} IS NOT NULL AND ${dot} IS NULL) AS c${i},
      count(*) FILTER (WHERE ${dot} <> ${comma}) AS a${i},
      list(DISTINCT trim(${ref})) FILTER (WHERE ${dot} <> ${comma})[1:3] AS x${i}`;
  });
  const [row] = await w.run<Record<string, string | string[] | null>>(`SELECT ${parts.join(', ')} FROM ${from}`);
  let dot = 0;
  let comma = 0;
  let both = 0;
  const examples: string[] = [];
  cols.forEach((_, i) => {
    dot += Number(row![`d${i}`] ?? 0);
    comma += Number(row![`c${i}`] ?? 0);
    both += Number(row![`a${i}`] ?? 0);
    for (const x of (row![`x${i}`] as string[] | null) ?? []) if (examples.length < 3) examples.push(x);
  });
  const n = (x: number) => x.toLocaleString('en-US');
  if (dot && comma) {
    return {
      decimal: '.',
      ambiguous: true,
      examples,
      note: `The file writes numbers both ways (${n(dot)} values only fit a decimal point, ${n(comma)} only a decimal comma). Choose which one it uses; values that do not fit are rejected.`,
    };
  }
  if (comma)
    return {
      decimal: ',',
      ambiguous: false,
      examples: [],
      note: `Numbers read with a decimal comma (1.234,50): ${n(comma)} values only fit that reading.`,
    };
  if (dot)
    return {
      decimal: '.',
      ambiguous: false,
      examples: [],
      note: `Numbers read with a decimal point (1,234.50): ${n(dot)} values only fit that reading.`,
    };
  if (both) {
    return {
      decimal: '.',
      ambiguous: true,
      examples,
      note: `Every number in the file reads both ways (e.g. ${examples.map((e) => `"${e}"`).join(', ')}): is the comma or the point the decimal separator?`,
    };
  }
  return { decimal: '.', ambiguous: false, examples: [], note: 'Numbers have no decimal or thousands separators.' };
}

/** The error an import gives when the file cannot tell its decimal mark and nobody chose one. */
export function decimalQuestion(d: NumberDecision): AceError {
  return new AceError(
    'NEEDS_CHOICE',
    `${d.note} In the app, pick it in the import's mapping step; with \`ace import\`, add --decimal . or --decimal ,.`,
    {
      question: 'decimal',
      examples: d.examples,
    },
  );
}
