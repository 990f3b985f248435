import { useMemo, useRef, useState } from 'react';
import type { MarketPoint, StoreSummary } from '../../../src-main/contract/geo';
import { EChart, type EChartEvents } from '../../components/EChart';
import { fmtCount } from '../../format';
import { MAP_COLOURS, mapOption, MEASURES, type MapMeasure, type MapZip } from './mapOption';
import { focusView, type MapView } from './projection';
import { registerUsaMap } from './usaMap';

registerUsaMap();

type Roamed = MapView & { key: string };

/**
 * The map card: people by zip, stores, the picked store's radius; zoom and pan kept across redraws
 * (a new measure or theme keeps where you look; picking a store or a radius frames that store).
 */
export function MapPanel({
  zips,
  noLocation,
  people,
  stores,
  theme,
  selected,
  onPickStore,
  measure,
  onMeasure,
  markets = [],
  filtered = false,
}: {
  measure: MapMeasure;
  onMeasure: (m: MapMeasure) => void;
  markets?: MarketPoint[];
  /** The bubbles are the entries matching filters (not everyone at their zip). */
  filtered?: boolean;
  zips: MapZip[];
  noLocation: number | null;
  people: number | null;
  stores: StoreSummary[];
  theme: 'light' | 'dark';
  selected: { storeId: string; miles: number } | null;
  onPickStore: (storeId: string) => void;
}) {
  const [resets, setResets] = useState(0);
  const roamed = useRef<Roamed | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const picked = selected ? stores.find((s) => s.store_id === selected.storeId && s.lat !== null && s.lon !== null) : undefined;
  // What the view belongs to: panning is kept until a store, a radius or "whole country" is chosen.
  const viewKey = `${picked ? `${picked.store_id}:${selected!.miles}` : 'all'}:${resets}`;
  const keyRef = useRef(viewKey);
  keyRef.current = viewKey;

  const option = useMemo(() => {
    const kept = roamed.current?.key === viewKey ? roamed.current : null;
    const view = kept ?? (picked ? focusView(picked.lon!, picked.lat!, selected!.miles) : null);
    return mapOption({ zips, markets, stores, measure, theme, selected, view });
  }, [zips, markets, stores, measure, theme, selected, picked, viewKey]);

  const onEvents = useMemo<EChartEvents>(
    () => ({
      click: (p) => {
        const e = p as { seriesName?: string; name?: string };
        if (e.seriesName === 'Stores' && e.name) onPickStore(e.name);
      },
      georoam: (_p, chart) => {
        clearTimeout(timer.current);
        const key = keyRef.current;
        timer.current = setTimeout(() => {
          if (chart.isDisposed()) return;
          const geo = (chart.getOption() as { geo?: { center?: number[]; zoom?: number }[] }).geo?.[0];
          if (geo?.center && geo.zoom) roamed.current = { key, center: [...geo.center], zoom: geo.zoom };
        }, 150);
      },
    }),
    [onPickStore],
  );

  const colours = MAP_COLOURS[theme];
  const measureInfo = MEASURES.find((m) => m.id === measure)!;
  const onMap = zips.reduce((n, z) => n + z.people, 0);
  const label = `Map of the United States: ${fmtCount(zips.length)} zip codes with ${fmtCount(onMap)} people as bubbles sized by people and coloured by ${measureInfo.label.toLowerCase()}, and ${fmtCount(stores.length)} stores as pins${picked ? `; ${picked.name ?? picked.store_id} picked, with a ${selected!.miles}-mile radius` : ''}. Scroll to zoom, drag to pan; the store table below has the same stores.`;

  return (
    <section className="card map-card" aria-labelledby="map-title">
      <div className="map-row map-controls">
        <h2 id="map-title">Responders by zip, and the stores</h2>
        <label className="map-field">
          Colour by
          <select value={measure} onChange={(e) => onMeasure(e.target.value as MapMeasure)}>
            {MEASURES.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="ghost"
          onClick={() => ((roamed.current = null), setResets((n) => n + 1))}
          title="Frame the lower 48 states again"
        >
          Whole country
        </button>
      </div>
      <div className="map-body">
        <EChart option={option} height={520} label={label} onEvents={onEvents} />
        <aside className="map-legend" aria-label="Map legend">
          <h3>Legend</h3>
          <ul>
            <li>
              <span className="map-key-bubbles" aria-hidden>
                <i style={{ width: 6, height: 6, background: colours.ramp[2] }} />
                <i style={{ width: 14, height: 14, background: colours.ramp[2] }} />
                <i style={{ width: 24, height: 24, background: colours.ramp[2] }} />
              </span>
              <span>
                <strong>A zip code</strong>: size = people there (
                {filtered ? 'with an entry matching the filters, from this zip' : "people sit at their zip's centre"}); colour ={' '}
                {measureInfo.label.toLowerCase()} ({measureInfo.help}), scale under the map.
              </span>
            </li>
            <li>
              <svg className="map-key-pin" width="14" height="20" viewBox="0 0 14 20" style={{ color: colours.store }} aria-hidden>
                <path
                  d="M7 0C3.1 0 0 3.1 0 7c0 5.2 7 13 7 13s7-7.8 7-13c0-3.9-3.1-7-7-7zm0 9.5A2.5 2.5 0 1 1 7 4.5a2.5 2.5 0 0 1 0 5z"
                  fill="currentColor"
                />
              </svg>
              <span>
                <strong>A store</strong> at its own lat/lon; hollow when placed at its zip's centre. Click one to see its responders.
              </span>
            </li>
            <li>
              <span className="map-key-ring" style={{ borderColor: colours.selected, background: colours.fill }} aria-hidden />
              <span>
                <strong>The radius</strong> around the picked store{selected ? ` (${selected.miles} mi)` : ''}.
              </span>
            </li>
          </ul>
          {noLocation !== null && people !== null && (
            <p className="map-note" data-testid="no-location">
              <strong>{fmtCount(noLocation)}</strong> {noLocation === 1 ? 'person' : 'people'} without a usable zip{' '}
              {noLocation === 1 ? 'is' : 'are'} not on the map but {noLocation === 1 ? 'is' : 'are'} in every total ({fmtCount(onMap)} of{' '}
              {fmtCount(people)} people are on the map).
            </p>
          )}
          <p className="muted small">Scroll or pinch to zoom, drag to pan. State shapes: US Census via us-atlas.</p>
        </aside>
      </div>
    </section>
  );
}
