import type { DatasetKind } from '../../contract/types';
import { KEYWORD_BUYS_SQL } from './keyword-buys';
import type { Writer } from '../db/client';
import type { DerivedChanges } from './changes';
import { dropPivotTable } from './pivot-table';
import { dropReplyTables } from '../replies/tables';
import { dropValidity } from '../rules/validity-table';
import { dropFlags } from '../fraud/store';
import { dropAll } from '../lib/drop';

/**
 * Derived facts every later query joins (DOMAIN.md identity and attribution), maintained inside the
 * transaction of each import so they always match the data:
 *
 * - entrant of each entry: connected components over normalised email and phone (an SMS entry from
 *   +16175550101 and a web entry with ann@example.com and +16175550101 are one entrant);
 * - media buy of each entry: its media_buy_id when known, else its keyword, else its source, else none;
 * - entry (and so media buy) of each redemption: the entry that issued its coupon code.
 *
 * Every address is a node named by a 64-bit hash of it (integer joins are far cheaper than text). An
 * entry with both an email and a phone is an edge. `identity_labels` holds, for every address that
 * shares an entry with another, the smallest node of its component: that is the person's id. An
 * address alone is its own person (its own hash), and an entry with neither is a person of its own.
 *
 * An import only touches what it changes: the components its new edges join, the facts of its own
 * rows, and the entries and redemptions whose links those change. A plan import re-attributes all.
 */
const EMAIL_NODE = (e: string) => `hash('e:' || ${e})`;
const PHONE_NODE = (e: string) => `hash('p:' || ${e})`;

/**
 * Brings the facts up to date after rows of `kind` arrived in import `importId`, and notes in
 * `changes` which entries and people the derived tables must follow (refresh.ts).
 */
export async function updateFacts(
  w: Writer,
  kind: DatasetKind,
  importId: number,
  changes: DerivedChanges,
  newRows: string | null = null,
): Promise<void> {
  const id = Number(importId);
  if (kind === 'entries') {
    // The import's entries: from `newRows` when given (the same rows, read in parallel: commit.ts), else the table.
    if (newRows !== null && !/^[a-z_]+$/.test(newRows)) throw new Error(`Bad relation name ${newRows}`);
    const from = newRows ?? 'entries';
    const scope = newRows ? 'true' : `import_id = ${id}`;
    await mergeIdentity(w, scope, changes, from);
    await insertEntryFacts(w, newRows ? 'true' : `e.import_id = ${id}`, from);
    await changes.entries(`SELECT ace_row_key(import_id, line) AS entry_key FROM ${from} WHERE ${scope}`);
    await relinkRedemptions(w, `coupon_code IN (SELECT coupon_code FROM ${from} WHERE ${scope})`, changes);
  } else if (kind === 'redemptions') {
    await insertRedemptionFacts(w, `r.import_id = ${id}`);
    await changes.entries(`SELECT DISTINCT rf.entry_key FROM redemption_facts_t rf JOIN redemptions r
      ON ace_row_key(r.import_id, r.line) = rf.redemption_key WHERE r.import_id = ${id} AND rf.entry_key IS NOT NULL`);
  } else if (kind === 'media_buys') {
    // A plan re-attributes every entry and renames types and markets: the derived tables are rebuilt.
    changes.all = true;
    await reattribute(w);
  }
}

/** Drops what is derived from the facts (rebuilt when next needed). */
async function dropDerived(w: Writer): Promise<void> {
  await dropPivotTable(w);
  await w.run(`DROP TABLE IF EXISTS segment_people`);
  await dropReplyTables(w);
  await dropValidity(w);
  await dropFlags(w);
}

/** Recomputes every fact from the data (after the demo is generated, or to repair). */
export async function rebuildFacts(w: Writer): Promise<void> {
  await dropDerived(w);
  for (const t of ['identity_edges', 'identity_labels', 'entry_facts_t', 'redemption_facts_t']) await w.run(`DELETE FROM ${t}`);
  await mergeIdentity(w, 'true');
  await insertEntryFacts(w, 'true');
  await insertRedemptionFacts(w, 'true');
}

/**
 * Adds the edges of the entries matching `scope` and relabels only the components they touch:
 * the new edges' ends, plus every address already in a component with one of them.
 */
async function mergeIdentity(w: Writer, scope: string, changes?: DerivedChanges, from = 'entries'): Promise<void> {
  await w.run(`CREATE OR REPLACE TEMP TABLE id_new AS
    SELECT DISTINCT ${EMAIL_NODE('email')} AS x, ${PHONE_NODE('phone')} AS y FROM ${from}
    WHERE ${scope} AND email IS NOT NULL AND phone IS NOT NULL
    EXCEPT SELECT x, y FROM identity_edges`);
  const [n] = await w.run<{ n: string }>(`SELECT count(*) AS n FROM id_new`);
  if (Number(n!.n) > 0) {
    await w.run(`INSERT INTO identity_edges SELECT x, y FROM id_new`);
    // The nodes whose label may change, with the label each has now (its own hash if it had none).
    await w.run(`CREATE OR REPLACE TEMP TABLE id_old AS
      WITH ends AS (SELECT x AS n FROM id_new UNION SELECT y FROM id_new),
      touched AS (SELECT DISTINCT coalesce(l.label, e.n) AS label FROM ends e LEFT JOIN identity_labels l ON l.node = e.n)
      SELECT n, n AS label FROM ends WHERE n NOT IN (SELECT node FROM identity_labels)
      UNION ALL SELECT l.node, l.label FROM identity_labels l WHERE l.label IN (SELECT label FROM touched)`);
    // Their edges, both ways (both ends of an edge are always in the same component).
    await w.run(`CREATE OR REPLACE TEMP TABLE id_edge AS
      SELECT x, y FROM identity_edges WHERE x IN (SELECT n FROM id_old)
      UNION ALL SELECT y, x FROM identity_edges WHERE x IN (SELECT n FROM id_old)`);
    await w.run(`CREATE OR REPLACE TEMP TABLE id_lbl AS SELECT n, n AS l FROM id_old`);
    await propagateLabels(w);
    // Entrants already recorded under a label that changed move to the new one.
    await w.run(`CREATE OR REPLACE TEMP TABLE id_moved AS
      SELECT DISTINCT o.label AS old, l.l AS new FROM id_old o JOIN id_lbl l USING (n) WHERE o.label <> l.l`);
    await w.run(`UPDATE entry_facts_t SET entrant = m.new FROM id_moved m WHERE entry_facts_t.entrant = m.old`);
    // Their entries' rows carry the person; the old person is gone and the merged one changes.
    if (changes) await changes.moved(`SELECT old, new FROM id_moved`);
    await w.run(`DELETE FROM identity_labels WHERE node IN (SELECT n FROM id_lbl)`);
    await w.run(`INSERT INTO identity_labels SELECT n, l FROM id_lbl`);
  }
  await dropAll(w, ['id_new', 'id_old', 'id_edge', 'id_lbl', 'id_moved']);
}

/**
 * Min-label propagation with pointer jumping over id_edge, from the labels in id_lbl to each component's
 * smallest node: each round takes the smallest label among neighbours, then the label of that label.
 *
 * Only the components not yet settled go on to the next round. A label is always a node of the label's own
 * component and never above the node's own id; so a component whose edges all have the same label at both
 * ends has one label throughout, its smallest node's (that node's label is a node of the component no larger
 * than itself), and no round changes it again: it is settled. Every node of an unsettled component carries
 * the label of an end of an unequal edge (walking from the node to such an edge, the first change of label
 * is one), and no node of a settled component does (its label is its own smallest node). So the next round
 * takes the nodes with those labels, and their edges: whole components, which move independently of the
 * rest. At 10M entries the first round settles nearly every component: the rounds took 3.5 s instead of 8.3
 * (three rounds over every node, each with a count of what changed).
 */
async function propagateLabels(w: Writer): Promise<void> {
  let [labels, edges] = ['id_lbl', 'id_edge'];
  for (let i = 0; i < 64; i++) {
    await w.run(`CREATE OR REPLACE TEMP TABLE id_next AS
      WITH m AS (SELECT e.x AS n, min(l.l) AS l FROM ${edges} e JOIN ${labels} l ON l.n = e.y GROUP BY e.x),
      s AS (SELECT l.n, least(l.l, m.l) AS l FROM ${labels} l LEFT JOIN m USING (n))
      SELECT a.n, least(a.l, b.l) AS l FROM s a JOIN s b ON b.n = a.l`);
    // The labels of unequal edges' ends: nodes with a neighbour of another label (edges are stored both ways,
    // so each end is a node here). Equality joins only: with "a.l <> b.l" between two joins DuckDB may pair
    // the labels first (a star of 300,000 entries ran for minutes).
    await w.run(`CREATE OR REPLACE TEMP TABLE id_open AS
      SELECT DISTINCT a.l FROM id_next a JOIN (
        SELECT e.x AS n, min(b.l) AS lo, max(b.l) AS hi FROM ${edges} e JOIN id_next b ON b.n = e.y GROUP BY e.x) nb USING (n)
      WHERE a.l <> nb.lo OR a.l <> nb.hi`);
    if (labels === 'id_lbl') {
      await w.run(`DROP TABLE id_lbl`);
      await w.run(`ALTER TABLE id_next RENAME TO id_lbl`);
    } else {
      await w.run(`UPDATE id_lbl SET l = x.l FROM id_next x WHERE id_lbl.n = x.n AND id_lbl.l <> x.l`);
    }
    const [open] = await w.run<{ n: string }>(`SELECT count(*) AS n FROM id_open`);
    if (Number(open!.n) === 0) break;
    await w.run(`CREATE OR REPLACE TEMP TABLE id_sub AS SELECT n, l FROM id_lbl WHERE l IN (SELECT l FROM id_open)`);
    await w.run(`CREATE OR REPLACE TEMP TABLE id_sub_edge AS SELECT x, y FROM id_edge WHERE x IN (SELECT n FROM id_sub)`);
    [labels, edges] = ['id_sub', 'id_sub_edge'];
  }
  await dropAll(w, ['id_next', 'id_open', 'id_sub', 'id_sub_edge']);
}

/** Media buy of an entry (of `entries`, or a relation with its columns): its media_buy_id when the plan knows it, else its keyword's, else its source's. */
const ATTRIBUTION_FROM = (entries = 'entries') => `${entries} e
    LEFT JOIN media_buys mb ON mb.media_buy_id = e.media_buy_id
    LEFT JOIN mb_keyword kw ON kw.keyword = e.keyword
    LEFT JOIN mb_keyword src ON src.keyword = upper(regexp_replace(e.source, '\\s+', '', 'g'))`;
const ATTRIBUTED_BUY = `coalesce(mb.media_buy_id, kw.media_buy_id, src.media_buy_id)`;
const ATTRIBUTED_BY = `CASE WHEN mb.media_buy_id IS NOT NULL THEN 'media_buy_id' WHEN kw.media_buy_id IS NOT NULL THEN 'keyword'
                WHEN src.media_buy_id IS NOT NULL THEN 'source' END`;

async function keywordMap(w: Writer): Promise<void> {
  await w.run(`CREATE OR REPLACE TEMP TABLE mb_keyword AS ${KEYWORD_BUYS_SQL}`);
}

async function insertEntryFacts(w: Writer, scope: string, from = 'entries'): Promise<void> {
  await keywordMap(w);
  // An entry's person is its email's (else its phone's) component label, else that address itself:
  // one lookup per entry. (hash(NULL) is not NULL, so the address is chosen before hashing.)
  const node = `CASE WHEN e.email IS NOT NULL THEN ${EMAIL_NODE('e.email')} WHEN e.phone IS NOT NULL THEN ${PHONE_NODE('e.phone')} END`;
  // An import's new entries are in its transaction, where DuckDB estimates them from the committed table
  // (empty on a first import): it then builds its hash tables on the millions of new entries instead of
  // the plan's few dozen rows (at 10M: 16 s and 1 GB over the memory limit, against 6 s). Its joins hash their
  // right side, as written: the small one.
  await w.temporarily('noSideSwap', () =>
    w.run(`INSERT INTO entry_facts_t
    SELECT ace_row_key(e.import_id, e.line),
           CASE WHEN e.email IS NULL AND e.phone IS NULL THEN hash('x:' || e.entry_id) ELSE coalesce(l.label, ${node}) END,
           ${ATTRIBUTED_BUY}, ${ATTRIBUTED_BY}
    FROM ${ATTRIBUTION_FROM(from)}
    LEFT JOIN identity_labels l ON l.node = ${node}
    WHERE ${scope}`),
  );
  await w.run(`DROP TABLE mb_keyword`);
}

/** The plan changed: every entry's media buy is decided again (people stay who they are). */
async function reattribute(w: Writer): Promise<void> {
  await keywordMap(w);
  await w.run(`UPDATE entry_facts_t SET media_buy_id = a.media_buy_id, attributed_by = a.attributed_by
    FROM (SELECT ace_row_key(e.import_id, e.line) AS entry_key, ${ATTRIBUTED_BUY} AS media_buy_id, ${ATTRIBUTED_BY} AS attributed_by
          FROM ${ATTRIBUTION_FROM()}) a
    WHERE entry_facts_t.entry_key = a.entry_key
      AND (entry_facts_t.media_buy_id IS DISTINCT FROM a.media_buy_id OR entry_facts_t.attributed_by IS DISTINCT FROM a.attributed_by)`);
  await w.run(`DROP TABLE mb_keyword`);
}

/** The entry that issued each coupon: the first by entry_id when an export repeats a code. */
const ISSUER = (couponScope: string) => `(SELECT coupon_code, arg_min(ace_row_key(import_id, line), entry_id) AS entry_key
      FROM entries WHERE coupon_code IS NOT NULL AND ${couponScope} GROUP BY coupon_code)`;

async function insertRedemptionFacts(w: Writer, scope: string): Promise<void> {
  await w.run(`INSERT INTO redemption_facts_t
    SELECT ace_row_key(r.import_id, r.line), c.entry_key
    FROM redemptions r
    LEFT JOIN ${ISSUER(`coupon_code IN (SELECT coupon_code FROM redemptions r WHERE ${scope})`)} c ON c.coupon_code = r.coupon_code
    WHERE ${scope}`);
}

/** New entries may have issued coupons already redeemed: those redemptions are linked again. */
async function relinkRedemptions(w: Writer, couponScope: string, changes: DerivedChanges): Promise<void> {
  const [n] = await w.run<{ n: string }>(`SELECT count(*) AS n FROM (SELECT 1 FROM redemption_facts_t LIMIT 1)`);
  if (Number(n!.n) === 0) return;
  await w.run(`CREATE OR REPLACE TEMP TABLE relinked AS
    SELECT rf.redemption_key, rf.entry_key AS old, c.entry_key AS new
    FROM redemption_facts_t rf JOIN redemptions r ON ace_row_key(r.import_id, r.line) = rf.redemption_key
    JOIN ${ISSUER(couponScope)} c ON c.coupon_code = r.coupon_code
    WHERE rf.entry_key IS DISTINCT FROM c.entry_key`);
  await w.run(`UPDATE redemption_facts_t SET entry_key = x.new FROM relinked x WHERE redemption_facts_t.redemption_key = x.redemption_key`);
  // Both entries' redemptions changed (and so both people's).
  await changes.entries(`SELECT old AS entry_key FROM relinked WHERE old IS NOT NULL UNION SELECT new FROM relinked WHERE new IS NOT NULL`);
  await w.run(`DROP TABLE relinked`);
}
