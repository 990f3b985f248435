import { randomBytes } from 'node:crypto';
import { SYNC_OPS, type SyncExample, type SyncOp, type SyncPreview, type SyncReason } from '../../contract/sync';
import type { DbClient } from '../db/client';
import type { SqlParams } from '../db/protocol';
import { addLease } from '../deliver/lease';
import { firstRequest } from './first-request';
import type { ConnectorConfig } from '../../contract/deliver';
import { currentSnapshot } from '../engine/snapshot';
import { AceError } from '../lib/errors';
import { Params } from '../lib/params';
import { userName } from '../lib/paths';
import { resolveSegment, type SegmentVersion } from '../segments/resolve';
import { where } from '../segments/run';
import { diffSql } from './diff-sql';
import { localNow } from '../deliver/schedule';
import { unfinishedRuns, type SyncRow } from './store';

/** The run's difference as SQL over the segment's latest version (sync follows the segment as it changes). */
async function diffOf(db: DbClient, sync: SyncRow): Promise<{ seg: SegmentVersion; sql: string; params: SqlParams }> {
  const seg = await resolveSegment(db, sync.segmentId);
  const p = new Params();
  const w = await where(db, seg.rule, p);
  return {
    seg,
    sql: diffSql({ syncId: sync.syncId, where: w, channel: sync.channel, fields: sync.fields, mode: sync.mode }, p),
    params: p.values,
  };
}

const EXAMPLES_PER_KIND = 3;

/** How many of each kind, by reason; the list's size; the guard. */
async function countsOf(
  db: DbClient,
  sync: SyncRow,
  q: (sql: string, params: SqlParams) => Promise<Record<string, unknown>[]>,
  from: string,
  params: SqlParams,
) {
  const rows = await q(`SELECT op, reason, count(*) AS n FROM ${from} GROUP BY ALL`, params);
  const by = { add: 0, update: 0, remove: 0, unchanged: 0, kept: 0 };
  const reasons: Partial<Record<SyncReason, number>> = {};
  for (const r of rows) {
    by[r.op as keyof typeof by] += Number(r.n);
    if (r.op !== 'unchanged') reasons[r.reason as SyncReason] = (reasons[r.reason as SyncReason] ?? 0) + Number(r.n);
  }
  const [l] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM sync_state WHERE sync_id = $1`, [sync.syncId]);
  const listSize = Number(l!.n);
  const removeShare = listSize ? by.remove / listSize : 0;
  return {
    by,
    reasons,
    listSize,
    guard: { removeShare, limitPct: sync.guardPct, trips: by.remove > 0 && removeShare * 100 > sync.guardPct },
  };
}

/** What the next run would do, and why; the first request as it would be sent. Nothing is recorded. */
export async function previewSync(db: DbClient, sync: SyncRow, config: ConnectorConfig): Promise<SyncPreview> {
  const { seg, sql, params } = await diffOf(db, sync);
  const { by, reasons, listSize, guard } = await countsOf(db, sync, (s, p) => db.rows(s, p), `(${sql})`, params);
  const ex = await db.rows<{
    op: SyncOp | 'kept';
    contact_id: string;
    address: string;
    previous_address: string | null;
    reason: SyncReason;
    fields: string | null;
  }>(
    `SELECT op, contact_id, address, previous_address, reason, fields FROM (${sql}) WHERE op <> 'unchanged'
     QUALIFY row_number() OVER (PARTITION BY op ORDER BY entrant) <= ${EXAMPLES_PER_KIND}
     ORDER BY CASE op WHEN 'remove' THEN 0 WHEN 'update' THEN 1 WHEN 'add' THEN 2 ELSE 3 END, entrant`,
    params,
  );
  const examples: SyncExample[] = ex.map((e) => ({
    op: e.op,
    contactId: e.contact_id,
    address: e.address,
    previousAddress: e.previous_address,
    reason: e.reason,
  }));
  // The first batch as it would go (removals first, then updates, then adds), with its sample contacts.
  const firstOp = SYNC_OPS.find((op) => by[op] > 0);
  const first = firstOp
    ? firstRequest(
        config,
        firstOp,
        ex
          .filter((e) => e.op === firstOp)
          .map((e) => ({
            contactId: e.contact_id,
            address: e.address,
            previousAddress: e.previous_address,
            fields: firstOp === 'remove' || !e.fields ? {} : (JSON.parse(e.fields) as Record<string, string | null>),
          })),
        {
          syncId: sync.syncId,
          runId: '(assigned on run)',
          list: sync.name,
          segment: { id: seg.id, name: seg.name, version: seg.version },
          channel: sync.channel,
          batchNumber: 1,
          batchCount: 1,
          idempotencyKey: '(assigned on run)-b1',
        },
        sync.fields,
      )
    : null;
  return {
    syncId: sync.syncId,
    segment: { id: seg.id, name: seg.name, version: seg.version },
    mode: sync.mode,
    listSize,
    add: by.add,
    update: by.update,
    remove: by.remove,
    unchanged: by.unchanged,
    kept: by.kept,
    reasons,
    examples,
    guard,
    firstRequest: first,
  };
}

/**
 * Plans a run in one transaction before anything is sent: its operations (removals, updates, adds), numbered
 * batches with stable idempotency keys, and a lease. Refused while an earlier run of the sync has batches to
 * send (they would be planned twice), and when the removals trip the guard without `confirmRemovals`.
 */
export async function planSyncRun(db: DbClient, sync: SyncRow, o: { confirmRemovals?: boolean; batchSize: number }): Promise<string> {
  const [open] = await unfinishedRuns(db, sync.syncId);
  if (open)
    throw new AceError(
      'BAD_INPUT',
      `Run ${open.run_id} of "${sync.name}" did not finish: resume it first (Resume in Deliver > Audience sync, or ace sync --resume), so nothing is sent twice.`,
    );
  const { seg, sql, params } = await diffOf(db, sync);
  const runId = `syr_${new Date().toISOString().slice(0, 10).replace(/-/g, '')}_${randomBytes(6).toString('hex')}`;
  await db.transaction(async (w) => {
    const snapshot = await currentSnapshot(db, w);
    await w.run(`CREATE OR REPLACE TEMP TABLE sync_plan AS ${sql}`, params);
    const { by, guard, listSize } = await countsOf(db, sync, (s, p) => w.run(s, p), 'sync_plan', []);
    if (guard.trips && !o.confirmRemovals)
      throw new AceError(
        'NEEDS_CHOICE',
        `This run would remove ${by.remove} of the ${listSize} people on "${sync.name}" (${(guard.removeShare * 100).toFixed(1)}%), more than its guard of ${sync.guardPct}%. If an import went wrong, fix it first; to remove them anyway, confirm the removals (ace sync: --confirm-removals).`,
        { question: 'confirmRemovals', remove: by.remove, removeShare: guard.removeShare, limitPct: sync.guardPct },
      );
    // Batches: removals first (an address moving to someone else is freed first), then updates, then adds.
    await w.run(
      `INSERT INTO sync_ops
       SELECT $1, dense_rank() OVER (ORDER BY k, (n - 1) // $2), op, entrant, contact_id, address, previous_address, fields::JSON, print, consent_at, reason, 'pending', NULL
       FROM (SELECT *, CASE op WHEN 'remove' THEN 0 WHEN 'update' THEN 1 ELSE 2 END AS k, row_number() OVER (PARTITION BY op ORDER BY entrant) AS n
             FROM sync_plan WHERE op IN ('add', 'update', 'remove'))`,
      [runId, o.batchSize],
    );
    await w.run(
      `INSERT INTO sync_batches SELECT run_id, batch, any_value(op), run_id || '-b' || batch, count(*), 'pending', 0, NULL, NULL
       FROM sync_ops WHERE run_id = $1 GROUP BY run_id, batch`,
      [runId],
    );
    await addLease(w, runId);
    await w.run(
      `INSERT INTO sync_runs (run_id, sync_id, segment_version, status, planned, last_error, snapshot, started_by, seq)
       VALUES ($1, $2, $3, 'sending', $4::JSON, NULL, $5, $6, (SELECT coalesce(max(seq), 0) + 1 FROM sync_runs WHERE sync_id = $2))`,
      [
        runId,
        sync.syncId,
        seg.version,
        JSON.stringify({ remove: by.remove, update: by.update, add: by.add, unchanged: by.unchanged }),
        snapshot,
        userName(),
      ],
    );
    // A sync on a schedule runs next a whole period after this run, however it was started.
    await w.run(
      `UPDATE syncs SET next_run_at = $2::TIMESTAMP + every_hours * INTERVAL 1 HOUR WHERE sync_id = $1 AND every_hours IS NOT NULL`,
      [sync.syncId, localNow()],
    );
    await w.run(`DROP TABLE sync_plan`);
  });
  return runId;
}
