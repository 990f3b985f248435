import { resolve } from 'node:path';
import { roiInput } from '../../contract/roi';
import { printJson, str, UsageError, type CommandSpec } from '../args';
import { runJob, withWorkspace } from '../core';

const FORMATS = { csv: 'table', xlsx: 'table', svg: 'chart' } as const;

export const exportCommand: CommandSpec = {
  name: 'export',
  summary: 'Exports the ROI table as CSV or XLSX (money to the cent, ratios as numbers), or its chart as SVG.',
  usage:
    'export --workspace W --out FILE.csv|FILE.xlsx|FILE.svg [--by media_buy|keyword|media_type|market|channel|week] [--from D] [--to D] [--json]',
  options: {
    workspace: { type: 'string' },
    out: { type: 'string' },
    by: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
  },
  help: [
    '  --out FILE          .csv or .xlsx for the table (every group, the unattributed row, the total), .svg for spend and revenue per group',
    '  --by G              grouping, as in `ace roi` (default media_buy); --from/--to limit the dates',
    '  (draws: `ace draw --report ID --out F.pdf`; segment members: `ace segment export`)',
  ],
  async run(args) {
    const out = str(args, 'out', true);
    const ext = out.toLowerCase().split('.').pop() as keyof typeof FORMATS;
    if (!Object.hasOwn(FORMATS, ext)) throw new UsageError(`--out must end in .csv, .xlsx or .svg (got "${out}")`);
    const parsed = roiInput.safeParse({ by: str(args, 'by') ?? 'media_buy', from: str(args, 'from'), to: str(args, 'to'), filters: {} });
    if (!parsed.success) throw new UsageError(`--${String(parsed.error.issues[0]!.path[0])}: ${parsed.error.issues[0]!.message}`);
    const workspace = str(args, 'workspace', true);
    const written = await withWorkspace(workspace, (call, session) =>
      runJob(call, session, 'roi.export', { ...parsed.data, format: ext, path: resolve(out) }),
    );
    // Rows written: every group and the total.
    const rows = written.rows ?? 0;
    if (args.values.json) printJson({ out, rows }, args.io);
    else args.io.out(`Wrote ${out} (${rows - 1} groups and the total)\n`);
    return 0;
  },
};
