import { describe, expect, it } from 'vitest';
import type { StoreSummary, ZipPoint } from '../../src-main/contract/geo';
import { bubbleSize, esc, mapOption, measureOf } from '../../src-renderer/features/geo/mapOption';
import { circlePolygon, distanceMiles, focusView, project, unproject } from '../../src-renderer/features/geo/projection';
import { nextStoreSort, sortStores, storeCell, storesCsv } from '../../src-renderer/features/geo/storeTable';

const zip = (z: string, lat: number, lon: number, people: number, redeemers: number, revenue: number): ZipPoint => ({
  zip: z,
  lat,
  lon,
  people,
  redeemers,
  revenue,
});
const store = (id: string, name: string | null, responders: number, revenue: number, over: Partial<StoreSummary> = {}): StoreSummary => ({
  store_id: id,
  name,
  zip: '02134',
  market: 'Boston',
  lat: 42.35,
  lon: -71.13,
  located: 'store',
  responders,
  redeemers: Math.floor(responders / 3),
  redemptions: 7,
  revenue,
  ...over,
});

const ZIPS = [
  zip('02134', 42.3539, -71.1337, 10, 4, 120.5),
  zip('10001', 40.7506, -73.9972, 40, 2, 80),
  zip('60601', 41.8858, -87.6181, 1, 1, 15),
];
const STORES = [
  store('S1', 'Allston', 30, 500),
  store('S2', '=HYPERLINK("x")', 30, 900, { market: null }),
  store('S3', null, 5, 0, { lat: null, lon: null, located: null }),
];

type Series = {
  name: string;
  type: string;
  data: { name?: string; value: number[]; symbol?: string; symbolSize?: number }[];
  renderItem?: unknown;
};
type Opt = {
  series: Series[];
  geo: { center?: number[]; zoom?: number; boundingCoords: number[][]; roam: boolean };
  visualMap: { max: number; dimension: number; text: string[]; inRange: { color: string[] } };
  legend: { data: string[] };
};

describe('Albers projection', () => {
  it('round-trips and keeps north up, west left', () => {
    for (const p of [
      [-71.06, 42.36],
      [-105, 39.74],
      [-122.4, 37.8],
      [-80.2, 25.8],
      [-150, 61.2],
      [-181, 52],
    ]) {
      const back = unproject(project(p));
      expect(back[0]).toBeCloseTo(p[0]!, 8);
      expect(back[1]).toBeCloseTo(p[1]!, 8);
    }
    const boston = project([-71.06, 42.36]);
    const dallas = project([-96.8, 32.78]);
    expect(boston[0]).toBeGreaterThan(dallas[0]!); // east is right
    expect(boston[1]).toBeLessThan(dallas[1]!); // north is up (y grows downwards)
    expect(project([-96, 37.5])[0]).toBeCloseTo(0, 9);
  });

  it('keeps distances near true in miles (equal-area, near the standard parallels)', () => {
    const [a, b] = [project([-87.63, 41.88]), project([-84.39, 33.75])]; // Chicago, Atlanta
    const planar = Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);
    expect(planar / distanceMiles(-87.63, 41.88, -84.39, 33.75)).toBeGreaterThan(0.97);
    expect(planar / distanceMiles(-87.63, 41.88, -84.39, 33.75)).toBeLessThan(1.03);
  });
});

describe('the radius', () => {
  it('is a closed ring whose every point is R miles from the store (the core measures the same haversine)', () => {
    const ring = circlePolygon(-71.15, 42.47, 10, 36);
    expect(ring).toHaveLength(37);
    expect(ring[0]).toEqual(ring[36]);
    for (const [lon, lat] of ring) expect(distanceMiles(-71.15, 42.47, lon, lat)).toBeCloseTo(10, 6);
  });

  it('is framed to take about a quarter of the map height, within zoom limits', () => {
    const v10 = focusView(-71.15, 42.47, 10);
    const v40 = focusView(-71.15, 42.47, 40);
    expect(v10.center).toEqual(project([-71.15, 42.47]));
    expect(v10.zoom / v40.zoom).toBeCloseTo(4, 6);
    expect(focusView(0, 40, 1e6).zoom).toBe(1);
  });
});

describe('map option', () => {
  it('draws zips as bubbles sized by people, coloured by the chosen measure, big ones first', () => {
    const o = mapOption({ zips: ZIPS, stores: STORES, measure: 'revenue', theme: 'light' }) as unknown as Opt;
    const [bubbles, pins] = o.series;
    expect(bubbles!.data.map((d) => d.name)).toEqual(['10001', '02134', '60601']);
    expect(bubbles!.data[1]!.value).toEqual([-71.1337, 42.3539, 120.5, 10, 4, 120.5]);
    expect(o.visualMap.dimension).toBe(2);
    expect(o.visualMap.max).toBe(120.5);
    expect(o.visualMap.text).toEqual(['high', 'Revenue: low']);
    expect(o.geo.roam).toBe(true);
    expect(o.geo.center).toBeUndefined();
    // Stores without a location are not drawn (they stay in the table).
    expect(pins!.data.map((d) => d.name)).toEqual(['S1', 'S2']);
    expect(o.legend.data).toEqual(['People by zip', 'Stores']);
    expect(o.series).toHaveLength(2);
  });

  it('rates are redeemers per person; sizes grow with the square root of people', () => {
    expect(measureOf(ZIPS[0]!, 'rate')).toBeCloseTo(0.4, 9);
    const o = mapOption({ zips: ZIPS, stores: [], measure: 'rate', theme: 'dark' }) as unknown as Opt;
    expect(o.visualMap.max).toBe(1);
    expect(bubbleSize(40, 40)).toBe(26);
    expect(bubbleSize(10, 40)).toBe(15);
    expect(bubbleSize(0, 40)).toBe(4);
  });

  it('a picked store gets a bigger pin, its radius ring and the view framing it', () => {
    const view = focusView(-71.13, 42.35, 10);
    const o = mapOption({
      zips: ZIPS,
      stores: STORES,
      measure: 'people',
      theme: 'light',
      selected: { storeId: 'S1', miles: 10 },
      view,
    }) as unknown as Opt;
    expect(o.series.map((s) => s.name)).toEqual(['People by zip', 'Stores', 'Radius']);
    expect(o.series[2]!.type).toBe('custom');
    expect(o.series[1]!.data[0]!.symbolSize).toBe(34);
    expect(o.series[1]!.data[1]!.symbolSize).toBeUndefined();
    expect(o.geo.center).toEqual(view.center);
    expect(o.geo.zoom).toBe(view.zoom);
    expect(o.legend.data).toContain('Radius');
  });

  it('escapes workspace text before it reaches tooltip HTML', () => {
    expect(esc('<img src=x onerror=alert(1)>')).toBe('&#60;img src=x onerror=alert(1)&#62;');
    expect(esc(null)).toBe('');
  });
});

describe('store table', () => {
  it('sorts numbers high-to-low first, text A-Z first, missing values last, ties in the core order', () => {
    expect(nextStoreSort({ key: 'responders', dir: 'desc' }, 'revenue')).toEqual({ key: 'revenue', dir: 'desc' });
    expect(nextStoreSort({ key: 'revenue', dir: 'desc' }, 'revenue')).toEqual({ key: 'revenue', dir: 'asc' });
    expect(nextStoreSort({ key: 'revenue', dir: 'desc' }, 'market')).toEqual({ key: 'market', dir: 'asc' });
    expect(sortStores(STORES, { key: 'responders', dir: 'desc' }).map((s) => s.store_id)).toEqual(['S1', 'S2', 'S3']);
    expect(sortStores(STORES, { key: 'market', dir: 'desc' }).map((s) => s.store_id)).toEqual(['S1', 'S3', 'S2']);
    expect(sortStores(STORES, { key: 'market', dir: 'asc' }).map((s) => s.store_id)).toEqual(['S1', 'S3', 'S2']);
  });

  it('shows how each store is placed', () => {
    expect(storeCell(STORES[0]!, 'located')).toBe('Store lat/lon');
    expect(storeCell(store('S9', 'x', 0, 0, { located: 'zip' }), 'located')).toBe('Zip centre');
    expect(storeCell(STORES[2]!, 'located')).toBe('No location');
    expect(storeCell(STORES[2]!, 'name')).toBe('S3');
    expect(storeCell(STORES[1]!, 'revenue')).toBe('$900.00');
  });

  it('exports CSV with text formula-neutralised and figures as plain numbers', () => {
    const lines = storesCsv(STORES, 10).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'store_id,name,market,zip,lat,lon,located,responders_within_10_mi,redeemers_within_radius,redemptions_here,revenue_here',
    );
    expect(lines[1]).toBe('S1,Allston,Boston,02134,42.35,-71.13,store,30,10,7,500');
    expect(lines[2]).toBe(`S2,"'=HYPERLINK(""x"")",,02134,42.35,-71.13,store,30,10,7,900`);
    expect(lines[3]).toBe('S3,,Boston,02134,,,none,5,1,7,0');
  });
});
