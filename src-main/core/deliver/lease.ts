import type { DbClient, Writer } from '../db/client';
import { authorLabel, lakeAuthor, userHere } from '../engine/author';
import { AceError } from '../lib/errors';
import { changed } from '../lib/merge';

/**
 * One process sends a push at a time (docs/lake.md). On a DuckDB file the file's lock already says so; on a
 * shared lake two programs (two analysts' apps, an app and `ace`) could both resume the same push. Each push
 * has one row in push_leases, made with it; a sender takes it by updating that row, only if nobody holds it or
 * the holder's lease ran out, and keeps it while it sends. Two takers updating the same row conflict at commit
 * (DuckLake's snapshot conflicts; a DuckDB transaction's), so one of them wins.
 */
const LEASE_SECONDS = 120;

/** The row of a new push's lease, in the transaction that makes the push. */
export async function addLease(w: Writer, pushId: string): Promise<void> {
  await w.run(`INSERT INTO push_leases (push_id, holder, expires_at) VALUES ($1, NULL, NULL)`, [pushId]);
}

/** Is a holder on this machine a process that is gone (a kill -9, a crash)? Then its lease is free at once. */
function goneHere(holder: string): boolean {
  const [who, pid] = holder.split('#');
  if (!pid || who !== userHere()) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch {
    return true;
  }
}

/**
 * The lease of `pushId` as it stands: its row (none for a push made before leases), and whether another
 * program holds it now (a holder that is not this one, whose lease has not run out and that is not gone).
 */
async function readLease(db: DbClient, pushId: string) {
  const [row] = await db.rows<{ holder: string | null; live: boolean | null }>(
    `SELECT holder, expires_at > now()::TIMESTAMP AS live FROM push_leases WHERE push_id = $1`,
    [pushId],
  );
  const other = !!row?.holder && row.holder !== lakeAuthor() && !!row.live && !goneHere(row.holder);
  return { row, other };
}

/** Throws PUSH_BUSY when another live program holds the lease of `pushId` (before asking to resume it). */
export async function checkLease(db: DbClient, pushId: string): Promise<void> {
  if (db.engine === 'file') return;
  const { row, other } = await readLease(db, pushId);
  if (other) throw busy(pushId, row!.holder);
}

const busy = (pushId: string, holder: string | null) =>
  new AceError(
    'PUSH_BUSY',
    `${pushId.startsWith('syr_') ? 'Sync run' : 'Push'} ${pushId} is being sent by ${holder ? authorLabel(holder) : 'another program'}: one program sends it at a time. It carries on there.`,
  );

/**
 * Takes (or renews) the lease of `pushId` for this process; throws PUSH_BUSY naming who holds it otherwise.
 * On a DuckDB file it is always this process's.
 */
export async function takeLease(db: DbClient, pushId: string): Promise<void> {
  if (db.engine === 'file') return;
  const me = lakeAuthor();
  const { row, other } = await readLease(db, pushId);
  let taken = false;
  if (!other) {
    try {
      taken = await db.transaction(async (w) => {
        if (!row) {
          // A push made before leases existed has no row: this one makes it.
          await w.run(`INSERT INTO push_leases VALUES ($1, $2, now()::TIMESTAMP + INTERVAL ${LEASE_SECONDS} SECOND)`, [pushId, me]);
          return true;
        }
        const rows = await w.run(
          `UPDATE push_leases SET holder = $2, expires_at = now()::TIMESTAMP + INTERVAL ${LEASE_SECONDS} SECOND
           WHERE push_id = $1 AND holder IS NOT DISTINCT FROM $3::VARCHAR`,
          [pushId, me, row.holder],
        );
        return changed(rows) > 0;
      });
    } catch {
      // Another program took it in the same moment: its commit won.
      taken = false;
    }
  }
  if (!taken) {
    const [now] = await db.rows<{ holder: string | null }>(`SELECT holder FROM push_leases WHERE push_id = $1`, [pushId]);
    throw busy(pushId, now?.holder ?? null);
  }
}

/** Gives the lease back (the push finished, stopped or failed here). */
export async function releaseLease(db: DbClient, pushId: string): Promise<void> {
  if (db.engine === 'file') return;
  await db
    .write((w) =>
      w.run(`UPDATE push_leases SET holder = NULL, expires_at = NULL WHERE push_id = $1 AND holder = $2`, [pushId, lakeAuthor()]),
    )
    .catch(() => undefined);
}

export const LEASE_RENEW_MS = (LEASE_SECONDS * 1000) / 4;
