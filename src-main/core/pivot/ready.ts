import type { DbClient } from '../db/client';
import { ensurePivotTable } from '../derived/pivot-table';
import { getRules } from '../rules/store';
import { ensureValidity } from '../rules/validity-table';

/** Fields read from the official rules' derived table (entry_validity), not from the flat table. */
const VALIDITY_FIELDS = new Set(['validity', 'invalid_reasons']);

/**
 * The field ids a pivot spec, a filter list or a segment rule names: the strings under `field`, `rows` and
 * `cols`, at any depth (a segment's entry conditions carry pivot filters).
 */
export function fieldsIn(x: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(x)) for (const v of x) fieldsIn(v, out);
  else if (x && typeof x === 'object')
    for (const [k, v] of Object.entries(x)) {
      if (k === 'field' && typeof v === 'string') out.add(v);
      else if ((k === 'rows' || k === 'cols') && Array.isArray(v)) {
        for (const f of v) if (typeof f === 'string') out.add(f);
      } else fieldsIn(v, out);
    }
  return out;
}

/**
 * Makes ready what a query over the flat table needs for `uses` (a spec, filters or a rule): the flat
 * table always; every entry's validity when a validity field is named (built once per rules version and
 * import, so the other pivots never wait for it).
 */
export async function ensurePivotReady(db: DbClient, uses?: unknown): Promise<void> {
  await ensurePivotTable(db);
  if ([...fieldsIn(uses)].some((f) => VALIDITY_FIELDS.has(f))) await ensureEntryValidity(db);
}

/** Every entry's validity under the latest rules (entry_validity), for queries that show it whatever they filter. */
export async function ensureEntryValidity(db: DbClient): Promise<void> {
  await ensureValidity(db, await getRules(db));
}
