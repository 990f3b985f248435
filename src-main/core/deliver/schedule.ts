import { randomBytes } from 'node:crypto';
import type { PushField, ScheduleInfo } from '../../contract/deliver';
import type { DbClient } from '../db/client';
import { AceError, isAceError } from '../lib/errors';
import type { PushInfo, PushPreview } from '../../contract/deliver';
import type { PushRequest } from './request';
import { changed, mergeSql } from '../lib/merge';
import { lakeConflict } from '../engine/lake-watch';

/** What running schedules needs of Deliver (the service passes itself): start a push, say what failed. */
export interface PushStarter {
  start(req: PushRequest): Promise<PushInfo>;
  preview(req: PushRequest): Promise<PushPreview>;
  reportBackgroundFailure(id: string, message: string): void;
}

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
            coalesce(s.best_hour, false) AS best_hour, strftime(s.window_end, '%Y-%m-%dT%H:%M') AS window_end,
            strftime(s.last_run_at, '%Y-%m-%dT%H:%M') AS last_run_at, s.enabled,
            strftime(r.run_at, '%Y-%m-%dT%H:%M') AS run_at, r.push_id AS run_push_id, r.error AS run_error
     FROM push_schedules s
     LEFT JOIN (SELECT * FROM push_schedule_runs QUALIFY row_number() OVER (PARTITION BY schedule_id ORDER BY run_at DESC, recorded_at DESC) = 1) r USING (schedule_id)
     ORDER BY s.next_run_at NULLS LAST, s.schedule_id`,
  );
  return rows.map((r) => ({
    scheduleId: String(r.schedule_id),
    segmentId: String(r.segment_id),
    segmentName: (r.segment_name as string | null) ?? null,
    connectorId: String(r.connector_id),
    channel: r.channel as ScheduleInfo['channel'],
    fields: JSON.parse(String(r.fields ?? '[]')) as PushField[],
    everyDays: r.every_days === null ? null : Number(r.every_days),
    atBestHour: r.best_hour === true,
    until: (r.window_end as string | null) ?? null,
    nextRunAt: r.enabled ? ((r.next_run_at as string | null) ?? null) : null,
    lastRunAt: (r.last_run_at as string | null) ?? null,
    enabled: r.enabled === true,
    lastRun: r.run_at
      ? { at: String(r.run_at), pushId: (r.run_push_id as string | null) ?? null, error: (r.run_error as string | null) ?? null }
      : null,
  }));
}

export async function saveSchedule(
  db: DbClient,
  input: {
    scheduleId?: string;
    segmentId: string;
    connectorId: string;
    channel: string;
    fields: readonly string[];
    firstRunAt: string;
    everyDays?: number;
    atBestHour?: boolean;
  },
): Promise<ScheduleInfo> {
  if (input.atBestHour && input.everyDays)
    throw new AceError(
      'BAD_INPUT',
      "A schedule at each person's best hour sends once, over the 24 hours from its start: leave out the repeat, and schedule it again when you want to send again.",
    );
  const [seg] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM segments WHERE segment_id = $1`, [input.segmentId]);
  if (Number(seg!.n) === 0) throw new AceError('NOT_FOUND', `There is no segment ${input.segmentId}.`);
  const [con] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM connectors WHERE connector_id = $1`, [input.connectorId]);
  if (Number(con!.n) === 0) throw new AceError('NOT_FOUND', `There is no connector ${input.connectorId}. Add one first.`);
  const id = input.scheduleId ?? `sch_${randomBytes(6).toString('hex')}`;
  await db.write((w) =>
    w.run(
      mergeSql(
        'push_schedules',
        ['schedule_id'],
        [
          {
            schedule_id: '$1',
            segment_id: '$2',
            connector_id: '$3',
            channel: '$4',
            fields: '$5',
            every_days: '$6::INTEGER',
            next_run_at: '$7::TIMESTAMP',
            enabled: 'true',
            best_hour: '$8::BOOLEAN',
            window_end: 'CASE WHEN $8 THEN $7::TIMESTAMP + INTERVAL 24 HOUR END',
          },
        ],
      ),
      [
        id,
        input.segmentId,
        input.connectorId,
        input.channel,
        JSON.stringify(input.fields),
        input.everyDays ?? null,
        input.firstRunAt.replace('T', ' '),
        input.atBestHour ?? false,
      ],
    ),
  );
  return (await listSchedules(db)).find((s) => s.scheduleId === id)!;
}

export async function deleteSchedule(db: DbClient, scheduleId: string): Promise<boolean> {
  const [r] = await db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM push_schedules WHERE schedule_id = $1`, [scheduleId]);
  await db.transaction(async (w) => {
    await w.run(`DELETE FROM push_schedules WHERE schedule_id = $1`, [scheduleId]);
    await w.run(`DELETE FROM push_schedule_runs WHERE schedule_id = $1`, [scheduleId]);
  });
  return Number(r!.n) > 0;
}

/**
 * Starts every due schedule's push. Claiming the schedule (moving it on, or switching a one-time
 * schedule off) and recording the run happen in one write before the push is planned, so a crash
 * never runs one twice; the push itself resumes like any other. A run that cannot start (segment or
 * connector gone, secret missing, no one left to send to) is recorded with its reason and reported,
 * never dropped. `now` is local wall-clock time as 'YYYY-MM-DD HH:MM:SS'. Never throws: it runs from
 * a timer, where a thrown error would be lost.
 */
export async function runDueSchedules(db: DbClient, deliver: PushStarter, now: string): Promise<string[]> {
  let due: {
    schedule_id: string;
    segment_id: string;
    connector_id: string;
    channel: 'email' | 'sms';
    fields: string;
    every_days: number | null;
    next_run_at: string;
    best_hour: boolean | null;
    last_run: boolean | null;
  }[];
  try {
    due = await db.rows(
      `SELECT schedule_id, segment_id, connector_id, channel, fields::VARCHAR AS fields, every_days, next_run_at::VARCHAR AS next_run_at, best_hour,
         date_trunc('hour', $1::TIMESTAMP) + INTERVAL 1 HOUR >= window_end AS last_run
       FROM push_schedules WHERE enabled AND next_run_at <= $1::TIMESTAMP ORDER BY next_run_at, schedule_id`,
      [now],
    );
  } catch (e) {
    deliver.reportBackgroundFailure('schedules', `Scheduled pushes could not be checked: ${messageOf(e)}`);
    return [];
  }
  const started: string[] = [];
  for (const s of due) {
    const req: PushRequest = {
      segment: s.segment_id,
      channel: s.channel,
      fields: JSON.parse(s.fields) as PushField[],
      connectorId: s.connector_id,
      scheduleId: s.schedule_id,
      ...(s.every_days !== null || s.best_hour ? { exclude: { kind: 'sent_by_schedule', scheduleId: s.schedule_id } as const } : {}),
      // The last run of a best-hour schedule sends to everyone left: nobody is lost because the app was closed at their hour.
      ...(s.best_hour && !s.last_run ? { audience: { kind: 'best_hour', at: now } as const } : {}),
    };
    if (s.best_hour) {
      const r = await bestHourRun(db, deliver, s, req, now);
      if (r) started.push(r);
      continue;
    }
    let claimed: number;
    try {
      claimed = await db.transaction(async (w) => {
        // The next run: the first one after now (missed runs are not made up one by one). Only if the
        // schedule is still as read: a second check running meanwhile does not start it again.
        const rows = await w.run(
          `UPDATE push_schedules SET last_run_at = $2::TIMESTAMP,
             next_run_at = CASE WHEN every_days IS NULL THEN next_run_at
                                ELSE next_run_at + to_days(CAST(every_days * (floor(date_diff('second', next_run_at, $2::TIMESTAMP) / (every_days * 86400)) + 1) AS INTEGER)) END,
             enabled = every_days IS NOT NULL
           WHERE schedule_id = $1 AND enabled AND next_run_at = $3::TIMESTAMP`,
          [s.schedule_id, now, s.next_run_at],
        );
        if (changed(rows))
          await w.run(`INSERT INTO push_schedule_runs (schedule_id, run_at) VALUES ($1, $2::TIMESTAMP)`, [s.schedule_id, now]);
        return changed(rows);
      });
    } catch (e) {
      // On a shared lake another program claimed this run in the same moment: it starts it, not an error.
      if (!lakeConflict(db, e))
        deliver.reportBackgroundFailure(`schedule-${s.schedule_id}`, `A scheduled push could not be started: ${messageOf(e)}`);
      continue;
    }
    if (claimed === 0) continue;
    const record = (pushId: string | null, error: string | null) => recordRun(db, s.schedule_id, now, pushId, error);
    try {
      const info = await deliver.start(req);
      await record(info.pushId, null);
      started.push(info.pushId);
    } catch (e) {
      const why = messageOf(e);
      await record(null, why).catch(() => undefined);
      deliver.reportBackgroundFailure(`schedule-${s.schedule_id}`, `The scheduled push did not start: ${why}`);
    }
  }
  return started;
}

/** What a run started (its push) or why it could not. */
const recordRun = (db: DbClient, scheduleId: string, runAt: string, pushId: string | null, error: string | null) =>
  db.write((w) =>
    w.run(`UPDATE push_schedule_runs SET push_id = $3, error = $4 WHERE schedule_id = $1 AND run_at = $2::TIMESTAMP`, [
      scheduleId,
      runAt,
      pushId,
      error,
    ]),
  );

/**
 * One hourly run of a schedule "at each person's best hour": the members whose best local hour it is now and
 * whom this schedule has not sent to yet (on its last run, in the window's final hour or later: everyone not sent
 * to yet, so people whose hour passed while the app was closed still get it, late rather than never). Who that is is asked first; the schedule moves on to the next full
 * hour (switched off once past its 24-hour window), and only a run that has someone to send to is recorded
 * and starts a push (24 empty runs would bury the history). The claim and the record are one write, as for
 * any schedule, so a crash never sends an hour twice and a lost run is marked at the next start.
 */
async function bestHourRun(
  db: DbClient,
  deliver: PushStarter,
  s: { schedule_id: string; next_run_at: string },
  req: PushRequest,
  now: string,
): Promise<string | null> {
  let reachable: number;
  try {
    reachable = (await deliver.preview(req)).reachable;
  } catch (e) {
    reachable = -1;
    deliver.reportBackgroundFailure(`schedule-${s.schedule_id}`, `The scheduled push did not start: ${messageOf(e)}`);
  }
  const claimed = await db
    .transaction(async (w) => {
      const rows = await w.run(
        `UPDATE push_schedules SET last_run_at = $2::TIMESTAMP, next_run_at = date_trunc('hour', $2::TIMESTAMP) + INTERVAL 1 HOUR,
           enabled = date_trunc('hour', $2::TIMESTAMP) + INTERVAL 1 HOUR < window_end
         WHERE schedule_id = $1 AND enabled AND next_run_at = $3::TIMESTAMP`,
        [s.schedule_id, now, s.next_run_at],
      );
      if (changed(rows) && reachable !== 0)
        await w.run(`INSERT INTO push_schedule_runs (schedule_id, run_at, error) VALUES ($1, $2::TIMESTAMP, $3)`, [
          s.schedule_id,
          now,
          reachable < 0 ? 'Could not work out who is due at this hour.' : null,
        ]);
      return changed(rows);
    })
    .catch((e: unknown) => {
      if (!lakeConflict(db, e))
        deliver.reportBackgroundFailure(`schedule-${s.schedule_id}`, `A scheduled push could not be started: ${messageOf(e)}`);
      return 0;
    });
  if (claimed === 0 || reachable <= 0) return null;
  const record = (pushId: string | null, error: string | null) => recordRun(db, s.schedule_id, now, pushId, error);
  try {
    const info = await deliver.start(req);
    await record(info.pushId, null);
    return info.pushId;
  } catch (e) {
    const why = messageOf(e);
    await record(null, why).catch(() => undefined);
    deliver.reportBackgroundFailure(`schedule-${s.schedule_id}`, `The scheduled push did not start: ${why}`);
    return null;
  }
}

/** A person-readable reason: the core's own message, or what failed underneath in a sentence. */
function messageOf(e: unknown): string {
  if (isAceError(e)) return e.message;
  return `${e instanceof Error ? e.message : String(e)}. Check the schedule's segment and connector, then schedule it again.`;
}

/**
 * Runs a crash or kill cut off after the schedule moved on but before its push was planned: recorded
 * as failed with what to do, so a one-time schedule is never lost silently. Called once at open.
 */
export async function markLostRuns(db: DbClient): Promise<number> {
  const rows = await db.write((w) =>
    w.run(
      `UPDATE push_schedule_runs SET error = 'The app stopped before this run''s push was planned; nothing was sent. Schedule it again.'
       WHERE push_id IS NULL AND error IS NULL`,
    ),
  );
  return changed(rows);
}

/** Local wall-clock time as DuckDB reads it. */
export function localNow(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
