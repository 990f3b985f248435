import type { StoreSummary } from '../../../src-main/contract/geo';
import { fmtCount, fmtMoney } from '../../format';
import { rowsCsv } from '../../lib/grid';

export type StoreColumn = 'name' | 'market' | 'zip' | 'responders' | 'redeemers' | 'redemptions' | 'revenue' | 'located';

export interface StoreSort {
  key: StoreColumn;
  dir: 'asc' | 'desc';
}

export const STORE_COLUMNS: { id: StoreColumn; label: (miles: number) => string; num?: boolean; title?: string }[] = [
  { id: 'name', label: () => 'Store' },
  { id: 'market', label: () => 'Market' },
  { id: 'zip', label: () => 'Zip' },
  {
    id: 'responders',
    label: (m) => `Responders within ${m} mi`,
    num: true,
    title: 'People whose zip centre is within the radius of the store',
  },
  {
    id: 'redeemers',
    label: () => 'Of them, redeemers',
    num: true,
    title: 'Responders within the radius who redeemed a coupon (at any store)',
  },
  { id: 'redemptions', label: () => 'Redemptions here', num: true, title: 'Redemptions at this store, by anyone' },
  { id: 'revenue', label: () => 'Revenue here', num: true, title: 'Order amounts of the redemptions at this store' },
  { id: 'located', label: () => 'Located by', title: "The store's own lat/lon, else its zip's centre" },
];

export const LOCATED_LABEL: Record<'store' | 'zip' | 'none', string> = { store: 'Store lat/lon', zip: 'Zip centre', none: 'No location' };
export const locatedLabel = (s: StoreSummary) => LOCATED_LABEL[s.located ?? 'none'];

/** A cell as shown. */
export function storeCell(s: StoreSummary, col: StoreColumn): string {
  switch (col) {
    case 'name':
      return s.name ?? s.store_id;
    case 'located':
      return locatedLabel(s);
    case 'revenue':
      return fmtMoney(s.revenue);
    case 'responders':
    case 'redeemers':
    case 'redemptions':
      return fmtCount(s[col]);
    default:
      return s[col] ?? '';
  }
}

const sortValue = (s: StoreSummary, key: StoreColumn): string | number | null =>
  key === 'name' ? (s.name ?? s.store_id) : key === 'located' ? locatedLabel(s) : s[key];

/** Stores in sort order; missing values last whichever the direction; ties keep the core's order. */
export function sortStores(rows: StoreSummary[], sort: StoreSort): StoreSummary[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const va = sortValue(a.r, sort.key);
      const vb = sortValue(b.r, sort.key);
      const na = va === null || va === '';
      const nb = vb === null || vb === '';
      if (na || nb) return na === nb ? a.i - b.i : na ? 1 : -1;
      const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), 'en', { numeric: true });
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map((x) => x.r);
}

/** Clicking a header: numbers start high-to-low, text A-Z; a second click flips. */
export function nextStoreSort(current: StoreSort, key: StoreColumn): StoreSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: STORE_COLUMNS.find((c) => c.id === key)?.num ? 'desc' : 'asc' };
}

/** The table as CSV, in the order shown: text formula-neutralised, figures as plain numbers. */
export function storesCsv(rows: StoreSummary[], miles: number): string {
  const columns = [
    'store_id',
    'name',
    'market',
    'zip',
    'lat',
    'lon',
    'located',
    `responders_within_${miles}_mi`,
    'redeemers_within_radius',
    'redemptions_here',
    'revenue_here',
  ];
  return rowsCsv(
    columns,
    rows.map((s) => [
      s.store_id,
      s.name,
      s.market,
      s.zip,
      s.lat,
      s.lon,
      s.located ?? 'none',
      s.responders,
      s.redeemers,
      s.redemptions,
      s.revenue,
    ]),
  );
}
