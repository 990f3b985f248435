import { GeoComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import states from 'us-atlas/states-10m.json';

let registered = false;

/** Registers the US states (us-atlas, Census shapes; ISC) as the ECharts map "usa", once. Offline. */
export function registerUsa(): void {
  if (registered) return;
  echarts.use([GeoComponent]);
  const topo = states as unknown as Topology<{ states: GeometryCollection }>;
  echarts.registerMap('usa', feature(topo, topo.objects.states) as never);
  registered = true;
}
