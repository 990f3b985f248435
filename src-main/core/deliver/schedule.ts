import { randomBytes } from 'node:crypto';
import type { PushField, ScheduleInfo } from '../../contract/deliver';
import type { DbClient } from '../db/client';
import { AceError } from '../errors';
import type { DeliverService } from './service';

/**
 * Scheduled pushes: once, or every N days. A recurring push sends only people it has not sent to
 * before (accepted by the service in an earlier run of the same schedule). Due schedules run while the
 * app or `ace serve` runs; one missed while nothing ran runs at the next start (once, not once per
 * missed day).
 */
export async function listSchedules(db: DbClient): Promise<ScheduleInfo[]> {
  const rows = await db.rows<Record<string, unknown>>(
    `SELECT s.schedule_id, s.segment_id, (SELECT name FROM segments g WHERE g.segment_id = s.segment_id ORDER BY version DESC LIMIT 1) AS segment_name,
            s.connector_id, s.channel, s.fields::VARCHAR AS fields, s.every_days, strftime(s.next_run_at, '%Y-%m-%dT%H:%M') AS next_run_at,
            strftime(s.last_run_at, '%Y-%m-%dT%H:%M') AS last_run_at, s.enabled
     FROM push_schedules s ORDER BY s.next_run_at NULLS LAST, s.schedule_id`,
  );
  return rows.map((r) => ({
    scheduleId: String(r.schedule_id),
    segmentId: String(r.segment_id),
    segmentName: (r.segment_name as string | null) ?? null,
    connectorId: String(r.connector_id),
    channel: r.channel as ScheduleInfo['channel'],
    fields: JSON.parse(String(r.fields ?? '[]')) as PushField[],
    everyDays: r.every_days === null ? null : Number(r.every_days),
    nextRunAt: r.enabled ? ((r.next_run_at as string | null) ?? null) : null,
    lastRunAt: (r.last_run_at as string | null) ?? null,
    enabled: r.enabled === true,
  }));
}

export async function saveSchedule(
  db: DbClient,
  input: { scheduleId?: string; segmentId: string; connectorId: string; channel: string; fields: readonly string[]; firstRunAt: string; everyDays?: number },
): Promise<ScheduleInfo> {
  const [seg] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM segments WHERE segment_id = $1`, [input.segmentId]);
  if (Number(seg!.n) === 0) throw new AceError('NOT_FOUND', `There is no segment ${input.segmentId}.`);
  const [con] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM connectors WHERE connector_id = $1`, [input.connectorId]);
  if (Number(con!.n) === 0) throw new AceError('NOT_FOUND', `There is no connector ${input.connectorId}. Add one first.`);
  const id = input.scheduleId ?? `sch_${randomBytes(6).toString('hex')}`;
  await db.write((w) =>
    w.run(
      `INSERT OR REPLACE INTO push_schedules (schedule_id, segment_id, connector_id, channel, fields, every_days, next_run_at, enabled)
       VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMP, true)`,
      [id, input.segmentId, input.connectorId, input.channel, JSON.stringify(input.fields), input.everyDays ?? null, input.firstRunAt.replace('T', ' ')],
    ),
  );
  return (await listSchedules(db)).find((s) => s.scheduleId === id)!;
}

export async function deleteSchedule(db: DbClient, scheduleId: string): Promise<boolean> {
  const [r] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM push_schedules WHERE schedule_id = $1`, [scheduleId]);
  await db.write((w) => w.run(`DELETE FROM push_schedules WHERE schedule_id = $1`, [scheduleId]));
  return Number(r!.n) > 0;
}

/**
 * Starts every due schedule's push. The schedule moves on before the push is planned (in the same
 * write), so a crash never runs one twice; the push itself resumes like any other.
 * `now` is local wall-clock time as 'YYYY-MM-DD HH:MM:SS'.
 */
export async function runDueSchedules(db: DbClient, deliver: DeliverService, now: string): Promise<string[]> {
  const due = await db.rows<{ schedule_id: string; segment_id: string; connector_id: string; channel: 'email' | 'sms'; fields: string; every_days: number | null; next_run_at: string }>(
    `SELECT schedule_id, segment_id, connector_id, channel, fields::VARCHAR AS fields, every_days, next_run_at::VARCHAR AS next_run_at
     FROM push_schedules WHERE enabled AND next_run_at <= $1::TIMESTAMP ORDER BY next_run_at, schedule_id`,
    [now],
  );
  const started: string[] = [];
  for (const s of due) {
    // The next run: the first one after now (missed runs are not made up one by one).
    await db.write((w) =>
      w.run(
        `UPDATE push_schedules SET last_run_at = $2::TIMESTAMP,
           next_run_at = CASE WHEN every_days IS NULL THEN next_run_at
                              ELSE next_run_at + to_days(CAST(every_days * (floor(date_diff('second', next_run_at, $2::TIMESTAMP) / (every_days * 86400)) + 1) AS INTEGER)) END,
           enabled = every_days IS NOT NULL
         WHERE schedule_id = $1`,
        [s.schedule_id, now],
      ),
    );
    const safe = s.schedule_id.replace(/'/g, "''");
    try {
      const info = await deliver.start({
        segment: s.segment_id,
        channel: s.channel,
        fields: JSON.parse(s.fields) as PushField[],
        connectorId: s.connector_id,
        scheduleId: s.schedule_id,
        ...(s.every_days !== null
          ? { alreadySentSql: `SELECT pc.entrant FROM push_contacts pc JOIN pushes p USING (push_id) WHERE p.schedule_id = '${safe}' AND pc.status = 'accepted'` }
          : {}),
      });
      started.push(info.pushId);
    } catch {
      // A schedule whose segment or connector is gone, or whose secret is missing: shown in its list.
    }
  }
  return started;
}

/** Local wall-clock time as DuckDB reads it. */
export function localNow(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
