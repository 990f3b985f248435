import type { DbClient } from './client';

/**
 * `read` as a function whose answer is kept per database until its next write or open (DbClient's counts): only
 * this process writes a DuckDB file (DuckDB locks it), so until then the answer stands. `tag` tells answers
 * for different arguments apart. On a lake other programs commit too: read each time there. Answers go in and
 * out as copies, so no caller changes what another gets.
 */
export function keptUntilWrite<A extends unknown[], T>(
  read: (db: DbClient, ...args: A) => Promise<T>,
  tag: (...args: A) => string = () => '',
): (db: DbClient, ...args: A) => Promise<T> {
  const seen = new WeakMap<DbClient, { writes: number; opens: number; tag: string; value: T }>();
  return async (db, ...args) => {
    const t = tag(...args);
    const hit = seen.get(db);
    if (db.engine === 'file' && hit && hit.writes === db.writes && hit.opens === db.opens && hit.tag === t)
      return structuredClone(hit.value);
    const { writes, opens } = db;
    const value = await read(db, ...args);
    if (db.engine === 'file') seen.set(db, { writes, opens, tag: t, value: structuredClone(value) });
    return value;
  };
}
