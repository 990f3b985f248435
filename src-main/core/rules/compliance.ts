import type { ComplianceNote, ComplianceSummary, OfficialRules } from '../../contract/rules';
import type { DbClient } from '../db/client';
import { getRules } from './store';
import { validitySummary } from './validity';

/**
 * Compliance helpers for a US sweepstakes: warnings with where they come from, never legal advice. The
 * thresholds and deadlines below are the ones the cited statutes and IRS instructions state; each note says
 * to check the source, as they change.
 */
const REGISTRATION_LIMIT = 5000;
/** Prizes at or above this are reported on Form 1099-MISC (box 3, other income). */
const INFORMATION_RETURN = 600;

const day = (d: Date) => d.toISOString().slice(0, 10);
const minusDays = (ymd: string, n: number) => day(new Date(Date.parse(`${ymd}T00:00:00Z`) - n * 86_400_000));
const money = (x: number) => x.toLocaleString('en-US', { style: 'currency', currency: 'USD' });

/** Whether entrants from a state may take part (no list = everywhere). */
const open = (r: OfficialRules, state: string) => r.eligibleStates.length === 0 || r.eligibleStates.includes(state);

/** `drawnOn`: the day of the latest draw (the winners-list filings count from it), null before any. */
export function complianceNotes(r: OfficialRules, today: string, drawnOn: string | null = null): ComplianceNote[] {
  const total = r.prizes.reduce((a, p) => a + p.count * p.arv, 0);
  const start = r.entryPeriod?.start.slice(0, 10) ?? null;
  const notes: ComplianceNote[] = [];
  const due = (n: number) => (start ? minusDays(start, n) : null);
  const note = (n: Omit<ComplianceNote, 'overdue'>) => notes.push({ ...n, overdue: n.due !== null && n.due < today });
  if (!r.prizes.length)
    note({
      id: 'prizes',
      level: 'info',
      text: 'List the prizes and their approximate retail value (ARV) to check the thresholds below.',
      due: null,
      source: 'Official rules',
    });
  if (total > REGISTRATION_LIMIT && open(r, 'NY')) {
    note({
      id: 'ny-registration',
      level: 'warning',
      text: `New York: total prize value ${money(total)} is over ${money(REGISTRATION_LIMIT)}: register the sweepstakes with the Secretary of State and file a bond for the total prize value at least 30 days before it starts${start ? '' : ' (set the entry period to see the date)'}.`,
      due: due(30),
      source: 'N.Y. General Business Law § 369-e',
    });
    note({
      id: 'ny-winners',
      level: 'info',
      text: 'New York: file the list of winners of prizes over $25 with the Secretary of State after the draw, within the period the statute sets.',
      due: null,
      source: 'N.Y. General Business Law § 369-e',
    });
  }
  if (total > REGISTRATION_LIMIT && open(r, 'FL')) {
    note({
      id: 'fl-registration',
      level: 'warning',
      text: `Florida: total prize value ${money(total)} is over ${money(REGISTRATION_LIMIT)}: file the official rules with the Department of Agriculture and Consumer Services and set up a trust account or bond for the prize value at least 7 days before it starts${start ? '' : ' (set the entry period to see the date)'}.`,
      due: due(7),
      source: 'Fla. Stat. § 849.094',
    });
    note({
      id: 'fl-winners',
      level: 'info',
      text: 'Florida: file a certified list of the winners of prizes of $25 or more within 60 days of choosing them (Winner draw: public winners list).',
      due: drawnOn ? minusDays(drawnOn, -60) : null,
      source: 'Fla. Stat. § 849.094',
    });
  }
  for (const p of r.prizes.filter((x) => x.arv >= INFORMATION_RETURN))
    note({
      id: `1099-${p.tier}`,
      level: 'info',
      text: `${p.tier}: each prize's value (${money(p.arv)}) is at or above ${money(INFORMATION_RETURN)}: collect the winner's taxpayer ID (W-9) and report the prize on Form 1099-MISC. Check the current year's threshold in the IRS instructions.`,
      due: null,
      source: 'IRS, Instructions for Forms 1099-MISC and 1099-NEC (box 3, prizes and awards)',
    });
  return notes;
}

/** Prize value, warnings with their sources, and the odds statement as of now. */
export async function compliance(db: DbClient): Promise<ComplianceSummary> {
  const { rules } = await getRules(db);
  const v = await validitySummary(db);
  const [drawnOn] = await db.rows<{ d: string | null }>(`SELECT strftime(max(drawn_at), '%Y-%m-%d') AS d FROM draws`);
  const asOf = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const byEntry = rules.odds === 'entry';
  const chances = byEntry ? v.validEntries : v.validEntrants;
  return {
    totalArv: rules.prizes.reduce((a, p) => a + p.count * p.arv, 0),
    notes: complianceNotes(rules, day(new Date()), drawnOn?.d ?? null),
    asOf,
    odds: rules.prizes.map((p) => {
      const oneIn = chances > 0 ? Math.max(1, Math.round(chances / p.count)) : null;
      return {
        tier: p.tier,
        count: p.count,
        arv: p.arv,
        chances,
        oneIn,
        text:
          oneIn === null
            ? `${p.tier}: no ${byEntry ? 'valid entries' : 'valid entrants'} yet.`
            : `${p.tier} (${p.count} × ${money(p.arv)}): odds of winning are about 1 in ${oneIn.toLocaleString('en-US')} as of ${asOf} UTC (${chances.toLocaleString('en-US')} ${byEntry ? 'valid entries' : 'valid entrants'}); the final odds depend on the number of eligible ${byEntry ? 'entries' : 'entrants'} received.`,
      };
    }),
  };
}
