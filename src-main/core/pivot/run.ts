import { randomBytes } from 'node:crypto';
import { tableFromIPC } from 'apache-arrow';
import type { PivotFieldInfo, PivotFilter, PivotSpecParsed, SavedView } from '../../contract/pivot';
import { MAX_PIVOT_LINES, pivotSpec } from '../../contract/pivot';
import type { DbClient } from '../db/client';
import { AceError } from '../lib/errors';
import { Params } from '../lib/params';
import { customEntryColumns } from '../derived/custom-columns';
import { pivotTableEntries } from '../derived/pivot-table';
import { ensurePivotReady } from './ready';
import { pivotEstimateQuery } from './estimate';
import { builtInFields, relationSql, resolveField } from './fields';
import { filtersSql, pivotQuery } from './query';
import { mergeSql } from '../lib/merge';

/**
 * Below this many entries an exact pivot comes within a few hundred milliseconds: an estimate would
 * only flash before it. ACE_ESTIMATE_FROM_ENTRIES moves it (the browser tests estimate a small demo).
 */
const ESTIMATE_FROM_ENTRIES = /^\d+$/.test(process.env.ACE_ESTIMATE_FROM_ENTRIES ?? '')
  ? Number(process.env.ACE_ESTIMATE_FROM_ENTRIES)
  : 1_000_000;

/**
 * The pivot as Arrow IPC bytes (see PivotMeta in the contract for its columns). With `estimate`, a
 * pivot that the cube cannot answer comes back estimated from the sample (with lo/hi bound columns)
 * when the workspace is large ('when_slow') or always ('always'); the caller then asks for the exact
 * figures. Without it (exports, segments, the CLI), the figures are always exact.
 */
export async function runPivot(
  db: DbClient,
  spec: PivotSpecParsed,
  signal?: AbortSignal,
  estimate?: 'when_slow' | 'always',
): Promise<Uint8Array> {
  await ensurePivotReady(db, spec);
  const e = estimate ? pivotEstimateQuery(spec) : null;
  const q = e && (estimate === 'always' || (await pivotTableEntries(db)) >= ESTIMATE_FROM_ENTRIES) ? e : pivotQuery(spec);
  return withinLines(await db.arrow(q.sql, q.params, signal));
}

/** A pivot's Arrow bytes, refused when it has more lines than anyone reads (its query asks for one more). */
export function withinLines(bytes: Uint8Array): Uint8Array {
  if (tableFromIPC(bytes).numRows > MAX_PIVOT_LINES) {
    throw new AceError(
      'BAD_INPUT',
      `This pivot has more than ${MAX_PIVOT_LINES.toLocaleString('en-US')} lines. Add a filter, use top N, or move a field from rows to a filter.`,
    );
  }
  return bytes;
}

/** Built-in fields, then the custom attributes imported entries carry. */
export async function pivotFields(db: DbClient): Promise<PivotFieldInfo[]> {
  const custom = await customEntryColumns(db);
  return [...builtInFields(), ...custom.map((k) => ({ id: `attr:${k}`, label: k, kind: 'dimension' as const, group: 'Custom' as const }))];
}

/** A field's values with their entry counts under the other filters, most frequent first. */
export async function pivotValues(
  db: DbClient,
  input: { field: string; filters: PivotFilter[]; search?: string; limit: number },
): Promise<{ values: { value: string | null; entries: number }[]; more: boolean }> {
  const p = new Params();
  const field = resolveField(input.field, p);
  const filters = filtersSql(
    input.filters.filter((f) => f.field !== input.field),
    p,
  );
  await ensurePivotReady(db, input);
  const search = input.search ? `WHERE contains(lower(value), lower(${p.add(input.search)}))` : '';
  const rows = await db.rows<{ value: string | null; entries: unknown }>(
    `WITH vals AS (SELECT ${field.sql} AS v, count(*) AS entries FROM ${relationSql()} WHERE ${filters.where} GROUP BY 1)
     SELECT * FROM (SELECT (${field.fmt('v')})::VARCHAR AS value, entries FROM vals) ${search} ORDER BY entries DESC, value NULLS LAST LIMIT ${input.limit + 1}`,
    p.values,
  );
  return {
    values: rows.slice(0, input.limit).map((r) => ({ value: r.value, entries: Number(r.entries) })),
    more: rows.length > input.limit,
  };
}

const ROW_COLUMNS = `e.entry_id, strftime(e.entered_at, '%Y-%m-%d %H:%M:%S') AS entered_at, e.channel, e.keyword, k.media_buy_id, mb.name AS media_buy,
  'P' || lpad(to_hex(k.entrant), 16, '0') AS entrant_id, e.email, e.phone, e.first_name, e.last_name, e.zip, e.age,
  e.product_affinity, e.purchase_timeframe, e.email_opt_in, e.sms_opt_in, e.coupon_code, coalesce(k.rr_n, 0) AS redemptions, coalesce(k.rr_revenue, 0)::DOUBLE AS revenue`;

/** The entries behind a pivot cell (its filters plus the cell's values), a page at a time, as Arrow. */
export async function pivotRows(
  db: DbClient,
  input: { filters: PivotFilter[]; offset: number; limit: number },
  signal?: AbortSignal,
): Promise<Uint8Array> {
  await ensurePivotReady(db, input.filters);
  const p = new Params();
  const filters = filtersSql(input.filters, p);
  // The page's keys first (one scan of the flat table), then only those entries' details.
  return db.arrow(
    `WITH k AS (SELECT p.entry_key, p.entrant, p.media_buy_id, p.rr_n, p.rr_revenue, p.entered_at FROM ${relationSql()} WHERE ${filters.where}
                ORDER BY p.entered_at, p.entry_key LIMIT ${input.limit} OFFSET ${input.offset})
     SELECT ${ROW_COLUMNS} FROM k JOIN entries e ON ace_row_key(e.import_id, e.line) = k.entry_key LEFT JOIN media_buys mb ON mb.media_buy_id = k.media_buy_id
     ORDER BY k.entered_at, k.entry_key`,
    p.values,
    signal,
  );
}

export async function pivotCount(db: DbClient, input: { filters: PivotFilter[] }): Promise<{ entries: number }> {
  const p = new Params();
  const filters = filtersSql(input.filters, p);
  await ensurePivotReady(db, input.filters);
  const [r] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM ${relationSql()} WHERE ${filters.where}`, p.values);
  return { entries: Number(r!.n) };
}

export async function listViews(db: DbClient): Promise<SavedView[]> {
  const rows = await db.rows<{ view_id: string; name: string; spec: string; chart: string; updated_at: string }>(
    `SELECT view_id, name, spec::VARCHAR AS spec, chart, strftime(updated_at, '%Y-%m-%d %H:%M') AS updated_at FROM saved_views ORDER BY lower(name), view_id`,
  );
  return rows.flatMap((r) => {
    const spec = pivotSpec.safeParse(JSON.parse(r.spec));
    // A view saved by another version that this one cannot read is left out, not an error.
    return spec.success ? [{ viewId: r.view_id, name: r.name, spec: spec.data, chart: r.chart, updatedAt: r.updated_at }] : [];
  });
}

export async function saveView(
  db: DbClient,
  input: { viewId?: string; name: string; spec: PivotSpecParsed; chart: string },
): Promise<SavedView> {
  const viewId = input.viewId ?? `viw_${randomBytes(6).toString('hex')}`; // never starts with a dash (see saveSegment)
  await db.transaction(async (w) => {
    await w.run(
      mergeSql('saved_views', ['view_id'], [{ view_id: '?', name: '?', spec: '?', chart: '?' }], {
        set: { updated_at: 'now()::TIMESTAMP' },
      }),
      [viewId, input.name, JSON.stringify(input.spec), input.chart],
    );
  });
  return (await listViews(db)).find((v) => v.viewId === viewId)!;
}

export async function deleteView(db: DbClient, viewId: string): Promise<{ deleted: boolean }> {
  const n = await db.transaction(async (w) => {
    const [r] = await w.run<{ n: unknown }>(`SELECT count(*) AS n FROM saved_views WHERE view_id = ?`, [viewId]);
    await w.run(`DELETE FROM saved_views WHERE view_id = ?`, [viewId]);
    return Number(r!.n);
  });
  return { deleted: n > 0 };
}
