/** Messages between the core and its DuckDB worker thread. */
export type SqlParams = (string | number | boolean | null)[];

export interface Statement {
  sql: string;
  params?: SqlParams;
}

export type WorkerRequest =
  | { id: number; op: 'open'; path: string }
  | { id: number; op: 'close' }
  /** Read query: rows as JSON-safe objects (BIGINT/DECIMAL as strings, dates ISO). */
  | { id: number; op: 'rows'; sql: string; params?: SqlParams }
  /** Read query: Arrow IPC stream bytes. */
  | { id: number; op: 'arrow'; sql: string; params?: SqlParams }
  /** Writes: the statements run in one transaction on the single writer connection. */
  | { id: number; op: 'tx'; statements: Statement[]; progress?: boolean }
  | { id: number; op: 'cancel'; target: number };

export type WorkerResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { message: string; kind: 'locked' | 'interrupted' | 'invalid' | 'other' } }
  | { id: number; progress: { done: number; total: number } };
