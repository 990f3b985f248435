import type { StoreSummary, ZipPoint } from '../../../src-main/contract/geo';

export type MapMeasure = 'people' | 'redeemers' | 'revenue';

/** The map: states, people per zip as bubbles coloured by a measure, stores as pins. Pure: testable. */
export function mapOption(zips: ZipPoint[], stores: StoreSummary[], measure: MapMeasure, dark: boolean, selected?: string | null) {
  const values = zips.map((z) => z[measure]);
  const max = Math.max(1, ...values);
  const text = dark ? '#d8dee9' : '#1f2937';
  return {
    tooltip: { trigger: 'item' },
    legend: { data: ['People by zip', 'Stores'], textStyle: { color: text }, top: 0 },
    geo: {
      map: 'usa',
      roam: true,
      // The demo's markets are in the lower 48: start there.
      // (Alaska's islands cross the antimeridian and stretch the fitted box: zoom in on the lower 48.)
      center: [-93, 38.5],
      zoom: 4.2,
      itemStyle: { areaColor: dark ? '#1e2533' : '#eef2f7', borderColor: dark ? '#3b4556' : '#b8c2cf' },
      emphasis: { disabled: true },
    },
    visualMap: { min: 0, max, seriesIndex: 0, dimension: 2, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, text: [measure, ''], textStyle: { color: text }, inRange: { color: ['#93c5fd', '#1d4ed8', '#7c3aed'] } },
    series: [
      {
        name: 'People by zip',
        type: 'scatter',
        coordinateSystem: 'geo',
        data: zips.map((z) => ({ name: z.zip, value: [z.lon, z.lat, z[measure], z.people] })),
        symbolSize: (v: number[]) => Math.max(3, Math.min(26, Math.sqrt(v[3] ?? 0) * 1.6)),
        tooltip: { formatter: (p: { name: string; value: number[] }) => `${p.name}: ${p.value[3]} people` },
      },
      {
        name: 'Stores',
        type: 'scatter',
        coordinateSystem: 'geo',
        symbol: 'pin',
        symbolSize: 18,
        itemStyle: { color: '#ea580c' },
        data: stores.filter((s) => s.lat !== null && s.lon !== null).map((s) => ({ name: s.store_id, value: [s.lon, s.lat], itemStyle: s.store_id === selected ? { color: '#dc2626' } : undefined })),
        tooltip: { formatter: (p: { name: string }) => `${p.name}: ${stores.find((s) => s.store_id === p.name)?.name ?? ''}` },
      },
    ],
  };
}
