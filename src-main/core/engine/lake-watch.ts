import type { DbClient } from '../db/client';
import { causeOf } from '../lib/errors';

/**
 * On a shared lake, what other processes commit (another analyst's import, `ace` in a terminal): every few
 * seconds the latest snapshot is read; when snapshots made by someone else have appeared since the last look,
 * `onOther` is told who made them (each snapshot records its author: db/worker.ts). A lake's snapshots are
 * whole transactions, so what another user committed is seen complete or not at all.
 */
export class LakeWatch {
  private last = -1;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: DbClient,
    private readonly me: string,
    private readonly onOther: (by: string[]) => void,
  ) {}

  async start(everyMs = 2000): Promise<void> {
    this.last = await this.latest();
    this.timer = setInterval(() => void this.check().catch(() => undefined), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async latest(): Promise<number> {
    const [r] = await this.db.rows<{ id: unknown }>(`SELECT max(snapshot_id) AS id FROM ace_lake.snapshots()`);
    return Number(r?.id ?? -1);
  }

  /** Looks once; true when someone else committed since the last look. */
  async check(): Promise<boolean> {
    const id = await this.latest();
    if (id <= this.last) return false;
    const others = await this.db.rows<{ author: string | null }>(
      // A snapshot with no author is the lake's own upkeep (CHECKPOINT merging files): no data changed.
      `SELECT DISTINCT author FROM ace_lake.snapshots() WHERE snapshot_id > ? AND author IS NOT NULL AND author <> ? ORDER BY author`,
      [this.last, this.me],
    );
    this.last = id;
    if (!others.length) return false;
    // Derived tables seen ready before may have been dropped by that commit: look again before using them.
    this.db.externalChange();
    this.onOther(others.map((o) => o.author!));
    return true;
  }
}

/**
 * A query that failed because another process committed between this one's readiness check and its query
 * (a derived table it dropped, or a write conflict on the same rows): on a lake such a call is run once more,
 * after the caches forget what they had seen ready.
 */
export function staleOnLake(db: DbClient | null, e: unknown): boolean {
  if (!db || db.engine !== 'lake') return false;
  if (!/Table with name \w+ does not exist/i.test(causeOf(e)) && !lakeConflict(db, e)) return false;
  db.externalChange();
  return true;
}

/** A commit another program's commit beat on a lake (the same rows changed): its work is theirs to do. */
export const lakeConflict = (db: DbClient, e: unknown) =>
  db.engine === 'lake' && /Transaction conflict|Failed to commit DuckLake transaction/i.test(causeOf(e));
