import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { segmentExportInput, segmentRule, type SegmentRule } from '../../contract/segments';
import { printJson, str, UsageError, type CommandSpec } from '../args';
import { runJob, withWorkspace } from '../core';

function readRule(path: string): SegmentRule {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read the rule file ${path}: ${(e as Error).message.split('\n')[0]}`);
  }
  const r = segmentRule.safeParse(json);
  if (!r.success)
    throw new UsageError(
      `the rule in ${path} is not valid: ${r.error.issues[0]?.message} (at ${r.error.issues[0]?.path.join('.') || 'the top'})`,
    );
  return r.data;
}

export const segmentCommand: CommandSpec = {
  name: 'segment',
  summary: 'Segments of entrants: list, show, save, count (people and reachable per channel), export members as CSV.',
  usage:
    'segment list|show|save|count|export --workspace W [--rule RULE.json | --id ID] [--name N] [--columns a,b] [--out FILE.csv] [--json]',
  options: {
    workspace: { type: 'string' },
    rule: { type: 'string' },
    id: { type: 'string' },
    name: { type: 'string' },
    columns: { type: 'string' },
    out: { type: 'string' },
  },
  help: [
    '  list                 saved segments (latest version of each)',
    '  show --id ID         one saved segment with its rule',
    '  save --rule R --name N [--id ID]   saves a new segment, or a new version of ID',
    '  count --rule R | --id ID           people, and how many may be messaged by email and by SMS',
    '  export --rule R | --id ID --columns entrant_id,email,...  [--out FILE.csv|FILE.xlsx]   members as CSV or XLSX (PII only when listed)',
    '  A rule is JSON, e.g. {"all": [{"type": "response", "field": "channel", "values": ["sms"]}, {"not": {"type": "redeemed", "value": true}}]}',
  ],
  async run(args) {
    const action = args.positionals[0];
    if (!['list', 'show', 'save', 'count', 'export'].includes(action ?? ''))
      throw new UsageError('say what to do: segment list, show, save, count or export');
    const path = str(args, 'workspace', true);
    return withWorkspace(path, async (call, session) => {
      const saved = async () => {
        const id = str(args, 'id');
        if (!id) return undefined;
        const s = (await call('segments.list', {})).find((x) => x.segmentId === id);
        if (!s) throw new UsageError(`there is no segment ${id} (see: segment list)`);
        return s;
      };
      const ruleOf = async () => {
        const file = str(args, 'rule');
        if (file) return readRule(file);
        const s = await saved();
        if (!s) throw new UsageError('give the rule as --rule RULE.json or a saved segment as --id ID');
        return s.rule;
      };
      const out = (value: unknown, text: string) => (args.values.json ? printJson(value, args.io) : args.io.out(text + '\n'));
      if (action === 'list') {
        const all = await call('segments.list', {});
        out(
          all,
          all.map((s) => `${s.segmentId}  v${s.version}  ${s.name}${s.problem ? `  (${s.problem})` : ''}`).join('\n') ||
            '(no segments yet)',
        );
      } else if (action === 'show') {
        const s = await saved();
        if (!s) throw new UsageError('give the segment as --id ID');
        out(s, `${s.name} (v${s.version}, ${s.createdAt})\n${JSON.stringify(s.rule, null, 2)}`);
      } else if (action === 'save') {
        const name = str(args, 'name', true);
        const s = await call('segments.save', { segmentId: str(args, 'id'), name, rule: await ruleOf() });
        out(s, `Saved ${s.name} as ${s.segmentId} v${s.version}.`);
      } else if (action === 'count') {
        const c = await call('segments.count', { rule: await ruleOf() });
        out(
          c,
          `${c.people.toLocaleString('en-US')} people; reachable by email ${c.reachable.email.toLocaleString('en-US')}, by SMS ${c.reachable.sms.toLocaleString('en-US')}`,
        );
      } else {
        const columns = (str(args, 'columns') ?? 'entrant_id').split(',').map((c) => c.trim());
        const parsed = segmentExportInput.safeParse({ rule: await ruleOf(), columns });
        if (!parsed.success) throw new UsageError(`--columns: ${parsed.error.issues[0]?.message}`);
        const file = str(args, 'out');
        const format = file?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
        if (file) {
          const { rows = 0 } = await runJob(call, session, 'segments.export', { ...parsed.data, format, path: resolve(file) });
          out({ rows, file }, `Wrote ${rows.toLocaleString('en-US')} members to ${file}.`);
        } else {
          // No file: the CSV goes to stdout (written by the same job to a private temp file first).
          const dir = mkdtempSync(join(tmpdir(), 'ace-segment-'));
          try {
            const csv = join(dir, 'members.csv');
            await runJob(call, session, 'segments.export', { ...parsed.data, format, path: csv });
            args.io.out(readFileSync(csv, 'utf8'));
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        }
      }
      return 0;
    });
  },
};
