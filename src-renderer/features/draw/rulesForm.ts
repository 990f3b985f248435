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
  };
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
  };
}
