/** Messages between the core and its DuckDB worker thread. */
export type SqlParams = (string | number | boolean | null)[];

/**
 * DuckDB settings the writer connection changes for a block of statements only (Writer.temporarily in db/client.ts).
 * None is transactional, and after a statement failed inside a transaction DuckDB refuses to change them until the
 * rollback: the worker resets every one of them after each ROLLBACK (db/worker.ts).
 */
export const TEMPORARY_SETTINGS = {
  /**
   * Rows written as DuckDB's threads finish them instead of in scan order: less memory and time for a big INSERT or
   * CREATE TABLE AS, where nothing reads the table in its stored order. Other statements number rows by the order
   * they were read in (an import's staged lines), so it must never outlive its block.
   */
  unordered: { set: 'SET SESSION preserve_insertion_order = false', reset: 'RESET SESSION preserve_insertion_order' },
  /**
   * DuckDB's choice of which side of a join to hash turned off (joins hash their right side, as written). Global:
   * readers' queries meanwhile plan without it (a plan, never an answer, changes).
   */
  noSideSwap: { set: "SET disabled_optimizers = 'build_side_probe_side'", reset: 'RESET disabled_optimizers' },
} as const;
export type TemporarySetting = keyof typeof TEMPORARY_SETTINGS;

export interface Statement {
  sql: string;
  params?: SqlParams;
}

export type WorkerRequest =
  /**
   * A DuckDB file at `path`, or with `lake` a DuckLake (its catalog and data folder; extensions loaded from `extensionsDir`);
   * DuckDB's memory kept within `memoryLimit` (db/memory.ts), its queries on `threads` threads (db/threads.ts; else every core).
   */
  | { id: number; op: 'open'; path: string; lake?: LakeOpen; memoryLimit: string; threads?: number }
  | { id: number; op: 'close' }
  /** Read query on a pooled reader connection: rows as JSON-safe objects (BIGINT/DECIMAL as strings, dates ISO). */
  | { id: number; op: 'rows'; sql: string; params?: SqlParams }
  /** Read query on a pooled reader connection: Arrow IPC stream bytes. */
  | { id: number; op: 'arrow'; sql: string; params?: SqlParams }
  /** A statement on the single writer connection (the client serialises writer sessions). */
  | { id: number; op: 'write'; sql: string; params?: SqlParams; progress?: boolean }
  | { id: number; op: 'cancel'; target: number };

export interface LakeOpen {
  /** The catalog: a local DuckDB file, or a PostgreSQL database (its password only here, in memory). */
  catalog:
    { file: string } | { postgres: { host: string; port: number; database: string; user: string; schema?: string; password: string } };
  dataPath: string;
  extensionsDir: string;
  /** Who commits: recorded as the author of each snapshot this process makes. */
  author: string;
}

/** 'closed': no database is open (a request that raced a workspace closing or switching). */
export type WorkerErrorKind = 'locked' | 'interrupted' | 'invalid' | 'memory' | 'closed' | 'other';

/** What the worker answers a request when no database is open, or while one is closing. */
export const NOT_OPEN = 'No database is open';

export type WorkerResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { message: string; kind: WorkerErrorKind } }
  /** DuckDB's own progress of a long statement, 0..100. */
  | { id: number; progress: { percentage: number } };
