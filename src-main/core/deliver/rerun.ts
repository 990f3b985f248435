import type { SegmentRerun } from '../../contract/deliver';
import type { DbClient, Writer } from '../db/client';
import { atSnapshot } from '../engine/snapshot';
import { AceError } from '../lib/errors';
import { Params } from '../lib/params';
import { where } from '../segments/run';
import { resolveSegment } from '../segments/resolve';
import type { SegmentRule } from '../../contract/segments';

/** The people a rule matches: how many, and a fingerprint of exactly who (order-free: the xor of their hashes). */
export interface SegmentPrint {
  people: number;
  print: string;
}

/** The query giving a rule's people and print (over segment_people `pp`); made first, so it can run inside a transaction. */
export async function segmentPrintQuery(db: DbClient, rule: SegmentRule): Promise<{ sql: string; params: Params['values'] }> {
  const p = new Params();
  const w = await where(db, rule, p);
  return {
    sql: `SELECT count(*) AS people, coalesce(bit_xor(hash(pp.entrant)), 0)::VARCHAR AS print FROM segment_people pp WHERE (${w})`,
    params: p.values,
  };
}

/** Runs a print query: on `db` (a lake's snapshot when it reads one), or with `w` inside that transaction. */
export async function runPrint(db: DbClient, q: { sql: string; params: Params['values'] }, w?: Writer): Promise<SegmentPrint> {
  const [r] = w
    ? await w.run<{ people: unknown; print: string }>(q.sql, q.params)
    : await db.rows<{ people: unknown; print: string }>(q.sql, q.params);
  return { people: Number(r!.people), print: String(r!.print) };
}

const segmentPrint = async (db: DbClient, rule: SegmentRule) => runPrint(db, await segmentPrintQuery(db, rule));

/** A count as people read it (3,989). */
const n = (x: number) => x.toLocaleString('en-US');

/** push.rerunSegment: the push's segment version run again as the push saw it, against what it recorded. */
export async function rerunSegment(db: DbClient, pushId: string): Promise<SegmentRerun> {
  const [push] = await db.rows<{
    segment_id: string;
    segment_version: unknown;
    snapshot: unknown;
    segment_people: unknown;
    segment_print: string | null;
  }>(`SELECT segment_id, segment_version, snapshot, segment_people, segment_print FROM pushes WHERE push_id = $1`, [pushId]);
  if (!push) throw new AceError('NOT_FOUND', `There is no push ${pushId}.`);
  const seg = await resolveSegment(db, push.segment_id, Number(push.segment_version));
  const snapshot = push.snapshot === null || db.engine !== 'lake' ? null : Number(push.snapshot);
  const now = await segmentPrint(db, seg.rule);
  const again = snapshot === null ? now : await atSnapshot(db, snapshot, (at) => segmentPrint(at, seg.rule));
  const recorded = push.segment_people === null ? null : Number(push.segment_people);
  const same = push.segment_print !== null && again.print === push.segment_print && again.people === recorded;
  const name = `"${seg.name}" v${seg.version}`;
  const message =
    recorded === null
      ? `This push was planned before pushes recorded their segment's people, so there is nothing to compare: ${name} matches ${n(now.people)} people today.`
      : snapshot !== null
        ? same
          ? `Reproduced: ${name} at lake snapshot ${snapshot} matches the same ${n(recorded)} people the push saw (${n(now.people)} on today's data).`
          : `At lake snapshot ${snapshot}, ${name} matches ${n(again.people)} people, not the ${n(recorded)} the push recorded: the record or the lake was altered.`
        : same
          ? `${name} matches the same ${n(recorded)} people on today's data as when the push was planned. (A DuckDB file keeps no snapshots: after more imports this can change; a DuckLake keeps them.)`
          : `${name} matches ${n(now.people)} people on today's data, not the ${n(recorded)} it matched when the push was planned (data imported or changed since). A DuckDB file keeps no snapshots; on a DuckLake the push's snapshot could be read again.`;
  return { pushId, snapshot, recorded, again: again.people, now: now.people, same, message };
}
