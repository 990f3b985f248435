import { useEffect, useMemo, useState } from 'react';
import type { StoreSummary } from '../../../src-main/contract/geo';
import { EChart } from '../../components/EChart';
import { fmtCount, fmtMoney } from '../../format';
import { downloadText } from '../import/download';
import { useRoiCall } from '../roi/useRoiCall';
import { mapOption, type MapMeasure } from './mapOption';
import { StoreView } from './StoreView';
import { registerUsa } from './usaMap';
import './geo.css';

const COLUMNS: { id: keyof StoreSummary; label: string; num?: boolean }[] = [
  { id: 'store_id', label: 'Store' },
  { id: 'name', label: 'Name' },
  { id: 'market', label: 'Market' },
  { id: 'responders', label: 'Responders within R', num: true },
  { id: 'redeemers', label: 'Of them redeemed', num: true },
  { id: 'redemptions', label: 'Redemptions here', num: true },
  { id: 'revenue', label: 'Revenue here', num: true },
  { id: 'located', label: 'Placed by' },
];

const cell = (s: StoreSummary, id: keyof StoreSummary) => (id === 'revenue' ? fmtMoney(s.revenue) : typeof s[id] === 'number' ? fmtCount(s[id] as number) : id === 'located' ? (s.located === 'store' ? 'its lat/lon' : s.located === 'zip' ? 'zip centre' : 'no location') : String(s[id] ?? ''));
const csvCell = (v: string) => {
  const t = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};

export function GeoPage({ theme, version }: { theme: 'light' | 'dark'; version: number }) {
  registerUsa();
  const [miles, setMiles] = useState(10);
  const [measure, setMeasure] = useState<MapMeasure>('people');
  const [sort, setSort] = useState<{ id: keyof StoreSummary; desc: boolean }>({ id: 'responders', desc: true });
  const [storeId, setStoreId] = useState<string | null>(null);
  const zips = useRoiCall('geo.zips', {}, version);
  const stores = useRoiCall('geo.stores', { miles }, version);
  const view = useRoiCall('geo.storeView', storeId ? { storeId, miles } : null, version);
  const sorted = useMemo(() => {
    const rows = [...(stores.data ?? [])];
    const k = sort.id;
    rows.sort((a, b) => {
      const x = a[k] ?? '';
      const y = b[k] ?? '';
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return sort.desc ? -c : c;
    });
    return rows;
  }, [stores.data, sort]);
  const option = useMemo(() => mapOption(zips.data?.zips ?? [], stores.data ?? [], measure, theme === 'dark', storeId), [zips.data, stores.data, measure, theme, storeId]);
  const onEvents = useMemo(() => ({ click: (p: unknown) => { const e = p as { seriesName?: string; name?: string }; if (e.seriesName === 'Stores' && e.name) setStoreId(e.name); } }), []);
  useEffect(() => setStoreId(null), [version]);
  const exportCsv = () =>
    downloadText(`stores-within-${miles}-miles.csv`, [COLUMNS.map((c) => c.id).join(','), ...sorted.map((s) => COLUMNS.map((c) => csvCell(String(s[c.id] ?? ''))).join(','))].join('\r\n') + '\r\n');

  return (
    <div className="page geo-page">
      <header className="page-header">
        <h1>Map</h1>
        <p className="muted">Responders around each store. People sit at their zip code’s centre; stores at their own coordinates, else their zip’s.</p>
      </header>
      <section className="card">
        <div className="geo-row">
          <label>
            Radius <input type="range" min={1} max={50} value={miles} onChange={(e) => setMiles(Number(e.target.value))} aria-label="Radius in miles" /> <strong data-testid="radius">{miles} mi</strong>
          </label>
          <label>
            Colour by{' '}
            <select value={measure} onChange={(e) => setMeasure(e.target.value as MapMeasure)} aria-label="Colour by">
              <option value="people">people</option>
              <option value="redeemers">redeemers</option>
              <option value="revenue">revenue</option>
            </select>
          </label>
          {zips.data && (
            <span className="small muted" data-testid="no-location">
              {fmtCount(zips.data.noLocation)} of {fmtCount(zips.data.people)} people have no usable zip: not on the map, but in every total.
            </span>
          )}
        </div>
        <EChart option={option} height={460} label="Map of responders by zip and stores" onEvents={onEvents} />
      </section>
      {view.data && <StoreView view={view.data} />}
      {view.error && <p className="inline-error" role="alert">{view.error.message}</p>}
      <section className="card">
        <div className="geo-row">
          <h2>Stores</h2>
          <button type="button" className="ghost" onClick={exportCsv}>
            Export CSV
          </button>
        </div>
        <table className="table" data-testid="store-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.id} aria-sort={sort.id === c.id ? (sort.desc ? 'descending' : 'ascending') : 'none'} className={c.num ? 'num' : undefined}>
                  <button type="button" className="link" onClick={() => setSort((s) => ({ id: c.id, desc: s.id === c.id ? !s.desc : !!c.num }))}>
                    {c.label}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((s) => (
              <tr key={s.store_id} data-store={s.store_id} aria-selected={s.store_id === storeId} onClick={() => setStoreId(s.store_id)} className={s.store_id === storeId ? 'geo-selected' : undefined}>
                {COLUMNS.map((c) => (
                  <td key={c.id} className={c.num ? 'num' : undefined} data-col={c.id}>
                    {c.id === 'store_id' ? (
                      <button type="button" className="link" onClick={() => setStoreId(s.store_id)}>
                        {s.store_id}
                      </button>
                    ) : (
                      cell(s, c.id)
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
