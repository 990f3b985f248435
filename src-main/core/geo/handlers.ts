import type { GeoOutputs } from '../../contract/geo';
import type { HandlerTable } from '../handlers';
import { peopleByZip, storeSummary, storeView } from './stores';

/** The geography methods' handlers (spread into the handler table). */
export const geoHandlers: Pick<HandlerTable, keyof GeoOutputs> = {
  'geo.zips': async (_i, session) => peopleByZip(session.requireDb()),
  'geo.stores': async ({ miles }, session) => storeSummary(session.requireDb(), miles),
  'geo.storeView': async ({ storeId, miles }, session) => storeView(session.requireDb(), storeId, miles),
};
