import { DASH, fmtCount, fmtMoney } from '../../format';

/** ROI figures as shown: money to the cent, rates and ROI as % (one decimal), ROAS as 2.34x; null is a dash. */
const pct = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const times = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const missing = (v: number | null | undefined): v is null | undefined => v === null || v === undefined || !Number.isFinite(v);

export function fmtRate(v: number | null | undefined): string {
  return missing(v) ? DASH : pct.format(v);
}

export function fmtTimes(v: number | null | undefined): string {
  return missing(v) ? DASH : `${times.format(v)}x`;
}

export type FigureKind = 'money' | 'count' | 'rate' | 'times';

export function fmtFigure(kind: FigureKind, v: number | null | undefined): string {
  switch (kind) {
    case 'money':
      return fmtMoney(v);
    case 'count':
      return fmtCount(v);
    case 'rate':
      return fmtRate(v);
    case 'times':
      return fmtTimes(v);
  }
}

/** A source-row cell of the explain dialog: amounts as money, other numbers as counts, text as is. */
export function fmtSourceCell(column: string, v: string | number | boolean | null): string {
  if (v === null) return DASH;
  if (typeof v === 'number') return /amount|spend|revenue/.test(column) ? fmtMoney(v) : column.endsWith('_id') ? String(v) : fmtCount(v);
  return String(v);
}
