import type { FraudFlag, FraudList, FraudPerson } from '../../contract/fraud';
import { FRAUD_FLAGS, fraudListInput, fraudReviewInput } from '../../contract/fraud';
import type { z } from 'zod';
import type { DbClient, Writer } from '../db/client';
import { str } from '../lib/cells';
import { ensureDerived } from '../derived/state';
import { ensurePeople } from '../derived/people';
import { AceError } from '../lib/errors';
import { userName } from '../lib/paths';
import { dropValidity } from '../rules/validity-table';
import { flagsSql, loadDisposableDomains, signalColumns } from './flags-sql';
import { customEntryColumns } from '../derived/custom-columns';
import { Params } from '../lib/params';
import { LATEST_REVIEW } from './review-sql';

/**
 * The flags as a derived table (fraud_flags), built on first use and dropped by an import of entries; the
 * reviewers' decisions are data (fraud_reviews, every decision kept, the latest one counts).
 */
const TABLE = 'fraud_flags';
const VERSION = 'v2';
const ID = `'P' || lpad(to_hex(entrant), 16, '0')`;
export async function ensureFlags(db: DbClient): Promise<void> {
  const cols = signalColumns(await customEntryColumns(db));
  await ensureDerived(db, {
    tables: [TABLE],
    metaKey: TABLE,
    version: `${VERSION}:${JSON.stringify(cols)}`,
    build: async (w) => {
      await loadDisposableDomains(w);
      const p = new Params();
      await w.run(`CREATE TABLE ${TABLE} AS ${flagsSql(p, cols)}`, p.values);
    },
  });
}

export async function dropFlags(w: Writer): Promise<void> {
  await w.run(`DROP TABLE IF EXISTS ${TABLE}`);
}

type Row = Record<string, unknown>;

function person(r: Row): FraudPerson {
  const flags = JSON.parse(String(r.flags)) as { flag: FraudFlag; weight: number; evidence: string }[];
  return {
    entrantId: String(r.entrant_id),
    score: Number(r.score),
    flags: flags.sort((a, b) => b.weight - a.weight || a.flag.localeCompare(b.flag)),
    name: [r.first_name, r.last_name].filter(Boolean).join(' ') || null,
    email: str(r.email),
    phone: str(r.phone),
    entries: Number(r.entries ?? 0),
    review: r.decision
      ? { decision: r.decision as 'confirmed' | 'cleared', note: String(r.note ?? ''), by: str(r.reviewed_by), at: String(r.reviewed_at) }
      : null,
  };
}

const PEOPLE_SQL = (where: string) => `
  WITH p AS (SELECT entrant, sum(weight) AS score, to_json(list({'flag': flag, 'weight': weight, 'evidence': evidence})) AS flags
             FROM ${TABLE} GROUP BY entrant)
  SELECT ${ID.replace('entrant', 'p.entrant')} AS entrant_id, p.score, p.flags::VARCHAR AS flags, pp.first_name, pp.last_name, pp.email, pp.phone,
         pp.entries, r.decision, r.note, r.reviewed_by, strftime(r.reviewed_at, '%Y-%m-%d %H:%M:%S') AS reviewed_at
  FROM p LEFT JOIN segment_people pp USING (entrant) LEFT JOIN ${LATEST_REVIEW} r USING (entrant) WHERE ${where}`;

/** Flagged people, highest score first, by review status; and how many have each flag. */
export async function listFraud(db: DbClient, input: z.output<typeof fraudListInput>): Promise<FraudList> {
  await ensurePeople(db);
  await ensureFlags(db);
  const where = { open: 'r.decision IS NULL', confirmed: `r.decision = 'confirmed'`, cleared: `r.decision = 'cleared'`, all: 'true' }[
    input.status
  ];
  const [[n], byFlag, [rev], rows] = await Promise.all([
    db.rows<Row>(`SELECT count(*) AS n FROM (${PEOPLE_SQL(where)})`),
    db.rows<Row>(`SELECT flag, count(DISTINCT entrant) AS n FROM ${TABLE} GROUP BY flag`),
    db.rows<Row>(
      `SELECT count(*) FILTER (WHERE decision = 'confirmed') AS confirmed, count(*) FILTER (WHERE decision = 'cleared') AS cleared FROM ${LATEST_REVIEW}`,
    ),
    db.rows<Row>(`${PEOPLE_SQL(where)} ORDER BY p.score DESC, entrant_id LIMIT ${input.limit} OFFSET ${input.offset}`),
  ]);
  return {
    total: Number(n?.n ?? 0),
    byFlag: Object.fromEntries(FRAUD_FLAGS.map((f) => [f, Number(byFlag.find((b) => b.flag === f)?.n ?? 0)])) as Record<FraudFlag, number>,
    reviewed: { confirmed: Number(rev?.confirmed ?? 0), cleared: Number(rev?.cleared ?? 0) },
    people: rows.map(person),
  };
}

/** Records a decision on a flagged person (kept with who and when); confirmed fraud makes their entries invalid. */
export async function reviewFraud(db: DbClient, input: z.output<typeof fraudReviewInput>): Promise<FraudPerson> {
  await ensurePeople(db);
  await ensureFlags(db);
  const [hit] = await db.rows<Row>(`SELECT entrant FROM ${TABLE} WHERE ${ID} = ? LIMIT 1`, [input.entrantId]);
  if (!hit) throw new AceError('NOT_FOUND', `${input.entrantId} has no fraud flag: only flagged people are reviewed here.`);
  await db.transaction(async (w) => {
    await w.run(`INSERT INTO fraud_reviews (entrant, decision, note, reviewed_by) VALUES (?::UBIGINT, ?, ?, ?)`, [
      String(hit.entrant),
      input.decision,
      input.note,
      userName(),
    ]);
    await dropValidity(w);
  });
  const [r] = await db.rows<Row>(`${PEOPLE_SQL(`p.entrant = ?::UBIGINT`)}`, [String(hit.entrant)]);
  return person(r!);
}
