import { EXCLUSION_REASONS, type ExclusionReason, type PushDetail, type PushFailure, type PushInfo } from '../../contract/deliver';
import type { DbClient } from '../db/client';
import { AceError } from '../lib/errors';

/** The pushes' records with their contacts' and batches' counts; `only` limits the counting to one push. */
const infoSql = (
  only = '',
) => `SELECT p.push_id, p.segment_id, p.segment_name, p.segment_version, p.channel, p.connector, p.connector_id, p.target, p.status,
    strftime(p.created_at, '%Y-%m-%d %H:%M:%S') AS created_at, strftime(p.finished_at, '%Y-%m-%d %H:%M:%S') AS finished_at, p.created_by, p.dry_run,
    p.retry_of, p.schedule_id, p.last_error, p.summary::VARCHAR AS summary,
    coalesce(c.planned, 0) AS planned, coalesce(c.accepted, 0) AS accepted, coalesce(c.rejected, 0) AS rejected, coalesce(c.failed, 0) AS failed,
    coalesce(c.suppressed, 0) AS suppressed, coalesce(c.pending, 0) AS pending, coalesce(c.held_out, 0) AS held_out,
    coalesce(b.total, 0) AS b_total, coalesce(b.sent, 0) AS b_sent, coalesce(b.failed, 0) AS b_failed, coalesce(b.pending, 0) AS b_pending
  FROM pushes p
  LEFT JOIN (SELECT push_id, count(*) FILTER (WHERE status <> 'held_out') AS planned, count(*) FILTER (WHERE status = 'held_out') AS held_out, count(*) FILTER (WHERE status = 'accepted') AS accepted, count(*) FILTER (WHERE status = 'rejected') AS rejected,
                    count(*) FILTER (WHERE status = 'failed') AS failed, count(*) FILTER (WHERE status = 'suppressed') AS suppressed,
                    count(*) FILTER (WHERE status = 'pending') AS pending
             FROM push_contacts${only} GROUP BY push_id) c USING (push_id)
  LEFT JOIN (SELECT push_id, count(*) AS total, count(*) FILTER (WHERE status = 'sent') AS sent, count(*) FILTER (WHERE status = 'failed') AS failed,
                    count(*) FILTER (WHERE status = 'pending') AS pending
             FROM push_batches${only} GROUP BY push_id) b USING (push_id)`;

function toInfo(r: Record<string, unknown>): PushInfo {
  const summary = (r.summary ? JSON.parse(String(r.summary)) : {}) as {
    excluded?: Partial<Record<ExclusionReason, number>>;
    failure?: PushFailure | null;
    holdout?: { share: number; seed: string; people: number };
  };
  const excluded = Object.fromEntries(EXCLUSION_REASONS.map((k) => [k, Number(summary.excluded?.[k] ?? 0)])) as Record<
    ExclusionReason,
    number
  >;
  const n = (k: string) => Number(r[k] ?? 0);
  return {
    pushId: String(r.push_id),
    segment: { id: String(r.segment_id), name: String(r.segment_name ?? r.segment_id), version: n('segment_version') },
    channel: r.channel as PushInfo['channel'],
    connector: { id: (r.connector_id as string | null) ?? null, kind: String(r.connector), target: String(r.target ?? '') },
    status: r.status as PushInfo['status'],
    createdAt: String(r.created_at),
    finishedAt: (r.finished_at as string | null) ?? null,
    createdBy: (r.created_by as string | null) ?? null,
    dryRun: r.dry_run === true,
    retryOf: (r.retry_of as string | null) ?? null,
    scheduleId: (r.schedule_id as string | null) ?? null,
    lastError: (r.last_error as string | null) ?? null,
    // json_merge_patch drops null members when the failure is stored: they come back as null here.
    failure: summary.failure
      ? { ...summary.failure, status: summary.failure.status ?? null, address: summary.failure.address ?? null }
      : null,
    counts: {
      planned: n('planned'),
      accepted: n('accepted'),
      rejected: n('rejected'),
      failed: n('failed'),
      suppressed: n('suppressed'),
      pending: n('pending'),
      heldOut: n('held_out'),
    },
    holdout: summary.holdout ?? null,
    batches: { total: n('b_total'), sent: n('b_sent'), failed: n('b_failed'), pending: n('b_pending') },
    excluded,
  };
}

/** Every push, newest first. */
export async function listPushes(db: DbClient): Promise<PushInfo[]> {
  return (await db.rows<Record<string, unknown>>(`${infoSql()} ORDER BY p.created_at DESC, p.push_id DESC`)).map(toInfo);
}

export async function pushInfo(db: DbClient, pushId: string): Promise<PushInfo> {
  // The counts of this push alone: on a team lake, counting every push's contacts to keep one took tens of ms.
  const [r] = await db.rows<Record<string, unknown>>(`${infoSql(' WHERE push_id = $1')} WHERE p.push_id = $1`, [pushId]);
  if (!r) throw new AceError('NOT_FOUND', `There is no push ${pushId}.`);
  return toInfo(r);
}

export async function pushDetail(db: DbClient, pushId: string): Promise<PushDetail> {
  const info = await pushInfo(db, pushId);
  const problems = await db.rows<{ contact_id: string; address: string; status: string; reason: string | null }>(
    `SELECT contact_id, address, status, reason FROM push_contacts WHERE push_id = $1 AND status IN ('rejected', 'failed', 'suppressed') ORDER BY batch, contact_id LIMIT 500`,
    [pushId],
  );
  return { ...info, problems: problems.map((p) => ({ contactId: p.contact_id, address: p.address, status: p.status, reason: p.reason })) };
}

/** Pushes a crash, a kill or going offline left unfinished: resumed at the next start. */
export async function unfinishedPushes(db: DbClient): Promise<string[]> {
  const rows = await db.rows<{ push_id: string }>(
    `SELECT push_id FROM pushes WHERE status IN ('planned', 'sending', 'interrupted') ORDER BY created_at, push_id`,
  );
  return rows.map((r) => r.push_id);
}
