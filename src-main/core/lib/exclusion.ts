/**
 * An exclusion list line as the data stores it: an entrant id upper-case, an email lower-case, a phone
 * as E.164 (DOMAIN.md's rules); anything else as written (it will match nobody, and is reported so).
 */
export function normaliseExclusion(v: string): string {
  const s = v.trim();
  if (/^P[0-9A-Fa-f]{16}$/.test(s)) return s.toUpperCase();
  if (s.includes('@')) return s.toLowerCase();
  const digits = s.replace(/\D/g, '');
  if (s.startsWith('+')) return `+${digits}`;
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  return s;
}
