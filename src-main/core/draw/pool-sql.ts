import type { DrawInput } from '../../contract/draw';
import type { OfficialRules } from '../../contract/rules';
import { segmentRule } from '../../contract/segments';
import type { DbClient } from '../db/client';
import { normaliseExclusion } from '../lib/exclusion';
import type { Params } from '../lib/params';
import { validitySql } from '../rules/validity-table';
import { confirmedFraudSql } from '../fraud/review-sql';
import { where } from '../segments/run';

/** The official rules a draw follows: their version (0: none saved, everyone who entered counts) and content. */
export interface DrawRules {
  version: number;
  rules: OfficialRules;
}

/** True when the pool is valid entries (each one chance, one prize per person) rather than people. */
export const byEntry = (r: DrawRules | null) => !!r && r.version > 0 && r.rules.odds === 'entry';

/**
 * The pool, in a fixed order: people matching the rule, not excluded (by entrant id or any of their
 * addresses), who have not won or been drawn as an alternate in an earlier draw. Under official rules
 * (docs/rules.md), only people with a valid entry: ordered by entrant (odds per person), or their valid
 * entries ordered by entrant and entry (odds per entry), each a position `pos` from 0.
 */
export async function poolSql(
  db: DbClient,
  input: { rule?: DrawInput['rule']; exclude: string[] },
  rules: DrawRules | null,
  p: Params,
  /** Fraud confirmed by then is out (a draw records when it was drawn); null for draws recorded before reviews existed. */
  fraudAsOf: string | null = null,
): Promise<string> {
  const w = input.rule ? await where(db, segmentRule.parse(input.rule), p) : await where(db, { all: [] }, p);
  const excl = input.exclude.map(normaliseExclusion);
  const list = excl.length ? p.list(excl) : null;
  const excluded = list
    ? `AND 'P' || lpad(to_hex(pp.entrant), 16, '0') NOT IN (${list})
       AND pp.entrant NOT IN (SELECT f.entrant FROM entries e JOIN entry_facts_t f ON f.entry_key = ace_row_key(e.import_id, e.line) WHERE e.email IN (${list}) OR e.phone IN (${list}))`
    : '';
  const fraud = fraudAsOf ? `AND pp.entrant NOT IN (${confirmedFraudSql(`${p.add(fraudAsOf)}::TIMESTAMP`)})` : '';
  // Without rules the text is the one every earlier draw was recorded with (verify re-runs it as it was).
  if (!rules || rules.version === 0)
    return `SELECT pp.entrant, row_number() OVER (ORDER BY pp.entrant) - 1 AS pos FROM segment_people pp
    WHERE (${w}) ${excluded} ${fraud} AND pp.entrant NOT IN (SELECT entrant FROM draw_winners)`;
  const valid = `SELECT entry_key, entrant FROM (${validitySql(rules.rules, p, fraudAsOf)}) WHERE len(reasons) = 0`;
  const people = `SELECT pp.entrant FROM segment_people pp
    WHERE (${w}) ${excluded} ${fraud} AND pp.entrant NOT IN (SELECT entrant FROM draw_winners)`;
  if (!byEntry(rules))
    return `SELECT entrant, row_number() OVER (ORDER BY entrant) - 1 AS pos FROM (${people}) x WHERE entrant IN (SELECT entrant FROM (${valid}))`;
  return `SELECT v.entrant, v.entry_key, row_number() OVER (ORDER BY v.entrant, v.entry_key) - 1 AS pos FROM (${valid}) v
    WHERE v.entrant IN (${people})`;
}

/** The pool's fingerprint: SHA-256 of its people (or, by entry, person:entry) in pool order. */
export const poolHashSql = (rules: DrawRules | null) =>
  byEntry(rules)
    ? `sha256(coalesce(string_agg(entrant::VARCHAR || ':' || entry_key::VARCHAR, ',' ORDER BY pos), ''))`
    : `sha256(coalesce(string_agg(entrant::VARCHAR, ',' ORDER BY entrant), ''))`;
