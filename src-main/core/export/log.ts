import type { ExportLogEntry } from '../../contract/exportLog';
import type { AppInfo } from '../../contract/types';
import type { DbClient } from '../db/client';
import { userName } from '../lib/paths';

/**
 * The export log: every file that carried personal data out of the workspace. Kept in the workspace
 * itself (it travels with the data it is about), written before the file gets its final name, so no
 * file of personal data exists without its line here.
 */
const VIA: Record<AppInfo['host'], string> = { electron: 'desktop', web: 'browser', cli: 'cli' };

export async function recordExport(
  db: DbClient,
  e: { host: AppInfo['host']; what: string; personal: readonly string[]; rows: number; fileName: string },
): Promise<void> {
  await db.transaction((w) =>
    // The time from here, in UTC: the database's own clock would follow its session's time zone.
    w.run(`INSERT INTO export_log VALUES ($1::TIMESTAMP, $2, $3, $4, $5, $6, $7)`, [
      new Date().toISOString().slice(0, 23).replace('T', ' '),
      userName(),
      VIA[e.host],
      e.what,
      JSON.stringify(e.personal),
      e.rows,
      e.fileName,
    ]),
  );
}

export async function listExports(db: DbClient, limit: number): Promise<ExportLogEntry[]> {
  const rows = await db.rows<Record<string, unknown>>(
    `SELECT strftime(logged_at, '%Y-%m-%dT%H:%M:%SZ') AS at, by_user, via, what, personal::VARCHAR AS personal, rows, file_name
     FROM export_log ORDER BY logged_at DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    at: r.at as string,
    by: (r.by_user as string | null) ?? null,
    via: r.via as string,
    what: r.what as string,
    personal: JSON.parse((r.personal as string | null) ?? '[]') as string[],
    rows: Number(r.rows),
    fileName: r.file_name as string,
  }));
}
