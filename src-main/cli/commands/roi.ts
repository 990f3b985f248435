import { formatMetric, METRICS, type MetricId } from '../../contract/metrics';
import { roiInput, type RoiFigureId, type RoiResult, type RoiRow } from '../../contract/roi';
import { printJson, str, UsageError, type CommandSpec } from '../args';
import { withWorkspace } from '../core';

/** The table's figures, headed and written as the metric catalogue says (the app's ROI screen does the same). */
const COLUMNS = [
  'spend',
  'entries',
  'unique_entrants',
  'redemptions',
  'revenue',
  'cost_per_entry',
  'cost_per_redemption',
  'redemption_rate',
  'roas',
  'roi',
] as const satisfies readonly RoiFigureId[];

/** A terminal heading: the short label in lower case, acronyms (ROAS, ROI) as they are. */
const heading = (id: MetricId) => {
  const short = METRICS[id].short;
  return short === short.toUpperCase() ? short : short.toLowerCase();
};

/** With official rules saved: valid entries and what each cost. */
const VALID_COLUMNS = ['valid_entries', 'cost_per_valid_entry'] as const satisfies readonly RoiFigureId[];

function table(r: RoiResult): string {
  const columns = [...COLUMNS, ...(r.total.valid_entries !== undefined ? VALID_COLUMNS : [])];
  const head = ['group', ...columns.map(heading)];
  const line = (x: RoiRow) => [x.label, ...columns.map((id) => formatMetric(id, x[id]))];
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
