import { METRICS } from '../../../src-main/contract/metrics';
import type { MarketPoint, StoreSummary, ZipPoint } from '../../../src-main/contract/geo';
import { CHART_THEMES } from '../../charts/theme';
import { fmtCount, fmtMoney } from '../../format';
import { ALBERS_USA, circlePolygon, LOWER_48, MAX_ZOOM, type MapView } from './projection';
import { USA_MAP } from './usaMap';

/** What colours the zip bubbles. Their size is always people. */
export type MapMeasure = 'people' | 'entries' | 'redeemers' | 'rate' | 'revenue' | 'cpe';

export const MEASURES: { id: MapMeasure; label: string; help: string }[] = [
  { id: 'people', label: METRICS.people.label, help: 'people whose zip this is' },
  { id: 'entries', label: METRICS.entries.label, help: 'entries from this zip' },
  { id: 'redeemers', label: METRICS.redeemers.label, help: 'of them, people who redeemed a coupon' },
  { id: 'rate', label: METRICS.redemption_rate.label, help: 'redeemers ÷ people' },
  { id: 'revenue', label: METRICS.revenue.label, help: 'order amounts of their redemptions' },
  { id: 'cpe', label: METRICS.cost_per_entry.label, help: "each entry's media buy spend ÷ its entries, as in ROI" },
];

/** A zip on the map: people at their zip (no filters), or the entries matching the filters. */
export type MapZip = ZipPoint & { entries?: number; cost?: number };

export const SERIES = { zips: 'People by zip', stores: 'Stores', radius: 'Radius', markets: 'Markets' } as const;

/** A zip's value for a measure (the rate is null-free here: a zip on the map has people). */
export function measureOf(z: MapZip, m: MapMeasure): number {
  if (m === 'rate') return z.people > 0 ? z.redeemers / z.people : 0;
  if (m === 'entries') return z.entries ?? 0;
  if (m === 'cpe') return z.entries ? (z.cost ?? 0) / z.entries : 0;
  return z[m];
}

export function fmtMeasure(m: MapMeasure, v: number): string {
  return m === 'revenue' || m === 'cpe' ? fmtMoney(v) : m === 'rate' ? `${(100 * v).toFixed(1)}%` : fmtCount(v);
}

/** Bubble diameter in pixels: area grows with people (square root), from 4 to 26 px. */
export function bubbleSize(people: number, maxPeople: number): number {
  return 4 + 22 * Math.sqrt(Math.max(0, people) / Math.max(1, maxPeople));
}

/** Data from the workspace goes into tooltip HTML: escaped, always. */
export function esc(s: string | null | undefined): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const MAP_COLOURS = {
  light: {
    land: '#eef1f6',
    border: '#c3cad6',
    ramp: ['#d6e4ff', '#7fa7f5', '#2f6fed', '#173a8a'],
    store: '#e8590c',
    selected: '#c2255c',
    fill: 'rgba(194, 37, 92, 0.10)',
  },
  dark: {
    land: '#1f2533',
    border: '#3a4356',
    ramp: ['#1d3a6e', '#3d6fd6', '#7fa7ff', '#d6e4ff'],
    store: '#ffab5c',
    selected: '#ff7a8c',
    fill: 'rgba(255, 122, 140, 0.14)',
  },
} as const;

export interface MapInput {
  zips: MapZip[];
  /** Markets with their ROI cost per entry, drawn as labelled diamonds. */
  markets?: MarketPoint[];
  stores: StoreSummary[];
  measure: MapMeasure;
  theme: 'light' | 'dark';
  /** The store picked, and the radius drawn around it. */
  selected?: { storeId: string; miles: number } | null;
  /** Where the map looks; null frames the lower 48. */
  view?: MapView | null;
}

type Tip = { seriesName?: string; name?: string; value?: number[]; data?: { store?: StoreSummary } };

/** The map's ECharts option: states, people per zip as bubbles, stores as pins, the radius. Pure. */
export function mapOption({ zips, markets = [], stores, measure, theme, selected = null, view = null }: MapInput) {
  const t = CHART_THEMES[theme];
  const c = MAP_COLOURS[theme];
  const maxPeople = Math.max(1, ...zips.map((z) => z.people));
  const values = zips.map((z) => measureOf(z, measure));
  const max = Math.max(measure === 'rate' ? 0.01 : 1, ...values);
  const label = MEASURES.find((m) => m.id === measure)!.label;
  // Big bubbles first, so the small ones stay visible on top of them.
  const bubbles = [...zips].sort((a, b) => b.people - a.people || a.zip.localeCompare(b.zip));
  const located = stores.filter((s) => s.lat !== null && s.lon !== null);
  const picked = selected ? located.find((s) => s.store_id === selected.storeId) : undefined;
  const ring = picked ? circlePolygon(picked.lon!, picked.lat!, selected!.miles) : null;

  const zipTip = (p: Tip) => {
    const [, , , people = 0, redeemers = 0, revenue = 0] = p.value ?? [];
    const rate = people > 0 ? ` (${fmtMeasure('rate', redeemers / people)})` : '';
    return `<b>ZIP ${esc(p.name)}</b><br/>People: ${fmtCount(people)}<br/>Redeemers: ${fmtCount(redeemers)}${rate}<br/>Revenue: ${fmtMoney(revenue)}`;
  };
  const storeTip = (p: Tip) => {
    const s = p.data?.store;
    if (!s) return '';
    const where = s.located === 'zip' ? `<br/><i>placed at its zip's centre (${esc(s.zip)})</i>` : '';
    return `<b>${esc(s.name ?? s.store_id)}</b> · ${esc(s.store_id)}<br/>${esc(s.market ?? '')}${where}<br/>Responders within the radius: ${fmtCount(s.responders)}<br/>Revenue here: ${fmtMoney(s.revenue)}<br/><span style="opacity:.7">Click to see its responders</span>`;
  };

  return {
    backgroundColor: 'transparent',
    textStyle: { color: t.text },
    animation: false,
    tooltip: {
      trigger: 'item',
      backgroundColor: t.panel,
      borderColor: t.border,
      textStyle: { color: t.text, fontSize: 12 },
      confine: true,
    },
    legend: {
      top: 4,
      left: 8,
      data: [SERIES.zips, SERIES.stores, ...(ring ? [SERIES.radius] : [])],
      textStyle: { color: t.text },
      itemGap: 16,
    },
    geo: {
      map: USA_MAP,
      projection: ALBERS_USA,
      boundingCoords: LOWER_48,
      roam: true,
      scaleLimit: { min: 0.6, max: MAX_ZOOM },
      ...(view ? { center: view.center, zoom: view.zoom } : {}),
      top: 36,
      bottom: 56,
      left: 8,
      right: 8,
      itemStyle: { areaColor: c.land, borderColor: c.border, borderWidth: 0.8 },
      emphasis: { disabled: true },
      select: { disabled: true },
      tooltip: { show: false },
      label: { show: false },
    },
    visualMap: {
      type: 'continuous',
      seriesIndex: 0,
      dimension: 2,
      min: 0,
      max,
      calculable: true,
      realtime: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 6,
      itemHeight: 180,
      itemWidth: 12,
      text: ['high', `${label}: low`],
      formatter: (v: number) => fmtMeasure(measure, v),
      textStyle: { color: t.text, fontSize: 11 },
      inRange: { color: [...c.ramp] },
      outOfRange: { color: t.grid },
    },
    series: [
      {
        name: SERIES.zips,
        type: 'scatter',
        coordinateSystem: 'geo',
        z: 3,
        data: bubbles.map((z) => ({ name: z.zip, value: [z.lon, z.lat, measureOf(z, measure), z.people, z.redeemers, z.revenue] })),
        symbolSize: (v: number[]) => bubbleSize(v[3] ?? 0, maxPeople),
        itemStyle: {
          opacity: 0.82,
          borderColor: theme === 'dark' ? 'rgba(0,0,0,0.45)' : 'rgba(255,255,255,0.85)',
          borderWidth: 0.6,
          color: c.ramp[2],
        },
        emphasis: { scale: 1.3, itemStyle: { borderColor: t.text, borderWidth: 1 } },
        tooltip: { formatter: zipTip },
      },
      {
        name: SERIES.stores,
        type: 'scatter',
        coordinateSystem: 'geo',
        z: 5,
        symbol: 'pin',
        symbolSize: 24,
        symbolOffset: [0, '-40%'],
        itemStyle: { color: c.store, borderColor: t.panel, borderWidth: 1 },
        cursor: 'pointer',
        data: located.map((s) => {
          const on = s.store_id === picked?.store_id;
          return {
            name: s.store_id,
            value: [s.lon!, s.lat!],
            store: s,
            // A store placed at its zip's centre is drawn hollow: its position is approximate.
            symbol: s.located === 'zip' ? 'emptyPin' : 'pin',
            ...(on
              ? {
                  symbolSize: 34,
                  itemStyle: { color: c.selected, borderColor: t.panel, borderWidth: 1.5 },
                  label: {
                    show: true,
                    position: 'right',
                    distance: 6,
                    formatter: s.name ?? s.store_id,
                    color: t.text,
                    fontWeight: 600,
                    textBorderColor: t.panel,
                    textBorderWidth: 3,
                  },
                  z: 6,
                }
              : {}),
          };
        }),
        tooltip: { formatter: storeTip },
      },
      ...(markets.length
        ? [
            {
              name: SERIES.markets,
              type: 'scatter',
              coordinateSystem: 'geo',
              z: 4,
              symbol: 'diamond',
              symbolSize: 16,
              itemStyle: { color: theme === 'dark' ? '#ffd43b' : '#7048e8', borderColor: t.panel, borderWidth: 1 },
              label: {
                show: true,
                position: 'right',
                formatter: (p: { data: { market: MarketPoint } }) =>
                  `${p.data.market.market}: ${fmtMoney(p.data.market.costPerEntry)}/entry`,
                color: t.text,
                fontWeight: 600,
                textBorderColor: t.panel,
                textBorderWidth: 3,
                fontSize: 11,
              },
              data: markets.map((m) => ({ name: m.market, value: [m.lon, m.lat], market: m })),
              tooltip: {
                formatter: (p: { data: { market: MarketPoint } }) =>
                  `<strong>${esc(p.data.market.market)}</strong><br/>${METRICS.cost_per_entry.label} ${fmtMoney(p.data.market.costPerEntry)} (ROI by market)<br/>Spend ${fmtMoney(p.data.market.spend)} · ${fmtCount(p.data.market.entries)} entries`,
              },
            },
          ]
        : []),
      ...(ring
        ? [
            {
              name: SERIES.radius,
              type: 'custom',
              coordinateSystem: 'geo',
              z: 2,
              silent: true,
              itemStyle: { color: c.selected },
              data: [[picked!.lon!, picked!.lat!]],
              renderItem: (_: unknown, api: { coord: (p: number[]) => number[] }) => ({
                type: 'polygon',
                shape: { points: ring.map((p) => api.coord(p)) },
                style: { fill: c.fill, stroke: c.selected, lineWidth: 1.5, lineDash: [5, 4] },
              }),
            },
          ]
        : []),
    ],
  };
}
