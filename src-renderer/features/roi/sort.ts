import type { RoiRow } from '../../../src-main/contract/roi';

export type SortKey = 'label' | (keyof RoiRow & string);
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

/**
 * The groups in sort order. Without a sort, the core's order. Missing figures (null, a dash) always
 * come last whichever the direction, so "highest ROAS first" never starts with a dash.
 * The "(unattributed)" row is not a group to rank: it stays after the groups.
 */
export function sortRows(rows: RoiRow[], sort: Sort | null): RoiRow[] {
  const groups = rows.filter((r) => r.key !== null);
  const rest = rows.filter((r) => r.key === null);
  if (!sort) return [...groups, ...rest];
  const sign = sort.dir === 'asc' ? 1 : -1;
  const value = (r: RoiRow) => (sort.key === 'label' ? r.label : (r[sort.key] as number | string | null | undefined));
  const sorted = groups
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const va = value(a.r);
      const vb = value(b.r);
      const na = va === null || va === undefined;
      const nb = vb === null || vb === undefined;
      if (na || nb) return na === nb ? a.i - b.i : na ? 1 : -1;
      const c =
        typeof va === 'string' || typeof vb === 'string'
          ? String(va).localeCompare(String(vb), 'en', { numeric: true })
          : (va as number) - (vb as number);
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map((x) => x.r);
  return [...sorted, ...rest];
}

/** The next sort after clicking a header: numbers start high-to-low, names A-Z; a second click flips. */
export function nextSort(current: Sort | null, key: SortKey): Sort {
  if (current?.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: key === 'label' ? 'asc' : 'desc' };
}
