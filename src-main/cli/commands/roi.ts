import { roiInput, type RoiResult, type RoiRow } from '../../contract/roi';
import { printJson, str, UsageError, type CommandSpec } from '../args';
import { withWorkspace } from '../core';

const money = (v: number) => `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const ratio = (v: number | null, kind: 'money' | 'pct' | 'x') =>
  v === null ? '–' : kind === 'money' ? money(v) : kind === 'pct' ? `${(v * 100).toFixed(1)}%` : `${v.toFixed(2)}x`;

function table(r: RoiResult): string {
  const head = [
    'group',
    'spend',
    'entries',
    'entrants',
    'redemptions',
    'revenue',
    'cost/entry',
    'cost/redemption',
    'redemption rate',
    'ROAS',
    'ROI',
  ];
  const line = (x: RoiRow) => [
    x.label,
    money(x.spend),
    x.entries.toLocaleString('en-US'),
    x.unique_entrants.toLocaleString('en-US'),
    x.redemptions.toLocaleString('en-US'),
    money(x.revenue),
    ratio(x.cost_per_entry, 'money'),
    ratio(x.cost_per_redemption, 'money'),
    ratio(x.redemption_rate, 'pct'),
    ratio(x.roas, 'x'),
    ratio(x.roi, 'pct'),
  ];
  const rows = [head, ...r.rows.map(line), line(r.total)];
  const widths = head.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const fmt = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    fmt(head),
    ...rows.slice(1, -1).map(fmt),
    '-'.repeat(widths.reduce((a, b) => a + b + 2, -2)),
    fmt(rows.at(-1)!),
    '',
    ...r.notes,
  ].join('\n');
}

export const roiCommand: CommandSpec = {
  name: 'roi',
  summary:
    'ROI per media buy (or keyword, media type, market, channel, week): spend, entries, entrants, redemptions, revenue and the DOMAIN.md ratios.',
  usage:
    'roi --workspace W [--by media_buy|keyword|media_type|market|channel|week] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--media-buy A,B] [--media-type A,B] [--market A,B] [--channel A,B] [--margin PCT] [--last-touch DAYS] [--json]',
  options: {
    workspace: { type: 'string' },
    by: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    'media-buy': { type: 'string' },
    'media-type': { type: 'string' },
    market: { type: 'string' },
    channel: { type: 'string' },
    margin: { type: 'string' },
    'last-touch': { type: 'string' },
  },
  help: [
    '  --workspace FILE    the workspace',
    '  --by G              grouping (default media_buy)',
    "  --from, --to D      date range, inclusive, by each row's own date",
    '  --media-buy, --media-type, --market, --channel A,B   only these values (comma-separated)',
    '  --margin PCT        option: gross margin percent, adds gross_profit and profit_roi',
    "  --last-touch DAYS   option: credit unmatched redemptions carrying an email/phone to that person's latest entry within DAYS (shown apart)",
    '  --json              {"rows": [...], "total": {...}, "notes": [...]}; ratios with a zero denominator are null',
  ],
  async run(args) {
    const path = str(args, 'workspace', true);
    const num = (name: string) => {
      const v = str(args, name);
      if (v === undefined) return undefined;
      const x = Number(v);
      if (!Number.isFinite(x)) throw new UsageError(`--${name} must be a number, got "${v}"`);
      return x;
    };
    const values = (name: string) => {
      const v = str(args, name);
      return v === undefined
        ? undefined
        : v
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean);
    };
    const parsed = roiInput.safeParse({
      by: str(args, 'by') ?? 'media_buy',
      from: str(args, 'from'),
      to: str(args, 'to'),
      filters: { media_buy: values('media-buy'), media_type: values('media-type'), market: values('market'), channel: values('channel') },
      options: { marginPct: num('margin'), lastTouchDays: num('last-touch') },
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError(
        `--${String(issue.path.at(-1) ?? issue.path[0])
          .replace('marginPct', 'margin')
          .replace('lastTouchDays', 'last-touch')}: ${issue.message}`,
      );
    }
    const r = await withWorkspace(path, (call) => call('roi.get', parsed.data));
    if (args.values.json) printJson(r, args.io);
    else args.io.out(table(r) + '\n');
    return 0;
  },
};
