import { randomBytes } from 'node:crypto';
import { connectorConfig, type ConnectorConfig } from '../../contract/deliver';
import type { PushChannel, PushField } from '../../contract/deliver';
import { syncSaveInput, type SyncInfo, type SyncMode, type SyncOp, type SyncRunInfo, type SyncSaveInput } from '../../contract/sync';
import type { DbClient } from '../db/client';
import { targetOf } from '../deliver/connectors';
import { AceError } from '../lib/errors';
import { mergeSql } from '../lib/merge';
import { resolveSegment } from '../segments/resolve';
import { localNow } from '../deliver/schedule';

/** A saved sync as the run reads it. */
export interface SyncRow {
  syncId: string;
  name: string;
  segmentId: string;
  channel: PushChannel;
  fields: PushField[];
  connectorId: string;
  mode: SyncMode;
  guardPct: number;
  batchSize: number | null;
}

/** Connectors an audience sync can use (they implement syncBatch). */
export const SYNC_CONNECTORS = ['webhook', 'csv', 'sendgrid', 'mailchimp'] as const;

async function connectorKind(db: DbClient, connectorId: string): Promise<{ kind: string; target: string; config: ConnectorConfig }> {
  const [c] = await db.rows<{ config: string }>(`SELECT config::VARCHAR AS config FROM connectors WHERE connector_id = $1`, [connectorId]);
  if (!c) throw new AceError('NOT_FOUND', `There is no connector ${connectorId}. Add one in Deliver > Connectors.`);
  const config = connectorConfig.parse(JSON.parse(c.config));
  return { kind: config.kind, target: targetOf(config), config };
}

export async function getSync(db: DbClient, syncId: string): Promise<SyncRow> {
  const [r] = await db.rows<Record<string, unknown>>(
    `SELECT sync_id, name, segment_id, channel, fields::VARCHAR AS fields, connector_id, mode, guard_pct, batch_size FROM syncs WHERE sync_id = $1`,
    [syncId],
  );
  if (!r) throw new AceError('NOT_FOUND', `There is no sync ${syncId}. Make one in Deliver > Audience sync (or ace sync --save).`);
  return {
    syncId: String(r.sync_id),
    name: String(r.name),
    segmentId: String(r.segment_id),
    channel: r.channel as PushChannel,
    fields: JSON.parse(String(r.fields)) as PushField[],
    connectorId: String(r.connector_id),
    mode: r.mode as SyncMode,
    guardPct: Number(r.guard_pct),
    batchSize: r.batch_size === null ? null : Number(r.batch_size),
  };
}

/** Saves a sync; the segment and the connector must exist, and the connector must be one that can sync. */
export async function saveSync(db: DbClient, raw: SyncSaveInput): Promise<SyncInfo> {
  const input = syncSaveInput.parse(raw);
  // By id or name (as a push takes it); the sync keeps the id and follows the segment's latest version.
  const segmentId = (await resolveSegment(db, input.segmentId)).id;
  const { kind, config } = await connectorKind(db, input.connectorId);
  if (!(SYNC_CONNECTORS as readonly string[]).includes(kind))
    throw new AceError(
      'BAD_INPUT',
      `A ${kind} connector cannot keep a list in sync yet: audience sync works with the webhook, CSV, SendGrid and Mailchimp connectors. Choose one of those.`,
    );
  if (config.kind === 'sendgrid' && config.listIds.length === 0)
    throw new AceError(
      'BAD_INPUT',
      'A SendGrid sync keeps a list: add the list id to the connector (Deliver > Sending services > Edit) first.',
    );
  if ((config.kind === 'sendgrid' || config.kind === 'mailchimp') && input.channel !== 'email')
    throw new AceError(
      'BAD_INPUT',
      `${config.kind === 'sendgrid' ? 'SendGrid lists' : 'Mailchimp audiences'} hold email addresses: choose the email channel.`,
    );
  const syncId = input.syncId ?? `syn_${randomBytes(6).toString('hex')}`;
  if (input.syncId) await getSync(db, input.syncId);
  await db.write((w) =>
    w.run(
      mergeSql(
        'syncs',
        ['sync_id'],
        [
          {
            sync_id: '$1',
            name: '$2',
            segment_id: '$3',
            channel: '$4',
            fields: '$5::JSON',
            connector_id: '$6',
            mode: '$7',
            guard_pct: '$8::DOUBLE',
            batch_size: '$9::INTEGER',
            every_hours: '$10::INTEGER',
            // A new schedule's first run is now; changing the period starts it again from now.
            next_run_at: `CASE WHEN $10::INTEGER IS NULL THEN NULL ELSE $11::TIMESTAMP END`,
            schedule_note: 'NULL::VARCHAR',
          },
        ],
      ),
      [
        syncId,
        input.name,
        segmentId,
        input.channel,
        JSON.stringify(input.fields),
        input.connectorId,
        input.mode,
        input.guardPct,
        input.batchSize ?? null,
        input.everyHours ?? null,
        localNow(),
      ],
    ),
  );
  return (await listSyncs(db)).find((s) => s.syncId === syncId)!;
}

/** Deletes a sync and what it remembers of the list (its runs stay as history). */
export async function deleteSync(db: DbClient, syncId: string): Promise<boolean> {
  const [r] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM syncs WHERE sync_id = $1`, [syncId]);
  await db.transaction(async (w) => {
    await w.run(`DELETE FROM syncs WHERE sync_id = $1`, [syncId]);
    await w.run(`DELETE FROM sync_state WHERE sync_id = $1`, [syncId]);
  });
  return Number(r!.n) > 0;
}

export async function listSyncs(db: DbClient): Promise<SyncInfo[]> {
  const rows = await db.rows<Record<string, unknown>>(
    `SELECT s.sync_id, s.name, s.segment_id, coalesce(g.name, s.segment_id) AS segment_name, s.channel, s.fields::VARCHAR AS fields,
            s.connector_id, s.mode, s.guard_pct, s.batch_size, s.every_hours,
            strftime(s.next_run_at, '%Y-%m-%d %H:%M') AS next_run_at, s.schedule_note, (SELECT count(*) FROM sync_state t WHERE t.sync_id = s.sync_id) AS list_size
     FROM syncs s LEFT JOIN (SELECT segment_id, arg_max(name, version) AS name FROM segments GROUP BY segment_id) g USING (segment_id)
     ORDER BY lower(s.name), s.sync_id`,
  );
  const out: SyncInfo[] = [];
  for (const r of rows) {
    const syncId = String(r.sync_id);
    const target = await connectorKind(db, String(r.connector_id)).then(
      (c) => `${c.kind} · ${c.target}`,
      () => '(connector deleted)',
    );
    out.push({
      syncId,
      name: String(r.name),
      segment: { id: String(r.segment_id), name: String(r.segment_name) },
      channel: r.channel as PushChannel,
      fields: JSON.parse(String(r.fields)) as PushField[],
      connectorId: String(r.connector_id),
      target,
      mode: r.mode as SyncMode,
      guardPct: Number(r.guard_pct),
      batchSize: r.batch_size === null ? null : Number(r.batch_size),
      everyHours: r.every_hours === null ? null : Number(r.every_hours),
      nextRunAt: (r.next_run_at as string | null) ?? null,
      scheduleNote: (r.schedule_note as string | null) ?? null,
      listSize: Number(r.list_size),
      lastRun: (await listRuns(db, syncId))[0] ?? null,
    });
  }
  return out;
}

const zeroOps = (): Record<SyncOp, number> => ({ remove: 0, update: 0, add: 0 });

/** A sync's runs, newest first. */
export async function listRuns(db: DbClient, syncId: string, runId?: string): Promise<SyncRunInfo[]> {
  const runs = await db.rows<Record<string, unknown>>(
    `SELECT run_id, sync_id, segment_version, status, planned::VARCHAR AS planned, strftime(started_at, '%Y-%m-%d %H:%M:%S') AS started_at,
            strftime(finished_at, '%Y-%m-%d %H:%M:%S') AS finished_at, last_error
     FROM sync_runs WHERE sync_id = $1 ${runId ? 'AND run_id = $2' : ''} ORDER BY seq DESC`,
    runId ? [syncId, runId] : [syncId],
  );
  if (!runs.length) return [];
  const ids = runs.map((r) => String(r.run_id));
  const counts = await db.rows<{ run_id: string; op: SyncOp; status: string; n: unknown }>(
    `SELECT run_id, op, status, count(*) AS n FROM sync_ops WHERE run_id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')}) GROUP BY ALL`,
    ids,
  );
  return runs.map((r) => {
    const mine = counts.filter((c) => c.run_id === r.run_id);
    const done = zeroOps();
    for (const c of mine) if (c.status === 'accepted') done[c.op] += Number(c.n);
    const sum = (status: string[]) => mine.filter((c) => status.includes(c.status)).reduce((s, c) => s + Number(c.n), 0);
    return {
      runId: String(r.run_id),
      syncId: String(r.sync_id),
      segmentVersion: Number(r.segment_version),
      status: r.status as SyncRunInfo['status'],
      startedAt: String(r.started_at),
      finishedAt: (r.finished_at as string | null) ?? null,
      planned: JSON.parse(String(r.planned)) as SyncRunInfo['planned'],
      done,
      failed: sum(['rejected', 'failed']),
      suppressed: sum(['suppressed']),
      lastError: (r.last_error as string | null) ?? null,
    };
  });
}

/** One run by id. */
export async function runInfo(db: DbClient, runId: string): Promise<SyncRunInfo> {
  const [r] = await db.rows<{ sync_id: string }>(`SELECT sync_id FROM sync_runs WHERE run_id = $1`, [runId]);
  if (!r) throw new AceError('NOT_FOUND', `There is no sync run ${runId}.`);
  return (await listRuns(db, r.sync_id, runId))[0]!;
}

/**
 * Runs with batches still to send: of one sync (whatever stopped them), or of every sync, only those a crash, a
 * kill or a shutdown cut off ('sending', 'interrupted'; one stopped by its connector waits for Resume).
 */
export const unfinishedRuns = (db: DbClient, syncId?: string) =>
  db.rows<{ run_id: string; sync_id: string }>(
    `SELECT DISTINCT r.run_id, r.sync_id FROM sync_runs r JOIN sync_batches b USING (run_id)
     WHERE b.status = 'pending' ${syncId ? `AND r.sync_id = $1` : `AND r.status IN ('sending', 'interrupted')`} ORDER BY r.run_id`,
    syncId ? [syncId] : [],
  );
