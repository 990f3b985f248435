/**
 * How a file's header names compare: a named currency ("Amount spent (USD)") is read off the header,
 * and the rest compared as lower-case letters and digits, so "E-mail Address" and "email_address" match.
 */
/** ISO codes and symbols a header may name its currency with: "Amount spent (USD)", "Kosten (EUR)", "Cost in GBP", "Spend €". */
export const CURRENCY_CODES = [
  'USD',
  'EUR',
  'GBP',
  'CAD',
  'AUD',
  'NZD',
  'CHF',
  'JPY',
  'CNY',
  'INR',
  'MXN',
  'BRL',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'HUF',
  'SGD',
  'HKD',
  'ZAR',
];
const HEADER_SYMBOLS: Record<string, string> = { '€': 'EUR', '£': 'GBP', '¥': 'JPY', US$: 'USD', $: '$' };
const CODE = CURRENCY_CODES.join('|');
const HEADER_CURRENCY = new RegExp(
  `\\s*(?:\\(|\\[)\\s*(?:in\\s+)?(${CODE}|€|£|¥|US\\$|\\$)\\s*(?:\\)|\\])\\s*$|\\s+in\\s+(${CODE})\\s*$|\\s+(${CODE}|€|£)\\s*$`,
  'i',
);

/** The currency a header names ("$" for an unnamed dollar), or null. */
export function headerCurrency(h: string): string | null {
  const m = HEADER_CURRENCY.exec(h.trim());
  if (!m) return null;
  const found = (m[1] ?? m[2] ?? m[3])!;
  return HEADER_SYMBOLS[found] ?? found.toUpperCase();
}

/** The header as a comparison key: lower-case letters and digits only, a named currency left out. */
export function normHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(HEADER_CURRENCY, '')
    .toLowerCase()
    .replace(/#/g, 'number')
    .replace(/[^a-z0-9]/g, '');
}
