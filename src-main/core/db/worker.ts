/**
 * The DuckDB worker thread: owns the database instance, one writer connection and a small pool of
 * reader connections. The core talks to it only through db/client.ts.
 */
import { parentPort } from 'node:worker_threads';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readerToArrowIPC } from './arrow';
import { rowObjectsJson, runSql } from './rows';
import { forLake } from './lake-ddl';
import { ALLOCATOR_SETTINGS } from './memory';
import {
  NOT_OPEN,
  TEMPORARY_SETTINGS,
  type LakeOpen,
  type SqlParams,
  type WorkerErrorKind,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol';

if (!parentPort) throw new Error('db/worker.ts must run as a worker thread');
const port = parentPort;

let instance: DuckDBInstance | null = null;
let writer: DuckDBConnection | null = null;
const idleReaders: DuckDBConnection[] = [];
const running = new Map<number, DuckDBConnection>();
/** Requests cancelled before they started running (the cancel overtook them). */
const cancelledEarly = new Set<number>();

function send(msg: WorkerResponse, transfer?: ArrayBuffer[]): void {
  port.postMessage(msg, transfer ?? []);
}

function classify(e: unknown): { message: string; kind: WorkerErrorKind } {
  const message = e instanceof Error ? e.message : String(e);
  if (/Could not set lock on file|Conflicting lock/i.test(message)) return { message, kind: 'locked' };
  if (/INTERRUPT/i.test(message)) return { message, kind: 'interrupted' };
  if (/^Out of Memory Error/i.test(message)) return { message, kind: 'memory' };
  if (message === NOT_OPEN) return { message, kind: 'closed' };
  if (/not a valid DuckDB database|database file .* not valid|Serialization Error|Unrecognized/i.test(message)) {
    return { message, kind: 'invalid' };
  }
  return { message, kind: 'other' };
}

/** Set from a close until the next open: nothing new starts on a database about to close. */
let closing = false;
/** With a DuckLake open: every connection reads and writes it by default (USE is per connection). */
let lakeOpen = false;
/** Recorded as the author of every snapshot this process commits (DuckLake's commit message). */
let author = '';
/** The writer connection is inside BEGIN … COMMIT (a lake's statements outside one get their own). */
let inTransaction = false;
const LAKE = 'ace_lake';
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

async function reader(): Promise<DuckDBConnection> {
  if (!instance || closing) throw new Error(NOT_OPEN);
  const idle = idleReaders.pop();
  if (idle) return idle;
  const conn = await instance.connect();
  if (lakeOpen) await conn.run(`USE ${LAKE}`);
  return conn;
}

/**
 * A DuckLake in an in-memory DuckDB (which holds only temporary tables): the extension loaded from the
 * folder the app ships, never downloaded (autoinstall and autoload off), the lake attached and made the default.
 */
async function openLake(lake: LakeOpen, resources: Record<string, string>): Promise<void> {
  instance = await DuckDBInstance.create(':memory:', {
    ...resources,
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    extension_directory: lake.extensionsDir,
    temp_directory: `${lake.dataPath}.tmp-${process.pid}`,
  });
  writer = await instance.connect();
  await writer.run('LOAD ducklake');
  // DuckLake keeps the data folder's path in the catalog and refuses another one at ATTACH ("does not match existing
  // data path"). Ours is where this program finds the folder: beside a local lake's catalog (location.ts), or the
  // team lake file's dataPath, relative to that file. A local lake moved or copied with its .files folder, and a
  // team member whose shared folder is mounted at another path, open it there; the files are named relative to it.
  const options = `DATA_INLINING_ROW_LIMIT 1000, OVERRIDE_DATA_PATH true`;
  if ('file' in lake.catalog) {
    await writer.run(`ATTACH ${quote(`ducklake:${lake.catalog.file}`)} AS ${LAKE} (DATA_PATH ${quote(lake.dataPath)}, ${options})`);
  } else {
    // The password goes into in-memory secrets (never persisted, never in a connection string an error could
    // repeat); DuckLake reaches its catalog through them.
    const pg = lake.catalog.postgres;
    await writer.run('LOAD postgres_scanner');
    await writer.run(
      `CREATE OR REPLACE TEMPORARY SECRET ace_pg (TYPE postgres, HOST ${quote(pg.host)}, PORT ${Number(pg.port)}, DATABASE ${quote(pg.database)}, USER ${quote(pg.user)}, PASSWORD ${quote(pg.password)})`,
    );
    await writer.run(
      `CREATE OR REPLACE TEMPORARY SECRET ace_lake_secret (TYPE ducklake, METADATA_PATH '', DATA_PATH ${quote(lake.dataPath)},
       METADATA_PARAMETERS MAP {'TYPE': 'postgres', 'SECRET': 'ace_pg'})`,
    );
    await writer.run(
      `ATTACH 'ducklake:ace_lake_secret' AS ${LAKE} (${options}${pg.schema ? `, METADATA_SCHEMA ${quote(pg.schema)}` : ''})`,
    );
  }
  await writer.run(`USE ${LAKE}`);
  lakeOpen = true;
  author = lake.author;
}

function release(conn: DuckDBConnection): void {
  if (instance && idleReaders.length < 4) idleReaders.push(conn);
  else conn.closeSync();
}

function bind(params?: SqlParams): SqlParams | undefined {
  return params && params.length > 0 ? params : undefined;
}

function closeAll(): void {
  for (const c of idleReaders.splice(0)) c.closeSync();
  writer?.closeSync();
  writer = null;
  instance?.closeSync();
  instance = null;
}

async function handle(req: WorkerRequest): Promise<unknown> {
  switch (req.op) {
    case 'open': {
      closeAll();
      closing = false;
      lakeOpen = false;
      inTransaction = false;
      // The same memory limit, allocator settings and threads for a file and a lake.
      const resources = {
        memory_limit: req.memoryLimit,
        ...ALLOCATOR_SETTINGS,
        ...(req.threads ? { threads: String(req.threads) } : {}),
      };
      if (req.lake) await openLake(req.lake, resources);
      else {
        // Spills go to DuckDB's default temporary folder, `<path>.tmp`.
        instance = await DuckDBInstance.create(req.path, resources);
        writer = await instance.connect();
      }
      return null;
    }
    case 'close':
      // Closing under a running query throws inside DuckDB's native callback, which no JS catch can
      // take (the process aborts with "terminate called after throwing an instance of 'Napi::Error'"):
      // interrupt what still runs and let it end first.
      closing = true;
      for (const conn of running.values()) conn.interrupt();
      await Promise.allSettled([...inflight]);
      closeAll();
      return null;
    case 'rows':
    case 'arrow': {
      const conn = await reader();
      running.set(req.id, conn);
      try {
        if (cancelledEarly.delete(req.id)) throw new Error('INTERRUPT Error: Interrupted!');
        if (req.op === 'rows') return rowObjectsJson(await runSql(conn, req.sql, bind(req.params)));
        return readerToArrowIPC(await conn.runAndReadAll(req.sql, bind(req.params)));
      } finally {
        running.delete(req.id);
        release(conn);
      }
    }
    case 'write': {
      if (!writer || closing) throw new Error(NOT_OPEN);
      const conn = writer;
      running.set(req.id, conn);
      // DuckDB reports a long statement's progress; pass it on while it runs.
      const timer = req.progress
        ? setInterval(() => {
            const p = conn.progress.percentage;
            if (p >= 0) send({ id: req.id, progress: { percentage: p } });
          }, 200)
        : null;
      // A block of statements may change a setting for its run (TEMPORARY_SETTINGS, Writer.temporarily); they are not
      // transactional, and in a transaction a failure aborted they cannot be reset until the rollback: put back then.
      const rollback = /^\s*(ROLLBACK|ABORT)\b/i.test(req.sql);
      try {
        if (!lakeOpen) {
          const result = await runSql(conn, req.sql, bind(req.params));
          return result.columnCount > 0 ? rowObjectsJson(result) : [];
        }
        // On a lake each transaction is one snapshot, and it says who made it ("updated by another user"): a
        // statement outside a transaction gets one of its own.
        const sql = req.sql.trim();
        const begin = /^BEGIN\b/i.test(sql);
        const end = /^(COMMIT|ROLLBACK|ABORT)\b/i.test(sql);
        const own = !inTransaction && !begin && !end && !/^CHECKPOINT\b/i.test(sql);
        const signed = () => conn.run(`CALL ${LAKE}.set_commit_message(${quote(author)}, 'ACE Workstation')`);
        try {
          if (own) {
            await conn.run('BEGIN TRANSACTION');
            await signed();
          }
          const result = await runSql(conn, forLake(req.sql), bind(req.params));
          if (begin) {
            inTransaction = true;
            await signed();
          }
          if (own) await conn.run('COMMIT');
          if (end) inTransaction = false;
          return result.columnCount > 0 ? rowObjectsJson(result) : [];
        } catch (e) {
          if (own) await conn.run('ROLLBACK').catch(() => undefined);
          if (end) inTransaction = false;
          throw e;
        }
      } finally {
        if (timer) clearInterval(timer);
        running.delete(req.id);
        // Even when the rollback itself failed (there was nothing to roll back).
        if (rollback) for (const { reset } of Object.values(TEMPORARY_SETTINGS)) await conn.run(reset).catch(() => undefined);
      }
    }
    case 'cancel': {
      const conn = running.get(req.target);
      if (conn) conn.interrupt();
      else if (req.target > 0) {
        cancelledEarly.add(req.target);
        if (cancelledEarly.size > 1000) cancelledEarly.delete(cancelledEarly.values().next().value!);
      }
      return null;
    }
  }
}

/** Queries and statements still running (a close waits for them). */
const inflight = new Set<Promise<unknown>>();

port.on('message', (req: WorkerRequest) => {
  const work = handle(req);
  if (req.op === 'rows' || req.op === 'arrow' || req.op === 'write') {
    inflight.add(work);
    void work.then(
      () => inflight.delete(work),
      () => inflight.delete(work),
    );
  }
  work.then(
    (value) => {
      if (value instanceof Uint8Array) {
        const copy = value.slice();
        send({ id: req.id, ok: true, value: copy }, [copy.buffer as ArrayBuffer]);
      } else send({ id: req.id, ok: true, value });
    },
    (e: unknown) => send({ id: req.id, ok: false, error: classify(e) }),
  );
});
