import { Bool, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import type { DuckDBResultReader, DuckDBType } from '@duckdb/node-api';
import { DuckDBTypeId } from '@duckdb/node-api';

/**
 * DuckDB result -> Arrow IPC stream, built with apache-arrow (DuckDB's arrow extension needs a download).
 *
 * Deliberate type mapping, so nothing crashes and nothing is silently rounded:
 * - BOOLEAN -> Bool; TINYINT..INTEGER and unsigned up to USMALLINT -> Int32; FLOAT/DOUBLE -> Float64.
 * - BIGINT, UBIGINT, HUGEINT, UINTEGER and DECIMAL -> Float64 when every value of the column has at most
 *   15 significant digits (exact in a double, cents included); otherwise Utf8 with the exact decimal text.
 *   Field metadata `ace.type` keeps the DuckDB type, so the renderer can format money and counts.
 * - DATE, TIMESTAMP -> Utf8 ISO text as stored (no time zone shifting in the renderer).
 * - Everything else (VARCHAR, JSON, LIST, STRUCT, ...) -> Utf8 (nested values as JSON text).
 */
const INT32_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
]);
const WIDE_NUMERIC_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.DECIMAL,
]);
const FLOAT_TYPES = new Set<DuckDBTypeId>([DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE]);

type Json = ReturnType<DuckDBResultReader['getColumnsJson']>[number][number];

function significantDigits(text: string): number {
  const digits = text.replace(/^-/, '').replace('.', '').replace(/^0+/, '');
  return digits.length;
}

function column(type: DuckDBType, values: Json[]): Vector {
  const id = type.typeId;
  if (id === DuckDBTypeId.BOOLEAN) return vectorFromArray(values as (boolean | null)[], new Bool());
  if (INT32_TYPES.has(id)) return vectorFromArray(values as (number | null)[], new Int32());
  if (FLOAT_TYPES.has(id)) {
    // DuckDB's JSON form writes NaN/Infinity as strings; keep them numeric.
    return vectorFromArray(
      values.map((v) => (v === null ? null : Number(v))),
      new Float64(),
    );
  }
  if (WIDE_NUMERIC_TYPES.has(id)) {
    const texts = values.map((v) => (v === null ? null : String(v)));
    const fitsDouble = texts.every((t) => t === null || significantDigits(t) <= 15);
    if (fitsDouble)
      return vectorFromArray(
        texts.map((t) => (t === null ? null : Number(t))),
        new Float64(),
      );
    return vectorFromArray(texts, new Utf8());
  }
  return vectorFromArray(
    values.map((v) => (v === null ? null : typeof v === 'string' ? v : JSON.stringify(v))),
    new Utf8(),
  );
}

export function readerToArrowIPC(reader: DuckDBResultReader): Uint8Array {
  const names = reader.columnNames();
  const types = reader.columnTypes();
  const cols = reader.getColumnsJson();
  const vectors: Record<string, Vector> = {};
  names.forEach((name, i) => {
    vectors[name] = column(types[i]!, cols[i] ?? []);
  });
  const table = new Table(vectors);
  // Keep the DuckDB type on each field for formatting (money, counts) in the renderer.
  table.schema.fields.forEach((field, i) => field.metadata.set('ace.type', types[i]!.toString()));
  return tableToIPC(table, 'stream');
}
