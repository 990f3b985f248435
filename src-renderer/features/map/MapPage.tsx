import { useCallback, useEffect, useMemo, useState } from 'react';
import { fmtCount } from '../../format';
import { useRoiCall } from '../roi/useRoiCall';
import { MapPanel } from './MapPanel';
import { StoreTable } from './StoreTable';
import { StoreView } from './StoreView';
import './map.css';

/** The slider moves at once; the questions follow once it rests. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/**
 * The Map screen: people at their zip's centre, stores as pins, every store's responders within a
 * radius, and one store's responders in detail, made a segment in one click.
 */
export function MapPage({ theme, version }: { theme: 'light' | 'dark'; version: number }) {
  const [miles, setMiles] = useState(10);
  const radius = useSettled(miles, 250);
  const [storeId, setStoreId] = useState<string | null>(null);
  const zips = useRoiCall('geo.zips', {}, version);
  const stores = useRoiCall('geo.stores', { miles: radius }, version);
  const storeList = useMemo(() => stores.data ?? [], [stores.data]);
  // The radius the table's figures are for (the last answer, not the slider while it moves).
  const [tableMiles, setTableMiles] = useState(radius);
  useEffect(() => {
    if (stores.data) setTableMiles(radius);
  }, [stores.data]);
  const selected = useMemo(() => (storeId ? { storeId, miles: radius } : null), [storeId, radius]);
  const pick = useCallback((id: string) => setStoreId(id), []);
  // Another workspace, or new data: the picked store may be gone.
  useEffect(() => {
    if (storeId && stores.data && !stores.data.some((s) => s.store_id === storeId)) setStoreId(null);
  }, [stores.data, storeId]);

  const error = zips.error ?? stores.error;
  const noStores = stores.data !== null && stores.data.length === 0;

  return (
    <div className="page map-page">
      <header className="page-header">
        <div>
          <h1>Map</h1>
          <p className="muted">
            Responders around each store. People sit at their zip code's centre; stores at their own lat/lon, else at their zip's centre. Distances are straight-line miles.
          </p>
        </div>
      </header>

      <section className="card map-toolbar" aria-label="Radius and store">
        <label className="map-field map-radius">
          <span>
            Radius: <strong data-testid="radius-value">{miles} mi</strong>
          </span>
          <input type="range" min={1} max={50} step={1} value={miles} onChange={(e) => setMiles(Number(e.target.value))} aria-label="Radius in miles" aria-valuetext={`${miles} miles`} />
        </label>
        <label className="map-field">
          Store
          <select value={storeId ?? ''} onChange={(e) => setStoreId(e.target.value || null)} aria-label="Store">
            <option value="">— pick a store —</option>
            {storeList.map((s) => (
              <option key={s.store_id} value={s.store_id}>
                {s.name ?? s.store_id} ({s.store_id})
              </option>
            ))}
          </select>
        </label>
        <span className="map-busy small muted" aria-live="polite">
          {stores.loading || zips.loading || miles !== radius ? 'Updating…' : stores.data ? `${fmtCount(stores.data.length)} stores` : ''}
        </span>
      </section>

      {error && (
        <p className="inline-error" role="alert">
          {error.message}
        </p>
      )}
      {noStores && (
        <p className="map-note" role="note">
          This workspace has no stores yet: import a stores export (store_id, name, zip, lat, lon) to see responders around each store.
        </p>
      )}

      <MapPanel
        zips={zips.data?.zips ?? []}
        noLocation={zips.data?.noLocation ?? null}
        people={zips.data?.people ?? null}
        stores={storeList}
        theme={theme}
        selected={selected}
        onPickStore={pick}
      />
      {storeId && <StoreView storeId={storeId} miles={radius} version={version} onClose={() => setStoreId(null)} />}
      <StoreTable stores={storeList} miles={tableMiles} busy={stores.loading} selectedId={storeId} onSelect={pick} />
    </div>
  );
}
