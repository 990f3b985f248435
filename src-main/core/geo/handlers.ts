import type { GeoOutputs } from '../../contract/geo';
import type { HandlerTable } from '../handler-types';
import { marketPoints, zipMeasures } from './measures';
import { shapes } from './reference';
import { peopleByZip, storeSummary, storeView } from './stores';

/** The geography methods' handlers (spread into the handler table). */
export const geoHandlers: Pick<HandlerTable, keyof GeoOutputs> = {
  'geo.zips': async (_i, session) => peopleByZip(session.requireDb()),
  'geo.stores': async ({ miles, filters }, session) => storeSummary(session.requireDb(), miles, filters),
  'geo.storeView': async ({ storeId, miles, filters }, session) => storeView(session.requireDb(), storeId, miles, filters),
  'geo.measures': async ({ filters }, session) => zipMeasures(session.requireDb(), filters),
  'geo.markets': async (_i, session) => marketPoints(session.requireDb()),
  'geo.storeNames': async (_i, session) =>
    (
      await session.requireDb().rows<{ store_id: string; name: string | null; located: boolean }>(
        `SELECT s.store_id, s.name, (coalesce(s.lat, z.lat) IS NOT NULL) AS located
         FROM stores s LEFT JOIN zip_centroids z ON z.zip = s.zip ORDER BY lower(coalesce(s.name, s.store_id)), s.store_id`,
      )
    ).map((r) => ({ storeId: r.store_id, name: r.name, located: r.located })),
  'geo.shapes': async ({ level, state }, session) => shapes(session.requireDb(), level, state),
};
