import type { SyncRunInfo } from '../../contract/sync';
import type { DbClient } from '../db/client';
import { changed } from '../lib/merge';

/**
 * Syncs that run by themselves every N hours (while the app or `ace serve` runs; one missed while nothing ran
 * runs at the next start, once). A due sync is claimed by moving its next run on, only if it is still as read
 * (two programs on a shared lake: one claims it); then it runs as "Sync now" does, or resumes its unfinished
 * run. What stopped it (the guard, a connector problem) is kept as the sync's note until a run succeeds.
 */
export async function runDueSyncs(db: DbClient, run: (syncId: string) => Promise<SyncRunInfo>, now: string): Promise<string[]> {
  const due = await db.rows<{ sync_id: string; next_run_at: string }>(
    `SELECT sync_id, next_run_at::VARCHAR AS next_run_at FROM syncs WHERE every_hours IS NOT NULL AND next_run_at <= $1::TIMESTAMP ORDER BY next_run_at, sync_id`,
    [now],
  );
  const ran: string[] = [];
  for (const d of due) {
    const claimed = await db
      .write((w) =>
        w.run(
          `UPDATE syncs SET next_run_at = $2::TIMESTAMP + every_hours * INTERVAL 1 HOUR WHERE sync_id = $1 AND next_run_at = $3::TIMESTAMP`,
          [d.sync_id, now, d.next_run_at],
        ),
      )
      .then(changed, () => 0);
    if (!claimed) continue;
    let note: string | null = null;
    try {
      const r = await run(d.sync_id);
      ran.push(r.runId);
      if (!['done', 'done_with_failures'].includes(r.status)) note = `The run of ${now.slice(0, 16)} stopped: ${r.lastError ?? r.status}`;
    } catch (e) {
      note = `The run of ${now.slice(0, 16)} did not happen: ${e instanceof Error ? e.message : String(e)}`;
    }
    await db.write((w) => w.run(`UPDATE syncs SET schedule_note = $2 WHERE sync_id = $1`, [d.sync_id, note])).catch(() => undefined);
  }
  return ran;
}
