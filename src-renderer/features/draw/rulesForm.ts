import type { OfficialRules } from '../../../src-main/contract/rules';

/** The rules form's fields as typed (text), and back: what the core validates is the rules object. */
export interface RulesForm {
  start: string;
  end: string;
  perDay: string;
  perCampaign: string;
  perKeyword: string;
  minAge: string;
  states: string;
  excluded: string;
  odds: 'entry' | 'person';
  /** One prize tier per line: tier | how many | ARV of each. */
  prizes: string;
  claimDays: string;
}

const text = (n: number | null) => (n === null ? '' : String(n));
const count = (s: string) => (s.trim() === '' ? null : Number(s.trim()));

export function toForm(r: OfficialRules): RulesForm {
  return {
    start: r.entryPeriod?.start ?? '',
    end: r.entryPeriod?.end ?? '',
    perDay: text(r.limits.perDay),
    perCampaign: text(r.limits.perCampaign),
    perKeyword: text(r.limits.perKeyword),
    minAge: text(r.minAge),
    states: r.eligibleStates.join(', '),
    excluded: r.excluded.join('\n'),
    odds: r.odds,
    prizes: r.prizes.map((p) => `${p.tier} | ${p.count} | ${p.arv}`).join('\n'),
    claimDays: text(r.claimDays),
  };
}

/** The prize lines as data, or the first line that cannot be read and why. */
export function parsePrizes(text: string): { prizes: { tier: string; count: number; arv: number }[] } | { error: string } {
  const prizes = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    const parts = line.split('|').map((x) => x.trim());
    const count = Number(parts[1]);
    const arv = Number((parts[2] ?? '').replace(/[$,\s]/g, ''));
    if (parts.length !== 3 || !parts[0] || !Number.isInteger(count) || count < 1 || !Number.isFinite(arv) || arv < 0)
      return { error: `Prize line ${i + 1} ("${line.trim()}"): write it as tier | how many | value of each, e.g. Grand prize | 1 | 5000.` };
    prizes.push({ tier: parts[0], count, arv });
  }
  return { prizes };
}

/** The rules a form gives; a period needs both ends (one alone is an error the core names). */
export function fromForm(f: RulesForm): unknown {
  const period = f.start.trim() || f.end.trim() ? { start: f.start.trim(), end: f.end.trim() } : null;
  return {
    entryPeriod: period,
    limits: { perDay: count(f.perDay), perCampaign: count(f.perCampaign), perKeyword: count(f.perKeyword) },
    minAge: count(f.minAge),
    eligibleStates: f.states
      .split(/[,\s]+/)
      .map((s) => s.trim())
      .filter(Boolean),
    excluded: f.excluded
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean),
    odds: f.odds,
    claimDays: count(f.claimDays),
    prizes: (() => {
      const p = parsePrizes(f.prizes);
      if ('error' in p) throw new Error(p.error);
      return p.prizes;
    })(),
  };
}
