import { tableFromIPC } from 'apache-arrow';
import { pivotSpec } from '../../contract/pivot';
import { printJson, str, UsageError, type CommandSpec } from '../args';
import { withWorkspace } from '../core';

const list = (v: string | undefined) =>
  v
    ? v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];

/** "entries", "unique_entrants", "sum:age", "median:revenue", "distinct:zip" ... */
function measure(text: string) {
  const [fn, ...field] = text.split(':');
  return field.length ? { fn, field: field.join(':') } : { fn };
}

export const pivotCommand: CommandSpec = {
  name: 'pivot',
  summary: 'A pivot of the entries: row and column fields, measures, filters; subtotals and totals.',
  usage: 'pivot --workspace W --rows a,b [--cols c] [--measures m1,m2] [--filter JSON] [--top N] [--json]',
  options: {
    workspace: { type: 'string' },
    rows: { type: 'string' },
    cols: { type: 'string' },
    measures: { type: 'string' },
    filter: { type: 'string' },
    top: { type: 'string' },
  },
  help: [
    '  --rows a,b          row fields: channel, keyword, media_buy, media_type, market, zip, zip3, state, age_band,',
    '                      product_affinity, purchase_timeframe, email_opt_in, sms_opt_in, entry_day, entry_week,',
    '                      entry_month, store, redeemed, or attr:<custom column>',
    '  --cols c            column fields (same list)',
    '  --measures m1,m2    entries (default), unique_entrants, redemptions, revenue, discounts, redemption_rate,',
    '                      or fn:field with fn = count, sum, avg, min, max, median, distinct (e.g. median:age)',
    '  --filter JSON       a list of filters, e.g. [{"field":"channel","op":"in","values":["sms"]}]',
    '                      ops: in, not_in (values; null = empty), between (from, to), empty, not_empty',
    '  --top N             keep the first row field\'s top N values by the first measure, the rest as "(other)"',
    '  --json              the lines as JSON objects: row and column values, level (row fields grouped; fewer = subtotal),',
    '                      col_total, and each measure by name',
  ],
  async run(args) {
    const path = str(args, 'workspace', true);
    let filters: unknown = [];
    const filterText = str(args, 'filter');
    if (filterText) {
      try {
        filters = JSON.parse(filterText);
      } catch {
        throw new UsageError(`--filter must be JSON, e.g. [{"field":"channel","op":"in","values":["sms"]}]`);
      }
    }
    const top = str(args, 'top');
    const parsed = pivotSpec.safeParse({
      rows: list(str(args, 'rows')),
      cols: list(str(args, 'cols')),
      measures: str(args, 'measures') ? list(str(args, 'measures')).map(measure) : undefined,
      filters,
      topN: top === undefined ? undefined : Number(top),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError(`--${String(issue.path[0] ?? 'rows').replace('topN', 'top')}: ${issue.message}`);
    }
    const spec = parsed.data;
    const table = tableFromIPC(await withWorkspace(path, (call) => call('pivot.run', spec)));
    const names = [...spec.rows, ...spec.cols];
    const measureNames = spec.measures.map((m) => (m.field ? `${m.fn}:${m.field}` : m.fn));
    const lines = table.toArray().map((row) => {
      const r = row.toJSON() as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      spec.rows.forEach((f, i) => (out[f] = r[`r${i}`] ?? null));
      spec.cols.forEach((f, i) => (out[f] = r[`c${i}`] ?? null));
      out.level = r.level;
      out.col_total = r.col_total;
      measureNames.forEach((m, i) => (out[m] = r[`m${i}`] ?? null));
      return out;
    });
    if (args.values.json) printJson({ rows: spec.rows, cols: spec.cols, measures: measureNames, lines }, args.io);
    else {
      const head = [...names, 'level', ...measureNames];
      args.io.out(
        [head.join('\t'), ...lines.map((l) => head.map((h) => (l[h] === null ? '' : String(l[h]))).join('\t'))].join('\n') + '\n',
      );
    }
    return 0;
  },
};
