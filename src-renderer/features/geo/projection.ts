/**
 * Map geometry, pure (unit-tested): the Albers equal-area conic projection the USGS uses for the
 * lower 48, a circle of a radius in miles around a point, and the view that frames such a circle.
 */

const RAD = Math.PI / 180;
/** Mean Earth radius in miles (the core measures distances in miles on the same sphere). */
export const EARTH_MILES = 3958.8;

// USGS "Albers Equal Area Conic" for the conterminous US: standard parallels 29.5°N and 45.5°N,
// origin 37.5°N 96°W. Projected units are miles; y grows downwards (screen order, as ECharts wants).
const PHI1 = 29.5 * RAD;
const PHI2 = 45.5 * RAD;
const PHI0 = 37.5 * RAD;
const LAMBDA0 = -96 * RAD;
const N = (Math.sin(PHI1) + Math.sin(PHI2)) / 2;
const C = Math.cos(PHI1) ** 2 + 2 * N * Math.sin(PHI1);
const RHO0 = Math.sqrt(C - 2 * N * Math.sin(PHI0)) / N;

/** [lon, lat] in degrees to [x, y] in miles (y downwards). */
export function project([lon, lat]: number[]): number[] {
  const rho = Math.sqrt(Math.max(0, C - 2 * N * Math.sin(lat! * RAD))) / N;
  const theta = N * (lon! * RAD - LAMBDA0);
  return [EARTH_MILES * rho * Math.sin(theta), -EARTH_MILES * (RHO0 - rho * Math.cos(theta))];
}

/** [x, y] in miles (y downwards) back to [lon, lat] in degrees. */
export function unproject([x, y]: number[]): number[] {
  const px = x! / EARTH_MILES;
  const py = -y! / EARTH_MILES;
  const dy = RHO0 - py;
  const rho = Math.sqrt(px * px + dy * dy);
  const theta = Math.atan2(px, dy);
  const s = Math.max(-1, Math.min(1, (C - rho * rho * N * N) / (2 * N)));
  return [(LAMBDA0 + theta / N) / RAD, Math.asin(s) / RAD];
}

/** The projection as ECharts' geo component takes it. */
export const ALBERS_USA = { project, unproject };

/** The lower 48 as [west, north] and [east, south]: the map's first view (the demo's markets are all there). */
export const LOWER_48: [[number, number], [number, number]] = [
  [-124.8, 49.4],
  [-66.9, 24.4],
];

/**
 * The points of a circle of `miles` around [lon, lat] on the sphere (great-circle destination points),
 * closed (the last point repeats the first): the radius drawn around a store.
 */
export function circlePolygon(lon: number, lat: number, miles: number, steps = 72): [number, number][] {
  const d = miles / EARTH_MILES;
  const phi = lat * RAD;
  const lambda = lon * RAD;
  const out: [number, number][] = [];
  for (let i = 0; i <= steps; i++) {
    const bearing = ((i % steps) / steps) * 2 * Math.PI;
    const phi2 = Math.asin(Math.sin(phi) * Math.cos(d) + Math.cos(phi) * Math.sin(d) * Math.cos(bearing));
    const lambda2 = lambda + Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(phi), Math.cos(d) - Math.sin(phi) * Math.sin(phi2));
    out.push([lambda2 / RAD, phi2 / RAD]);
  }
  return out;
}

/** Great-circle distance in miles (haversine), as the core measures "within R miles". */
export function distanceMiles(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const a =
    Math.sin(((lat2 - lat1) * RAD) / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(((lon2 - lon1) * RAD) / 2) ** 2;
  return 2 * EARTH_MILES * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Where the map looks: a centre in projected miles and a zoom relative to the lower-48 view. */
export interface MapView {
  center: number[];
  zoom: number;
}

/** Height of the lower-48 view in projected miles (what zoom 1 shows, top to bottom). */
const LOWER_48_HEIGHT = project([-96, LOWER_48[1][1]])[1]! - project([-96, LOWER_48[0][1]])[1]!;

/** A view centred on a point with a circle of `miles` taking about a quarter of the map's height. */
export function focusView(lon: number, lat: number, miles: number): MapView {
  const zoom = LOWER_48_HEIGHT / (miles * 2 * 4);
  return { center: project([lon, lat]), zoom: Math.max(1, Math.min(MAX_ZOOM, zoom)) };
}

export const MAX_ZOOM = 400;
