import type { DatasetKind } from '../../contract/types';
import type { Writer } from '../db/client';
import { DerivedChanges } from './changes';
import { presentSql } from './state';
import { updateFacts } from './facts';
import { dropPivotTable, refreshPivotTable } from './pivot-table';
import { refreshPeople } from './people';
import { dropReplyTables } from '../replies/tables';
import { dropValidity } from '../rules/validity-table';
import { dropFlags } from '../fraud/store';

/** Kinds whose rows feed the facts (people, attribution, coupons). */
const FACT_KINDS = new Set<DatasetKind>(['entries', 'media_buys', 'redemptions']);

/**
 * Everything derived from an import's rows, inside its transaction: the facts, then Explore's flat
 * table and cube and the people table, refreshed for what changed (not rebuilt whole), so the first
 * pivot or segment count after an import answers at once. Contacts and opt-outs change only people
 * (their consent and attributes), as do message events that unsubscribe and STOP replies; stores change nothing derived.
 * `newRows` names a relation holding exactly the import's new entries, read instead of the table (commit.ts).
 */
export async function importDerived(w: Writer, kind: DatasetKind, importId: number, newRows: string | null = null): Promise<void> {
  // The tables that follow an import's changes: Explore's flat table (with its cube) and the people table.
  const [built] = await w.run<{ n: unknown }>(`SELECT ${presentSql(['pivot_entries', 'segment_people'])} AS n`);
  const changes = new DerivedChanges(w, Number(built!.n) > 0);
  const id = Number(importId);
  // Replies are tied to people and media buys through the entries and the plan: rebuilt when next asked.
  if (kind === 'entries' || kind === 'media_buys' || kind === 'replies') await dropReplyTables(w);
  // So is every entry's validity under the rules (the person's limits, age and state come from their entries).
  if (kind === 'entries' || kind === 'media_buys') await dropValidity(w);
  // Fraud flags read the entries and who is whom.
  if (kind === 'entries') await dropFlags(w);
  try {
    if (FACT_KINDS.has(kind)) await updateFacts(w, kind, importId, changes, newRows);
    else if (kind === 'contacts')
      await changes.peopleByAddress(
        `SELECT email AS address FROM contacts WHERE import_id = ${id} AND email IS NOT NULL
         UNION SELECT phone FROM contacts WHERE import_id = ${id} AND phone IS NOT NULL`,
      );
    else if (kind === 'optouts') await changes.peopleByAddress(`SELECT address FROM optouts WHERE import_id = ${id}`);
    // An unsubscribe or a spam complaint a sending service reports is an opt-out: consent follows at once.
    else if (kind === 'message_events')
      await changes.peopleByAddress(
        `SELECT address FROM message_events WHERE import_id = ${id} AND event IN ('unsubscribed', 'complained')`,
      );
    // So is a STOP reply: the texter's number (or the email's sender) is opted out of that channel.
    else if (kind === 'replies')
      await changes.peopleByAddress(
        `SELECT CASE channel WHEN 'sms' THEN phone ELSE email END AS address FROM replies WHERE import_id = ${id} AND ace_reply_type(text, channel) = 'opt_out'`,
      );
    if (changes.all) {
      await dropPivotTable(w);
      await w.run(`DROP TABLE IF EXISTS segment_people`);
    } else {
      const n = await changes.settle();
      await refreshPivotTable(w, n.entries, n.moved);
      await refreshPeople(w, n.people);
    }
  } catch (e) {
    // A failed statement leaves the transaction aborted: dropping the change tables would fail too and hide
    // why (an out-of-memory error read as "transaction is aborted"). The rollback takes them away.
    await changes.drop().catch(() => undefined);
    throw e;
  }
  await changes.drop();
}
