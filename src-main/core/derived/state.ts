import type { DbClient, Writer } from '../db/client';
import type { SqlParams } from '../db/protocol';
import { metaMergeSql } from '../lib/merge';
import { dropAll } from '../lib/drop';

type Query = <T>(sql: string, params?: SqlParams) => Promise<T[]>;

/** What is on disk of derived tables built together: how many exist, the version built, the first's rows. */
export interface DerivedState {
  /** Every one of the tables exists. */
  built: boolean;
  /** How many of them exist (a half-built set is dropped whole). */
  present: number;
  version: string | null;
  /** DuckDB's estimate of the first table's rows (0 when missing). */
  rows: number;
}

/** SQL counting how many of `tables` (names from code, never from input) exist in the workspace (not temporary). */
export function presentSql(tables: string[]): string {
  return `(SELECT count(*) FROM duckdb_tables() WHERE ${namedSql(tables)} AND NOT temporary)`;
}

function namedSql(tables: string[]): string {
  if (!tables.length || !tables.every((t) => /^[a-z_]+$/.test(t))) throw new Error(`Bad derived table names: ${tables.join(', ')}`);
  return `table_name IN (${tables.map((x) => `'${x}'`).join(', ')})`;
}

/**
 * The state of the derived `tables` (names from code, never from input) whose version is recorded in
 * ace_meta under `key`, through `query`: a reader's `db.rows`, or inside a transaction the writer's `w.run`.
 */
export async function derivedState(query: Query, tables: string[], key: string): Promise<DerivedState> {
  // One pass over the catalog's tables (on a lake each listing costs some 25 ms of catalog reads).
  const [t] = await query<{ n: unknown; v: string | null; rows: unknown }>(
    `SELECT count(*) FILTER (WHERE ${namedSql(tables)}) AS n,
            (SELECT value FROM ace_meta WHERE key = ?) AS v,
            max(estimated_size) FILTER (WHERE ${namedSql([tables[0]!])}) AS rows
     FROM duckdb_tables() WHERE NOT temporary`,
    [key],
  );
  const present = Number(t!.n);
  return { built: present === tables.length, present, version: t!.v, rows: Number(t!.rows ?? 0) };
}

/**
 * Derived tables seen ready, per database and key, at a count of its finished writes (DbClient.writes):
 * only a write can drop or outdate them, so until the next one the check need not run again (it cost
 * a few milliseconds of catalog queries on every pivot and count).
 */
const seenReady = new WeakMap<DbClient, Map<string, number>>();

/** True when `key`'s tables were seen ready and nothing has been written since. */
export const stillReady = (db: DbClient, key: string) => seenReady.get(db)?.get(key) === db.writes;

/** Records `key`'s tables as seen ready at `writes` (the count taken before the check that saw them). */
export function markReady(db: DbClient, key: string, writes: number): void {
  const m = seenReady.get(db) ?? new Map<string, number>();
  seenReady.set(db, m);
  m.set(key, writes);
}

/**
 * Builds derived `tables` on first use: unless they were seen ready since the last write, or are on disk at
 * `version` (recorded in ace_meta under `metaKey`), `build` makes them again in one transaction, the old ones
 * dropped first (a half-built set never stays). The people table, the replies' links, every entry's validity
 * and the fraud flags are built this way.
 */
export async function ensureDerived(
  db: DbClient,
  o: { tables: string[]; metaKey: string; version: string; build: (w: Writer) => Promise<void> },
): Promise<void> {
  // Reading a lake's snapshot: the tables as they stood then are the ones that were used (engine/snapshot.ts).
  if (db.snapshot !== null) return;
  const seen = `${o.metaKey}:${o.version}`;
  if (stillReady(db, seen)) return;
  const writes = db.writes;
  const ready = (s: DerivedState) => s.built && s.version === o.version;
  if (ready(await derivedState((sql, p) => db.rows(sql, p), o.tables, o.metaKey))) return markReady(db, seen, writes);
  await db.transaction(async (w) => {
    if (ready(await derivedState((sql, p) => w.run(sql, p), o.tables, o.metaKey))) return;
    await dropAll(w, o.tables);
    await o.build(w);
    await w.run(metaMergeSql([['?', '?']]), [o.metaKey, o.version]);
  });
}
