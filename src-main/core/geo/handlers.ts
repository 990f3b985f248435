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
  'geo.shapes': async ({ level, state }, session) => shapes(session.requireDb(), level, state),
};
