import { z } from 'zod';
import { pivotFilter } from './pivot';
import type { SegmentRule } from './segments';

/** Geography results (people at their zip's centre; stores at their own lat/lon, else their zip's). */

export type Counts = { value: string | null; people: number }[];

export interface ZipPoint {
  zip: string;
  lat: number;
  lon: number;
  people: number;
  redeemers: number;
  revenue: number;
}

/** A zip's figures over the entries matching the map's filters (each entry at its zip's centre). */
export interface ZipMeasures {
  zip: string;
  lat: number;
  lon: number;
  entries: number;
  people: number;
  redeemers: number;
  revenue: number;
  /** Spend allocated to these entries: each entry carries its media buy's cost per entry. */
  cost: number;
}

/** A market at the centre of its stores (else of its people), with its ROI figures. */
export interface MarketPoint {
  market: string;
  lat: number;
  lon: number;
  spend: number;
  entries: number;
  costPerEntry: number | null;
  roas: number | null;
}

export interface StoreSummary {
  store_id: string;
  name: string | null;
  zip: string | null;
  market: string | null;
  lat: number | null;
  lon: number | null;
  /** Where the position comes from: the store's own lat/lon, its zip's centre, or nowhere. */
  located: 'store' | 'zip' | null;
  responders: number;
  redeemers: number;
  /** Redemptions at this store and their revenue (by anyone). */
  redemptions: number;
  revenue: number;
}

export interface StoreView {
  store: StoreSummary;
  miles: number;
  responders: number;
  byAgeBand: Counts;
  byAffinity: Counts;
  byTimeframe: Counts;
  byChannel: Counts;
  /** Of the responders: who redeemed at this store, only at other stores, or not at all. */
  redemption: { atThisStore: number; elsewhereOnly: number; never: number };
  /** The segment rule for these responders: one click makes it a segment. */
  rule: SegmentRule;
}

/** The geography methods (spread into the method table). */
export const geoMethods = {
  /** Geography: people per zip (with its centre) and how many have no usable location. */
  'geo.zips': { input: z.object({}).strict(), result: 'json' },
  /** Each store: responders within `miles`, redeemers among them, the store's own redemptions. */
  'geo.stores': {
    input: z.object({ miles: z.number().positive().max(500).default(10), filters: z.array(pivotFilter).max(50).default([]) }).strict(),
    result: 'json',
  },
  /** Per zip over the entries matching Explore's filters: entries, people, redeemers, revenue, allocated spend. */
  'geo.measures': { input: z.object({ filters: z.array(pivotFilter).max(50).default([]) }).strict(), result: 'json' },
  /** State or county shapes (GeoJSON) from the workspace's reference tables; counties of one state or all. */
  'geo.shapes': {
    input: z
      .object({
        level: z.enum(['state', 'county']),
        state: z
          .string()
          .regex(/^[A-Z]{2}$/)
          .optional(),
      })
      .strict(),
    result: 'json',
  },
  /** Markets with their ROI cost per entry, at the centre of their stores. */
  'geo.markets': { input: z.object({}).strict(), result: 'json' },
  /** Every store's id and name, by name (for pickers), and whether it has a position a distance can be measured from. */
  'geo.storeNames': { input: z.object({}).strict(), result: 'json' },
  /** One store's responders within `miles`: who they are, and where they redeemed. */
  'geo.storeView': {
    input: z
      .object({
        storeId: z.string().min(1).max(200),
        miles: z.number().positive().max(500).default(10),
        filters: z.array(pivotFilter).max(50).default([]),
      })
      .strict(),
    result: 'json',
  },
} as const;

export interface GeoOutputs {
  'geo.zips': { zips: ZipPoint[]; noLocation: number; people: number };
  'geo.stores': StoreSummary[];
  'geo.storeView': StoreView;
  'geo.measures': { zips: ZipMeasures[]; noLocation: { entries: number; people: number }; total: { entries: number; people: number } };
  'geo.markets': MarketPoint[];
  'geo.storeNames': { storeId: string; name: string | null; located: boolean }[];
  'geo.shapes': { type: 'FeatureCollection'; features: unknown[] };
}
