/**
 * What a spreadsheet would run as a formula, for every export (the core's CSV/TSV/XLSX and DuckDB's
 * COPY, the renderer's pivot CSV, TSV and clipboard): one rule in one place.
 *
 * A text starting with = + - @ tab or CR is a formula to Excel, LibreOffice and Google Sheets, and gets
 * a leading apostrophe (OWASP's CSV injection advice). Except text that is plainly data, which an
 * apostrophe would break (an SMS tool reading `'+16175550729`): a phone number in E.164 form (`+`
 * then digits only), a plain number (`-12.50`, `+3`) and an e-mail address (`-a@b.com`). None of those
 * can call a function, reach another cell or start another program: they need parentheses, `!`, `|`
 * or `:`, which these patterns exclude.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** Data that starts like a formula but cannot act as one: a phone, a number, an e-mail address. */
export const PLAIN_DATA = /^(?:[+-]?\d+(?:\.\d+)?|[+-][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)$/;

/** The text as a spreadsheet should show it. */
export function neutralise(v: string): string {
  return FORMULA_START.test(v) && !PLAIN_DATA.test(v) ? `'${v}` : v;
}

/** The same rule in DuckDB SQL (its regular expressions are RE2, which reads the pattern the same way). */
export function neutraliseSql(expr: string): string {
  return `CASE WHEN left(${expr}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) AND NOT regexp_full_match(${expr}, '${PLAIN_DATA.source.slice(1, -1)}') THEN '''' || ${expr} ELSE ${expr} END`;
}
