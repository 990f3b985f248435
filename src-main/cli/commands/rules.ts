import { readFileSync } from 'node:fs';
import { officialRules, type OfficialRules, type RulesInfo, type ValiditySummary } from '../../contract/rules';
import { printJson, str, UsageError, type CommandSpec } from '../args';
import { withWorkspace } from '../core';

const n = (x: number) => x.toLocaleString('en-US');
const money = (x: number) => x.toLocaleString('en-US', { style: 'currency', currency: 'USD' });
const REASONS: Record<string, string> = {
  outside_period: 'outside the entry period',
  over_limit: 'over the entry limit',
  under_age: 'under the minimum age',
  ineligible_state: 'in a state not eligible',
  excluded: 'on the excluded list',
  fraud: 'of people confirmed as fraud',
};

function readRules(path: string): OfficialRules {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read the rules file ${path}: ${(e as Error).message.split('\n')[0]}`);
  }
  const r = officialRules.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new UsageError(`the rules in ${path} are not valid: ${i.message} (at ${i.path.join('.') || 'the top'})`);
  }
  return r.data;
}

function rulesText(info: RulesInfo): string[] {
  const r = info.rules;
  if (!info.version) return ['No official rules saved: every entry is valid.'];
  const limits = [
    r.limits.perDay && `${n(r.limits.perDay)} a day`,
    r.limits.perCampaign && `${n(r.limits.perCampaign)} in all`,
    r.limits.perKeyword && `${n(r.limits.perKeyword)} per keyword`,
  ].filter(Boolean);
  return [
    `Official rules, version ${info.version} (saved ${info.savedAt}):`,
    `  entry period: ${r.entryPeriod ? `${r.entryPeriod.start} to ${r.entryPeriod.end}` : 'any time'}`,
    `  entries per person: ${limits.length ? limits.join(', ') : 'no limit'}`,
    `  minimum age: ${r.minAge ?? 'none'}; eligible states: ${r.eligibleStates.length ? r.eligibleStates.join(', ') : 'all'}`,
    `  excluded: ${n(r.excluded.length)} ${r.excluded.length === 1 ? 'address or id' : 'addresses or ids'}; odds per ${r.odds === 'entry' ? 'valid entry (one prize per person)' : 'valid entrant'}`,
  ];
}

function validityText(v: ValiditySummary): string[] {
  const invalid = Object.entries(v.invalidBy).filter(([, k]) => k > 0);
  return [
    `Valid: ${n(v.validEntries)} of ${n(v.entries)} entries, ${n(v.validEntrants)} of ${n(v.entrants)} entrants`,
    ...invalid.map(([k, c]) => `  ${n(c)} ${c === 1 ? 'entry' : 'entries'} ${REASONS[k]}`),
    ...(v.unknownAge ? [`  ${n(v.unknownAge)} entrants without an age: valid, to be checked at the claim`] : []),
    ...(v.unknownState ? [`  ${n(v.unknownState)} entrants without a known state: valid, to be checked at the claim`] : []),
    ...(v.unmatchedExclusions.length ? [`  excluded list lines that match nobody: ${v.unmatchedExclusions.join(', ')}`] : []),
    '',
    'By media buy (valid entries of all, cost per valid entry):',
    ...v.byMediaBuy.map(
      (b) =>
        `  ${b.mediaBuyId === null ? '(unattributed)' : b.name ? `${b.name} (${b.mediaBuyId})` : b.mediaBuyId}: ${n(b.validEntries)} of ${n(b.entries)}, ${b.costPerValidEntry === null ? '—' : money(b.costPerValidEntry)}`,
    ),
  ];
}

export const rulesCommand: CommandSpec = {
  name: 'rules',
  summary: 'The official rules (entry period, limits, age, states, excluded) and how many entries are valid under them.',
  usage: 'rules --workspace W [--set RULES.json] [--json]',
  options: { workspace: { type: 'string' }, set: { type: 'string' } },
  help: [
    '  --workspace FILE    the workspace',
    '  --set RULES.json    saves these rules as a new version, e.g.',
    '                      {"entryPeriod": {"start": "2026-03-01", "end": "2026-05-31"}, "limits": {"perDay": 1},',
    '                       "minAge": 18, "eligibleStates": ["MA", "NY"], "excluded": ["staff@example.com"], "odds": "entry"}',
    '  --json              {"rules": {...}, "validity": {...}}',
  ],
  async run(args) {
    const path = str(args, 'workspace', true);
    const file = str(args, 'set');
    const rules = file ? readRules(file) : null;
    const out = await withWorkspace(path, async (call) => {
      const info = rules ? await call('rules.save', { rules }) : await call('rules.get', {});
      return { rules: info, validity: await call('rules.validity', {}) };
    });
    if (args.values.json) printJson(out, args.io);
    else args.io.out([...rulesText(out.rules), '', ...validityText(out.validity), ''].join('\n'));
    return 0;
  },
};
