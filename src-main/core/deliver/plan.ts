import { randomBytes } from 'node:crypto';
import { addLease } from './lease';
import {
  EXCLUSION_REASONS,
  type ExclusionReason,
  type FrequencyCap,
  type PushChannel,
  type PushField,
  type PushPreview,
} from '../../contract/deliver';
import type { DbClient } from '../db/client';
import { userName } from '../lib/paths';
import { Params } from '../lib/params';
import { where } from '../segments/run';
import { ensureReferenceTables } from '../geo/reference';
import type { SegmentVersion } from '../segments/resolve';
import { webhookBody } from './connectors/webhook';
import type { PushContact } from './connector';
import { currentSnapshot } from '../engine/snapshot';
import { runPrint, segmentPrintQuery } from './rerun';
import { audienceSql, candidatesSql, memberAddressesSql, type PushAudience, type PushExclusion } from './eligible';

export interface PlanTarget {
  segment: SegmentVersion;
  channel: PushChannel;
  fields: readonly PushField[];
  batchSize: number;
  /** Only these people (a retry of failed contacts). */
  audience?: PushAudience;
  /** People left out as already sent (a recurring schedule's earlier runs). */
  exclude?: PushExclusion;
  /** The message template the push carries. */
  template?: { id: string; name: string; render: (fields: Record<string, string | null>) => PushContact['message'] };
  /** Held out to measure the lift: this share of the people who may be messaged, chosen by the seed. */
  holdout?: { share: number; seed: string };
  /** The workspace's frequency cap (deliver/cap.ts). */
  cap?: FrequencyCap | null;
}

/**
 * The held-out people of a plan (SQL over push_plan): the first round(share × reachable) contacts ordered by
 * md5(seed:contact id). Exactly that many, the same ones for the same seed and people, and anyone can re-run
 * it from the seed (docs/outcomes.md). `seed` and `share` are the numbers of their bound parameters.
 */
const HELD_OUT_SQL = (seed: number, share: number) => `
  SELECT contact_id FROM (SELECT contact_id, row_number() OVER (ORDER BY md5($${seed} || ':' || contact_id)) AS k,
                                 count(*) OVER () AS n FROM push_plan WHERE reason IS NULL)
  WHERE k <= round(n * $${share}::DOUBLE)`;

async function ruleWhere(db: DbClient, t: PlanTarget, p: Params): Promise<string> {
  const w = await where(db, t.segment.rule, p);
  // Best hours need each person's time zone: the zip reference (built once per workspace).
  if (t.audience?.kind === 'best_hour') await ensureReferenceTables(db);
  return t.audience ? `(${w}) AND pp.entrant IN (${audienceSql(t.audience, p, w)})` : w;
}

const zeroReasons = (): Record<ExclusionReason, number> =>
  Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, 0])) as Record<ExclusionReason, number>;

function parseFields(text: unknown): Record<string, string | null> {
  return typeof text === 'string' ? (JSON.parse(text) as Record<string, string | null>) : {};
}

/** Counts (who gets it, who not and why) and the first request as it would be sent. */
export async function previewPush(db: DbClient, t: PlanTarget): Promise<PushPreview> {
  const p = new Params();
  const sql = candidatesSql({ where: await ruleWhere(db, t, p), channel: t.channel, fields: t.fields, exclude: t.exclude, cap: t.cap }, p);
  // The counts by reason and the first three reachable contacts from one reading of the candidates (each took 18 s
  // for everyone of the 10M demo when they were asked apart).
  const rows = await db.rows<{
    part: string;
    reason: string | null;
    n: unknown;
    rank: unknown;
    contact_id: string;
    address: string;
    fields: string;
  }>(
    `WITH cand AS MATERIALIZED (${sql})
     SELECT 'count' AS part, reason, count(*) AS n, NULL::BIGINT AS rank, NULL::VARCHAR AS contact_id, NULL::VARCHAR AS address, NULL::VARCHAR AS fields
     FROM cand GROUP BY reason
     UNION ALL
     SELECT 'sample', NULL, NULL, row_number() OVER (ORDER BY entrant), contact_id, address, fields
     FROM (SELECT * FROM cand WHERE reason IS NULL ORDER BY entrant LIMIT 3)`,
    p.values,
  );
  const counts = rows.filter((r) => r.part === 'count');
  const sample = rows.filter((r) => r.part === 'sample').sort((a, b) => Number(a.rank) - Number(b.rank));
  const excluded = zeroReasons();
  let reachable = 0;
  let people = 0;
  for (const c of counts) {
    people += Number(c.n);
    if (c.reason === null) reachable = Number(c.n);
    else excluded[c.reason as ExclusionReason] = Number(c.n);
  }
  const heldOut = t.holdout ? Math.round(reachable * t.holdout.share) : 0;
  reachable -= heldOut;
  const batches = Math.ceil(reachable / t.batchSize);
  const samplePayload =
    reachable === 0
      ? null
      : JSON.parse(
          webhookBody(
            sample.map((s) => {
              const fields = parseFields(s.fields);
              const message = t.template?.render(fields);
              return { contactId: s.contact_id, address: s.address, fields, ...(message ? { message } : {}) };
            }),
            {
              pushId: '(assigned on send)',
              idempotencyKey: '(assigned on send)-b1',
              segment: { id: t.segment.id, name: t.segment.name, version: t.segment.version },
              channel: t.channel,
              batchNumber: 1,
              batchCount: batches,
              ...(t.template ? { template: { id: t.template.id, name: t.template.name } } : {}),
            },
          ),
        );
  return {
    segment: { id: t.segment.id, name: t.segment.name, version: t.segment.version },
    channel: t.channel,
    people,
    reachable,
    heldOut,
    excluded,
    batches,
    batchSize: t.batchSize,
    samplePayload,
  };
}

export interface PlanMeta {
  connectorId: string | null;
  kind: string;
  target: string;
  dryRun: boolean;
  retryOf?: string;
  scheduleId?: string;
}

export const newPushId = () => `psh_${new Date().toISOString().slice(0, 10).replace(/-/g, '')}_${randomBytes(6).toString('hex')}`;

/**
 * Plans a push in one transaction before anything is sent: the contacts (only people who may be
 * messaged), their numbered batches with stable idempotency keys, every address of theirs (a later
 * opt-out on any stops the send), and the exclusion counts. Returns the push id.
 */
export async function planPush(db: DbClient, t: PlanTarget, meta: PlanMeta): Promise<string> {
  const pushId = newPushId();
  const p = new Params();
  const w = await ruleWhere(db, t, p);
  const sql = candidatesSql({ where: w, channel: t.channel, fields: t.fields, exclude: t.exclude, cap: t.cap }, p);
  const printQuery = await segmentPrintQuery(db, t.segment.rule);
  await db.transaction(async (wr) => {
    // What the push read, for push.rerunSegment: the lake's snapshot (null on a file) and exactly who the segment matched.
    const snapshot = await currentSnapshot(db, wr);
    const print = await runPrint(db, printQuery, wr);
    await wr.run(`CREATE OR REPLACE TEMP TABLE push_plan AS ${sql}`, p.values);
    let heldOut = 0;
    if (t.holdout) {
      await wr.run(`UPDATE push_plan SET reason = 'held_out' WHERE contact_id IN (${HELD_OUT_SQL(1, 2)})`, [
        t.holdout.seed,
        t.holdout.share,
      ]);
      // Recorded with the push (no batch, never sent): the results compare them with the recipients.
      await wr.run(
        `INSERT INTO push_contacts SELECT $1, NULL, contact_id, entrant, address, consent_at, fields, 'held_out', 'held out to measure the lift'
         FROM push_plan WHERE reason = 'held_out' ORDER BY entrant`,
        [pushId],
      );
      const [h] = await wr.run<{ n: unknown }>(`SELECT count(*) AS n FROM push_plan WHERE reason = 'held_out'`);
      heldOut = Number(h!.n);
    }
    await wr.run(
      `INSERT INTO push_contacts SELECT $1, ((row_number() OVER (ORDER BY entrant)) - 1) // $2 + 1, contact_id, entrant, address, consent_at, fields, 'pending', NULL
       FROM push_plan WHERE reason IS NULL ORDER BY entrant`,
      [pushId, t.batchSize],
    );
    const counts = await wr.run<{ reason: string | null; n: unknown }>(`SELECT reason, count(*) AS n FROM push_plan GROUP BY reason`);
    const excluded = zeroReasons();
    for (const c of counts) if (c.reason !== null && c.reason !== 'held_out') excluded[c.reason as ExclusionReason] = Number(c.n);
    await wr.run(
      `INSERT INTO push_addresses SELECT $1, a.entrant, a.address FROM (${memberAddressesSql('pp.entrant IN (SELECT entrant FROM push_plan WHERE reason IS NULL)')}) a`,
      [pushId],
    );
    await wr.run(
      `INSERT INTO push_batches (push_id, batch, idempotency_key, contacts, status)
       SELECT $1, batch, $1 || '-b' || batch, count(*), 'pending' FROM push_contacts WHERE push_id = $1 AND batch IS NOT NULL GROUP BY batch`,
      [pushId],
    );
    await addLease(wr, pushId);
    await wr.run(
      `INSERT INTO pushes (push_id, segment_id, segment_version, segment_name, channel, connector, connector_id, target, fields, batch_size, dry_run, created_by, retry_of, schedule_id, status, summary, template_id,
                          snapshot, segment_people, segment_print)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
      [
        pushId,
        t.segment.id,
        t.segment.version,
        t.segment.name,
        t.channel,
        meta.kind,
        meta.connectorId,
        meta.target,
        JSON.stringify(t.fields),
        t.batchSize,
        meta.dryRun,
        userName(),
        meta.retryOf ?? null,
        meta.scheduleId ?? null,
        meta.dryRun ? 'dry_run' : 'planned',
        JSON.stringify({ excluded, ...(t.holdout ? { holdout: { ...t.holdout, people: heldOut } } : {}) }),
        t.template?.id ?? null,
        snapshot,
        print.people,
        print.print,
      ],
    );
    await wr.run(`DROP TABLE push_plan`);
  });
  return pushId;
}
