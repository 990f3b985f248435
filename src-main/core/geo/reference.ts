import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { DbClient } from '../db/client';
import { loadZipcodes, once } from '../lib/lazy';
import tzLookup from '@photostructure/tz-lookup';
import { codeRows } from '../lib/code-rows';
import { metaMergeSql } from '../lib/merge';

// Loaded with require: the built main process is an ES module, where Node refuses a JSON import
// without an import attribute (`ERR_IMPORT_ASSERTION_TYPE_MISSING`), so the desktop app would not start.
// Read when the reference rows are first made, not when the core loads: the shapes are 0.9 MB of JSON, ~15 ms of
// every start of the app, the `ace` command and the web host, most of which never need them.
const requireJson = createRequire(import.meta.url);

/**
 * Reference tables shipped with the app and loaded into each workspace once (versioned, so a newer
 * app refreshes them): US states and counties with their shapes (us-atlas, Census cartographic
 * boundaries, ISC) as GeoJSON text, and city, state and time zone on every zip centre (zipcodes, BSD; the
 * zone of the centre's coordinates from @photostructure/tz-lookup, CC0: a zip whose centre lies within a few
 * miles of a zone boundary can get the neighbouring zone).
 */
const VERSION = '2';

/** State FIPS code to USPS code. */
export const STATE_FIPS: Record<string, string> = {
  '01': 'AL',
  '02': 'AK',
  '04': 'AZ',
  '05': 'AR',
  '06': 'CA',
  '08': 'CO',
  '09': 'CT',
  '10': 'DE',
  '11': 'DC',
  '12': 'FL',
  '13': 'GA',
  '15': 'HI',
  '16': 'ID',
  '17': 'IL',
  '18': 'IN',
  '19': 'IA',
  '20': 'KS',
  '21': 'KY',
  '22': 'LA',
  '23': 'ME',
  '24': 'MD',
  '25': 'MA',
  '26': 'MI',
  '27': 'MN',
  '28': 'MS',
  '29': 'MO',
  '30': 'MT',
  '31': 'NE',
  '32': 'NV',
  '33': 'NH',
  '34': 'NJ',
  '35': 'NM',
  '36': 'NY',
  '37': 'NC',
  '38': 'ND',
  '39': 'OH',
  '40': 'OK',
  '41': 'OR',
  '42': 'PA',
  '44': 'RI',
  '45': 'SC',
  '46': 'SD',
  '47': 'TN',
  '48': 'TX',
  '49': 'UT',
  '50': 'VT',
  '51': 'VA',
  '53': 'WA',
  '54': 'WV',
  '55': 'WI',
  '56': 'WY',
  '60': 'AS',
  '66': 'GU',
  '69': 'MP',
  '72': 'PR',
  '78': 'VI',
};

type Props = { name: string };

function features(topo: unknown, object: string) {
  const t = topo as Topology;
  return feature(t, t.objects[object] as GeometryCollection<Props>).features;
}

/** The IANA time zone at a zip's centre, or null where it has no usable coordinates. */
function zoneOf(lat: number, lon: number): string | null {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || (lat === 0 && lon === 0)) return null;
  try {
    return tzLookup(lat, lon);
  } catch {
    return null;
  }
}

/** The reference rows, made once per process (about 0.15 s: shapes, 42,000 zips and their zones). */
const referenceRows = once(makeReferenceRows);

type Rows = ReturnType<typeof codeRows>;
const text = <K extends string>(names: K[]) => Object.fromEntries(names.map((n) => [n, 'VARCHAR'])) as Record<K, 'VARCHAR'>;

async function makeReferenceRows(): Promise<{ states: Rows; counties: Rows; zips: Rows }> {
  const states = requireJson('us-atlas/states-10m.json') as unknown;
  const counties = requireJson('us-atlas/counties-10m.json') as unknown;
  const stateRows = features(states, 'states').map((f) => ({
    state_fips: String(f.id),
    state: STATE_FIPS[String(f.id)] ?? null,
    name: f.properties.name,
    geojson: JSON.stringify(f.geometry),
  }));
  const countyRows = features(counties, 'counties').map((f) => {
    const fips = String(f.id);
    return {
      county_fips: fips,
      state_fips: fips.slice(0, 2),
      state: STATE_FIPS[fips.slice(0, 2)] ?? null,
      name: f.properties.name,
      geojson: JSON.stringify(f.geometry),
    };
  });
  const zipcodes = await loadZipcodes();
  const zips = Object.values(
    (
      zipcodes as unknown as {
        codes: Record<string, { zip: string; city: string; state: string; country: string; latitude: number; longitude: number }>;
      }
    ).codes,
  )
    .filter((c) => c.country === 'US' && /^\d{5}$/.test(c.zip))
    .map((z) => ({ zip: z.zip, city: z.city, state: z.state, tz: zoneOf(z.latitude, z.longitude) }));
  return {
    states: codeRows(text(['state_fips', 'state', 'name', 'geojson']), stateRows),
    counties: codeRows(text(['county_fips', 'state_fips', 'state', 'name', 'geojson']), countyRows),
    zips: codeRows(text(['zip', 'city', 'state', 'tz']), zips),
  };
}

export async function ensureReferenceTables(db: DbClient): Promise<void> {
  if (db.snapshot !== null) return; // as it stood at the snapshot read (engine/snapshot.ts)
  const [v] = await db.rows<{ v: string | null }>(`SELECT (SELECT value FROM ace_meta WHERE key = 'geo_reference') AS v`);
  if (v?.v === VERSION) return;
  const rows = await referenceRows();
  await db.transaction(async (w) => {
    await w.run(`CREATE OR REPLACE TABLE ref_states (state_fips VARCHAR PRIMARY KEY, state VARCHAR, name VARCHAR, geojson VARCHAR)`);
    await w.run(
      `CREATE OR REPLACE TABLE ref_counties (county_fips VARCHAR PRIMARY KEY, state_fips VARCHAR, state VARCHAR, name VARCHAR, geojson VARCHAR)`,
    );
    await w.run(`CREATE OR REPLACE TABLE ref_zip_places (zip VARCHAR PRIMARY KEY, city VARCHAR, state VARCHAR, tz VARCHAR)`);
    await w.run(`INSERT INTO ref_states ${rows.states.sql}`, rows.states.params);
    await w.run(`INSERT INTO ref_counties ${rows.counties.sql}`, rows.counties.params);
    await w.run(`INSERT INTO ref_zip_places ${rows.zips.sql}`, rows.zips.params);
    await w.run(metaMergeSql([[`'geo_reference'`, '?']]), [VERSION]);
  });
}

/** State or county shapes from the workspace, as a GeoJSON FeatureCollection. */
export async function shapes(
  db: DbClient,
  level: 'state' | 'county',
  state?: string,
): Promise<{ type: 'FeatureCollection'; features: unknown[] }> {
  await ensureReferenceTables(db);
  const rows =
    level === 'state'
      ? await db.rows<{ id: string; code: string | null; name: string; geojson: string }>(
          `SELECT state_fips AS id, state AS code, name, geojson FROM ref_states ORDER BY state_fips`,
        )
      : await db.rows<{ id: string; code: string | null; name: string; geojson: string }>(
          `SELECT county_fips AS id, state AS code, name, geojson FROM ref_counties WHERE $1::VARCHAR IS NULL OR state = $1 ORDER BY county_fips`,
          [state ?? null],
        );
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      id: r.id,
      properties: { name: r.name, state: r.code },
      geometry: JSON.parse(r.geojson) as unknown,
    })),
  };
}
