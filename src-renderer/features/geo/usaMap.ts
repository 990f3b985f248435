import { CustomChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import states from 'us-atlas/states-10m.json';

/** The ECharts map name of the US states (its own name: the shapes are tidied, see below). */
export const USA_MAP = 'ace-usa-states';

/** Pacific territories far across the antimeridian: no demo market, and they would stretch every view. */
const LEFT_OUT = new Set(['60', '66', '69']);

/** Alaska's westernmost islands sit past 180°: bring them to the same side as the rest (-181° ...). */
function unwrap(p: Position): Position {
  return p[0]! > 0 ? [p[0]! - 360, ...p.slice(1)] : p;
}
function unwrapGeometry(g: Geometry): Geometry {
  if (g.type === 'Polygon') return { ...g, coordinates: g.coordinates.map((ring) => ring.map(unwrap)) };
  if (g.type === 'MultiPolygon') return { ...g, coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(unwrap))) };
  return g;
}

/** The states as GeoJSON, named by state (us-atlas: Census cartographic boundaries, ISC; shipped offline). */
export function usaStates(): FeatureCollection {
  const topo = states as unknown as Topology<{ states: GeometryCollection<{ name: string }> }>;
  const all = feature(topo, topo.objects.states) as FeatureCollection<Geometry, { name: string }>;
  const features: Feature[] = all.features
    .filter((f) => !LEFT_OUT.has(String(f.id)))
    .map((f) => ({ ...f, geometry: unwrapGeometry(f.geometry), properties: { name: f.properties.name } }));
  return { type: 'FeatureCollection', features };
}

let registered = false;

/** Registers what the map needs with ECharts (shared core; the EChart component stays as it is) and the states, once. */
export function registerUsaMap(): void {
  if (registered) return;
  echarts.use([GeoComponent, CustomChart, ScatterChart, VisualMapComponent, LegendComponent, TooltipComponent]);
  echarts.registerMap(USA_MAP, usaStates() as never);
  registered = true;
}
