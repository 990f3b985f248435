import { createHash } from 'node:crypto';
import type { PivotSpecParsed } from '../../contract/pivot';
import type { DbClient } from '../db/client';
import { cubeAggregates } from '../derived/pivot-table';
import { ensurePivotReady } from './ready';
import { Params } from '../lib/params';
import { resolveField } from './fields';
import { cubeMeasure, filtersSql, pivotQuery, pivotShape } from './query';
import { CUBE_COLUMNS } from '../../contract/cube';
import { withinLines } from './run';

/**
 * Linked views: while a date range is brushed on Explore's timeline, the pivot and its chart follow
 * every move. Re-running the pivot with the range would scan every entry each time (100-400 ms at 10M);
 * instead, the first move pre-aggregates the pivot's own fields by day over its other filters, once
 * (as Mosaic pre-aggregates per view): an index of a few thousand rows, with the cube's sums, in an
 * in-memory scratch database. Each move then adds up the days in range from it, in milliseconds,
 * through the same query as the cube (exact: sums add up, and min/max of minima/maxima are exact).
 *
 * Only pivots the cube's sums can answer (entries, redemptions, money, rates, age statistics; fields of
 * the flat table, not custom attributes) are indexed; others are run exactly with the range (slower).
 * An index belongs to one data version: any write to the workspace makes the next move build a new one.
 *
 * A small index goes to the renderer whole (brushIndexTable): it then answers each move itself
 * (lib/brushIndex.ts), with no request per move; a large one, or top N (whose values change with the
 * range), stays here and each move asks.
 */
const SCRATCH = 'ace_scratch';
/** Indexes kept per database (the pivots most recently brushed). */
const KEEP = 4;

interface Index {
  table: string;
  writes: number;
}
const indexes = new WeakMap<DbClient, Map<string, Index>>();

/** The flat-table columns the pivot's rows and columns read, or null when one is not a plain column. */
function indexColumns(spec: PivotSpecParsed): string[] | null {
  const cols = new Set<string>();
  for (const id of [...spec.rows, ...spec.cols]) {
    const m = /^p\.([a-z_0-9]+)$/.exec(resolveField(id, new Params()).sql);
    if (!m || id.startsWith('attr:')) return null;
    cols.add(m[1]!);
  }
  return [...cols];
}

/** True when every brush move of this pivot can be answered from an index. */
export function brushable(spec: PivotSpecParsed): boolean {
  return indexColumns(spec) !== null && spec.measures.every((m) => cubeMeasure(m) !== null);
}

async function ensureIndex(db: DbClient, spec: PivotSpecParsed, cols: string[]): Promise<string> {
  const byKey = indexes.get(db) ?? new Map<string, Index>();
  indexes.set(db, byKey);
  const key = createHash('sha256')
    .update(JSON.stringify([cols, spec.filters]))
    .digest('hex')
    .slice(0, 16);
  const hit = byKey.get(key);
  if (hit && hit.writes === db.writes) {
    // Most recently used last.
    byKey.delete(key);
    byKey.set(key, hit);
    return hit.table;
  }
  const writes = db.writes;
  const table = `${SCRATCH}.brush_${key}_${writes}`;
  const p = new Params();
  const where = filtersSql(spec.filters, p).where;
  await db.rows(`ATTACH IF NOT EXISTS ':memory:' AS ${SCRATCH}`);
  // The day stands in for the entry time (the range filter compares whole days).
  await db.rows(
    `CREATE TABLE IF NOT EXISTS ${table} AS
     SELECT ${[...cols.map((c) => `p.${c}`), 'p.day AS entered_at'].join(', ')}, ${cubeAggregates()}
     FROM pivot_entries p WHERE ${where} GROUP BY ALL`,
    p.values,
  );
  byKey.set(key, { table, writes });
  for (const [k, old] of [...byKey].slice(0, Math.max(0, byKey.size - KEEP))) {
    byKey.delete(k);
    await db.rows(`DROP TABLE IF EXISTS ${old.table}`);
  }
  return table;
}

/**
 * The pivot `spec` (its filters without the brushed range) limited to entries from `from` to `to`
 * (days, inclusive), as pivot.run returns it.
 */
export async function brushPivot(
  db: DbClient,
  spec: PivotSpecParsed,
  range: { from: string; to: string },
  signal?: AbortSignal,
): Promise<Uint8Array> {
  await ensurePivotReady(db, spec);
  const ranged = { ...spec, filters: [{ field: 'entry_day' as const, op: 'between' as const, from: range.from, to: range.to }] };
  const q = brushable(spec)
    ? pivotQuery(ranged, { summary: await ensureIndex(db, spec, indexColumns(spec)!) })
    : pivotQuery({ ...spec, filters: [...spec.filters, ...ranged.filters] });
  return withinLines(await db.arrow(q.sql, q.params, signal));
}

/** Most index rows sent to the renderer (a few MB of Arrow): a larger index answers each move here. */
export const BRUSH_INDEX_ROWS = 20_000;

/** The answer when the renderer must ask for each move: one row with the reason. */
const noIndex = (db: DbClient, reason: string) => db.arrow(`SELECT ?::VARCHAR AS ace_no_index`, [reason]);

/**
 * A pivot's brush index as the renderer reads it, in day order: each key as the pivot shows it (r0..,
 * c0.., text) with its place in the pivot's order (o_r0.., 1 first, empty last), the day, and the cube's
 * columns (contract/cube.ts) as DOUBLE (whole numbers, exact to 2^53). Or `ace_no_index` with why not.
 */
export async function brushIndexTable(db: DbClient, spec: PivotSpecParsed, maxRows = BRUSH_INDEX_ROWS): Promise<Uint8Array> {
  await ensurePivotReady(db, spec);
  if (!brushable(spec)) return noIndex(db, 'a measure or field the index cannot sum');
  const table = await ensureIndex(db, spec, indexColumns(spec)!);
  if (spec.topN) return noIndex(db, 'top N values change with the range');
  const [size] = await db.rows<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table}`);
  if (size!.n > maxRows) return noIndex(db, `more than ${maxRows} rows`);
  const p = new Params();
  const shape = pivotShape(spec, p);
  const keys = shape.keys.map(
    (k, i) => `(${shape.fmtOf[i]!(k)})::VARCHAR AS ${k}, (dense_rank() OVER (ORDER BY ${k} NULLS LAST))::INTEGER AS o_${k}`,
  );
  return db.arrow(
    `WITH k AS (SELECT ${[...shape.dims, 'p.entered_at', ...CUBE_COLUMNS.map((c) => `p.${c}`)].join(', ')} FROM ${table} p)
     SELECT ${[...keys, 'entered_at::VARCHAR AS day', ...CUBE_COLUMNS.map((c) => `${c}::DOUBLE AS ${c}`)].join(', ')}
     FROM k ORDER BY day`,
    p.values,
  );
}
