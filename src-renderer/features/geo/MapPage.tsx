import { useCallback, useEffect, useMemo, useState } from 'react';
import { fmtCount } from '../../format';
import { useQuery } from '../../lib/query';
import type { PivotFilter } from '../../../src-main/contract/pivot';
import { MapFilters } from './MapFilters';
import { MapPanel } from './MapPanel';
import type { MapMeasure, MapZip } from './mapOption';
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
export function MapPage({ theme }: { theme: 'light' | 'dark' }) {
  const [miles, setMiles] = useState(10);
  const radius = useSettled(miles, 250);
  const [storeId, setStoreId] = useState<string | null>(null);
  const [filters, setFilters] = useState<PivotFilter[]>([]);
  const [measure, setMeasure] = useState<MapMeasure>('people');
  const [showMarkets, setShowMarkets] = useState(false);
  // Everyone at their zip, or (with filters, or a measure of entries) the entries matching the filters.
  const byEntries = filters.length > 0 || measure === 'entries' || measure === 'cpe';
  const zips = useQuery('geo.zips', byEntries ? null : {});
  const measures = useQuery('geo.measures', byEntries ? { filters } : null);
  const markets = useQuery('geo.markets', showMarkets ? {} : null);
  const stores = useQuery('geo.stores', { miles: radius, filters });
  const mapZips: MapZip[] = useMemo(
    () => (byEntries ? (measures.data?.zips ?? []) : (zips.data?.zips ?? [])),
    [byEntries, measures.data, zips.data],
  );
  const noLocation = byEntries ? (measures.data?.noLocation.people ?? null) : (zips.data?.noLocation ?? null);
  const people = byEntries ? (measures.data?.total.people ?? null) : (zips.data?.people ?? null);
  const storeList = useMemo(() => stores.data ?? [], [stores.data]);
  // The radius the table's figures are for (the last answer, not the slider while it moves).
  const [tableMiles, setTableMiles] = useState(radius);
  useEffect(() => {
    if (stores.data) setTableMiles(radius);
  }, [stores.data]);
  const selected = useMemo(() => (storeId ? { storeId, miles: radius } : null), [storeId, radius]);
  const filterKey = JSON.stringify(filters);
  const pick = useCallback((id: string) => setStoreId(id), []);
  // Another workspace, or new data: the picked store may be gone.
  useEffect(() => {
    if (storeId && stores.data && !stores.data.some((s) => s.store_id === storeId)) setStoreId(null);
  }, [stores.data, storeId]);

  const error = zips.error ?? measures.error ?? stores.error ?? markets.error;
  const noStores = stores.data !== null && stores.data.length === 0;

  return (
    <div className="page map-page">
      <header className="page-header">
        <div>
          <h1>Map</h1>
          <p className="muted">
            Responders around each store. People sit at their zip code's centre; stores at their own lat/lon, else at their zip's centre.
            Distances are straight-line miles.
          </p>
        </div>
      </header>

      <section className="card map-toolbar" aria-label="Radius and store">
        <label className="map-field map-radius">
          <span>
            Radius: <strong data-testid="radius-value">{miles} mi</strong>
          </span>
          <input
            type="range"
            min={1}
            max={50}
            step={1}
            value={miles}
            onChange={(e) => setMiles(Number(e.target.value))}
            aria-label="Radius in miles"
            aria-valuetext={`${miles} miles`}
          />
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
        <label className="map-field map-check">
          <input type="checkbox" checked={showMarkets} onChange={(e) => setShowMarkets(e.target.checked)} /> Markets: cost per entry
        </label>
        <span className="map-busy small muted" aria-live="polite">
          {stores.loading || zips.loading || measures.loading || miles !== radius
            ? 'Updating…'
            : stores.data
              ? `${fmtCount(stores.data.length)} stores`
              : ''}
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

      <MapFilters filters={filters} onChange={setFilters} />

      <MapPanel
        zips={mapZips}
        noLocation={noLocation}
        people={people}
        measure={measure}
        onMeasure={setMeasure}
        markets={showMarkets ? (markets.data ?? []) : []}
        filtered={filters.length > 0}
        stores={storeList}
        theme={theme}
        selected={selected}
        onPickStore={pick}
      />
      {storeId && <StoreView key={filterKey} storeId={storeId} miles={radius} filters={filters} onClose={() => setStoreId(null)} />}
      <StoreTable stores={storeList} miles={tableMiles} busy={stores.loading} selectedId={storeId} onSelect={pick} />
    </div>
  );
}
