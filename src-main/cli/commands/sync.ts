import { PUSH_FIELDS, type PushField } from '../../contract/deliver';
import { SYNC_MODES, type SyncPreview, type SyncRunInfo } from '../../contract/sync';
import { int, printJson, str, UsageError, type CommandSpec } from '../args';
import { withWorkspace, type CoreCall } from '../core';
import { configFrom, segmentIdOf } from './push';

const runLine = (r: SyncRunInfo) =>
  `${r.runId}  ${r.status.padEnd(18)} segment v${r.segmentVersion}  planned +${r.planned.add} ~${r.planned.update} -${r.planned.remove} (=${r.planned.unchanged})  ` +
  `done +${r.done.add} ~${r.done.update} -${r.done.remove}  failed ${r.failed}  suppressed ${r.suppressed}${r.lastError ? `  (${r.lastError})` : ''}`;

const previewText = (p: SyncPreview) =>
  [
    `"${p.segment.name}" v${p.segment.version} → list of ${p.listSize} (${p.mode}): add ${p.add}, update ${p.update}, remove ${p.remove}, unchanged ${p.unchanged}` +
      (p.kept ? `, kept ${p.kept} (upsert never removes; mirror would)` : ''),
    ...Object.entries(p.reasons).map(([k, n]) => `  ${k.replace(/_/g, ' ')}: ${n}`),
    ...p.examples.map(
      (e) => `  e.g. ${e.op} ${e.address}${e.previousAddress ? ` (was ${e.previousAddress})` : ''}: ${e.reason.replace(/_/g, ' ')}`,
    ),
    p.guard.trips
      ? `  The removals are ${(p.guard.removeShare * 100).toFixed(1)}% of the list, over the guard of ${p.guard.limitPct}%: a run needs --confirm-removals.`
      : '',
  ]
    .filter(Boolean)
    .join('\n');

/** A saved connector by id, or a new one from --connector webhook|csv and its address. */
async function connectorIdOf(call: CoreCall, args: Parameters<CommandSpec['run']>[0], name: string): Promise<string> {
  const c = str(args, 'connector', true)!;
  if (c !== 'webhook' && c !== 'csv') return c;
  const saved = await call('connectors.save', {
    name: `${name} (${c})`,
    config: configFrom(c, args.values as Record<string, string | boolean | undefined>),
  });
  return saved.connectorId;
}

export const syncCommand: CommandSpec = {
  name: 'sync',
  summary: 'Keeps a list in a sending service equal to a segment: adds, updates and (mirror) removes only what changed.',
  usage:
    'sync --workspace W --save --name N --segment S --connector ID|webhook|csv [--endpoint URL|--folder F] --mode upsert|mirror [--fields a,b] [--guard PCT] | --list | --sync ID --preview | --sync ID --run [--confirm-removals] | --resume RUN | --sync ID --history',
  options: {
    workspace: { type: 'string' },
    save: { type: 'boolean' },
    name: { type: 'string' },
    segment: { type: 'string' },
    connector: { type: 'string' },
    endpoint: { type: 'string' },
    folder: { type: 'string' },
    mode: { type: 'string' },
    channel: { type: 'string' },
    fields: { type: 'string' },
    guard: { type: 'string' },
    'batch-size': { type: 'string' },
    'every-hours': { type: 'string' },
    list: { type: 'boolean' },
    sync: { type: 'string' },
    preview: { type: 'boolean' },
    run: { type: 'boolean' },
    'confirm-removals': { type: 'boolean' },
    resume: { type: 'string' },
    history: { type: 'boolean' },
  },
  help: [
    '  --save               a new sync: --name, --segment (name or id), --connector (a saved connector id, or webhook',
    '                       with --endpoint URL, or csv with --folder F), --mode upsert (add and update, never remove) or',
    '                       mirror (also remove who left the segment or may no longer be messaged)',
    `  --fields a,b         fields kept on the list with each person: ${PUSH_FIELDS.join(', ')} (default first_name)`,
    '  --guard PCT          a run that would remove more than PCT% of the list waits for --confirm-removals (default 10)',
    "  --batch-size N       people per request, below the service's own limit (default: its limit)",
    '  --every-hours N      runs by itself every N hours while the app or ace serve runs (default: when asked)',
    '  --preview            what the next run would add, update and remove, and why; nothing is sent',
    '  --run                plans and sends the difference, exactly once per operation; exit 1 unless it finished',
    '  --resume RUN         sends what an interrupted run left, with the same idempotency keys',
    '  The webhook secret is read from ACE_PUSH_SECRET; it is never stored.',
  ],
  async run(args) {
    return withWorkspace(str(args, 'workspace', true), async (call) => {
      const json = !!args.values.json;
      const out = (value: unknown, text: string) => (json ? printJson(value, args.io) : args.io.out(`${text}\n`));
      if (args.values.list) {
        const all = await call('sync.list', {});
        out(
          all,
          all.map((s) => `${s.syncId}  ${s.name}: "${s.segment.name}" → ${s.target} (${s.mode}, ${s.listSize} on the list)`).join('\n') ||
            '(no syncs yet)',
        );
        return 0;
      }
      if (args.values.save) {
        const name = str(args, 'name', true)!;
        const mode = str(args, 'mode', true)!;
        if (!(SYNC_MODES as readonly string[]).includes(mode)) throw new UsageError(`--mode must be upsert or mirror (got "${mode}")`);
        const fields = (str(args, 'fields') ?? 'first_name').split(',').filter(Boolean);
        const bad = fields.find((f) => !(PUSH_FIELDS as readonly string[]).includes(f));
        if (bad) throw new UsageError(`--fields: "${bad}" is not one of ${PUSH_FIELDS.join(', ')}`);
        const guard = str(args, 'guard');
        if (guard !== undefined && !/^\d+(\.\d+)?$/.test(guard))
          throw new UsageError(`--guard must be a percentage, 0 to 100 (got "${guard}")`);
        const saved = await call('sync.save', {
          name,
          segmentId: await segmentIdOf(call, str(args, 'segment', true)!),
          channel: (str(args, 'channel') ?? 'email') as 'email' | 'sms',
          fields: fields as PushField[],
          connectorId: await connectorIdOf(call, args, name),
          mode: mode as 'upsert' | 'mirror',
          ...(guard !== undefined ? { guardPct: Number(guard) } : {}),
          ...(str(args, 'batch-size') ? { batchSize: int(args, 'batch-size', 0, 1, 100_000) } : {}),
          ...(str(args, 'every-hours') ? { everyHours: int(args, 'every-hours', 0, 1, 2160) } : {}),
        });
        out(saved, `${saved.syncId}  ${saved.name}: "${saved.segment.name}" → ${saved.target} (${saved.mode}, guard ${saved.guardPct}%)`);
        return 0;
      }
      const resume = str(args, 'resume');
      if (resume) {
        const r = await call('sync.resume', { runId: resume });
        out(r, runLine(r));
        return r.status === 'done' ? 0 : 1;
      }
      const syncId = str(args, 'sync');
      if (!syncId) throw new UsageError('name the sync: --sync ID (ace sync --list shows them), or --save a new one');
      if (args.values.preview) {
        const p = await call('sync.preview', { syncId });
        out(p, previewText(p));
        return 0;
      }
      if (args.values.run) {
        const r = await call('sync.run', { syncId, confirmRemovals: !!args.values['confirm-removals'] });
        out(r, runLine(r));
        return r.status === 'done' ? 0 : 1;
      }
      if (args.values.history) {
        const runs = await call('sync.runs', { syncId });
        out(runs, runs.map(runLine).join('\n') || '(no runs yet)');
        return 0;
      }
      throw new UsageError('say what to do: --preview, --run, --history (with --sync ID), --list, --save or --resume RUN');
    });
  },
};
