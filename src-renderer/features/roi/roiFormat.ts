import { DASH, fmtCount, fmtMoney } from '../../format';

/** A source-row cell of the explain dialog: amounts as money, other numbers as counts, text as is. */
export function fmtSourceCell(column: string, v: string | number | boolean | null): string {
  if (v === null) return DASH;
  if (typeof v === 'number') return /amount|spend|revenue/.test(column) ? fmtMoney(v) : column.endsWith('_id') ? String(v) : fmtCount(v);
  return String(v);
}
