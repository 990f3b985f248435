import {
  bestTimeInput,
  outcomesInput,
  type BestTimeResult,
  type LiftSummary,
  type OutcomesResult,
  type PushResult,
} from '../../contract/outcomes';
import { printJson, str, UsageError, type CommandSpec } from '../args';
import { withWorkspace } from '../core';

const n = (x: number) => x.toLocaleString('en-US');
const money = (x: number) => x.toLocaleString('en-US', { style: 'currency', currency: 'USD' });
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const signed = (x: number, f: (v: number) => string) => (x >= 0 ? '+' : '−') + f(Math.abs(x));

function liftLines(l: LiftSummary, sent: number): string[] {
  const out = [`  held out ${n(l.heldOut.people)}: ${n(l.heldOut.redeemers)} redeemed, ${money(l.heldOut.revenue)}`];
  if (l.rateDiff) {
    const d = l.rateDiff;
    out.push(
      `  redemption rate lift ${signed(d.estimate, pct)} (95% CI ${signed(d.low, pct)} to ${signed(d.high, pct)})${l.significant.rate ? '' : ', not significant'}`,
    );
  }
  if (l.incrementalRedemptions) out.push(`  incremental redeemers ≈ ${l.incrementalRedemptions.estimate.toFixed(1)} of ${n(sent)} sent`);
  if (l.revenueDiff && l.incrementalRevenue) {
    const r = l.incrementalRevenue;
    out.push(
      `  incremental revenue ${signed(r.estimate, money)} (95% CI ${signed(r.low, money)} to ${signed(r.high, money)})${l.significant.revenue ? '' : ', not significant'}`,
    );
  }
  if (l.note) out.push(`  ${l.note}`);
  return out;
}

function pushLines(p: PushResult): string[] {
  const e = p.events;
  return [
    `${p.pushId}  ${p.segmentName} (${p.channel})  sent ${p.sentAt ?? 'not yet'}`,
    `  sent ${n(p.sent)}, delivered ${n(e.delivered)}, bounced ${n(e.bounced)}, opened ${n(e.opened)}, clicked ${n(e.clicked)}, replied ${n(e.replied)}, unsubscribed ${n(e.unsubscribed)}, complained ${n(e.complained)}`,
    ...(p.cost !== null
      ? [
          `  cost ${money(p.cost)}${p.costPerRedemption !== null ? `, ${money(p.costPerRedemption)} per redemption` : ''}${p.costPerIncrementalRedeemer !== null ? `, ${money(p.costPerIncrementalRedeemer)} per extra redeemer` : ''}`,
        ]
      : []),
    `  recipients: ${n(p.recipients.entrants)} entered (${n(p.recipients.entries)} entries), ${n(p.recipients.redeemers)} redeemed (${n(p.recipients.redemptions)} redemptions), ${money(p.recipients.revenue)}`,
    ...(p.lift ? liftLines(p.lift, p.sent) : []),
  ];
}

function text(r: OutcomesResult): string {
  if (!r.pushes.length) return 'No pushes yet.\n';
  return [
    `Results within ${r.windowDays} days of each send:`,
    '',
    ...r.pushes.flatMap((p) => [...pushLines(p), '']),
    ...(r.byTemplate.some((t) => t.templateId !== null)
      ? [
          'By message template:',
          ...r.byTemplate.map(
            (t) =>
              `  ${t.templateName ?? '(no template)'}: ${n(t.pushes)} push(es), sent ${n(t.sent)}, delivered ${n(t.events.delivered)}, opened ${n(t.events.opened)}, clicked ${n(t.events.clicked)}, ${n(t.recipients.redeemers)} redeemed, ${money(t.recipients.revenue)}`,
          ),
          '',
        ]
      : []),
    `${n(r.unlinkedEvents)} imported events tie to no push.`,
    '',
  ].join('\n');
}

const hourText = (h: number) => `${String(h).padStart(2, '0')}:00-${String((h + 1) % 24).padStart(2, '0')}:00`;

function bestTimeText(r: BestTimeResult): string {
  const who = r.segment ? `${r.segment.name} (v${r.segment.version})` : 'everyone';
  if (!r.best) return `Best time to send to ${who}: ${r.note}\n`;
  const top = r.byHour
    .map((n, h) => [h, n] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, 3)
    .map(([h, n]) => `${hourText(h)} (${n})`);
  return [
    `Best time to send to ${who}, in each person's local time:`,
    `  hour: ${hourText(r.best.hour)}, ${r.best.hourResponses} of ${r.responses} responses (${(r.best.share * 100).toFixed(1)}%)`,
    `  day: ${r.best.dayName}, ${r.best.dayResponses} responses`,
    `  busiest hours: ${top.join(', ')}`,
    `  from ${r.people} people; ${Object.entries(r.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(
        ', ',
      )}${r.withoutZone ? `; ${r.withoutZone} response${r.withoutZone === 1 ? '' : 's'} of people without a known zip left out` : ''}`,
    ...(r.note ? [`  ${r.note}`] : []),
    '',
  ].join('\n');
}

export const resultsCommand: CommandSpec = {
  name: 'results',
  summary:
    'What happened after each push: delivery and engagement events, and the entries, redemptions and revenue that followed (and the lift over a holdout).',
  usage: 'results --workspace W [--push ID] [--window DAYS] [--json] | --best-time [--segment NAME] [--responses a,b] [--json]',
  options: {
    workspace: { type: 'string' },
    push: { type: 'string' },
    window: { type: 'string' },
    'best-time': { type: 'boolean' },
    segment: { type: 'string' },
    responses: { type: 'string' },
  },
  help: [
    '  --workspace FILE    the workspace',
    '  --push ID           one push (default: every push but dry runs)',
    '  --window DAYS       days after the send in which entries, redemptions and revenue count (default 14)',
    '  --json              {"windowDays", "pushes": [...], "byTemplate": [...], "unlinkedEvents"}',
    "  --best-time         when people respond (opens, clicks, replies, redemptions) by weekday and hour of each person's",
    '                      local time (the zone of their zip); --segment NAME for a saved segment; --responses to choose',
  ],
  async run(args) {
    const path = str(args, 'workspace', true);
    if (args.values['best-time']) {
      const list = str(args, 'responses');
      const parsed = bestTimeInput.safeParse({
        segmentId: str(args, 'segment'),
        ...(list ? { responses: list.split(',').map((x) => x.trim()) } : {}),
      });
      if (!parsed.success)
        throw new UsageError(
          `--${parsed.error.issues[0]!.path[0] === 'segmentId' ? 'segment' : 'responses'}: ${parsed.error.issues[0]!.message}`,
        );
      const r = await withWorkspace(path, (call) => call('outcomes.bestTime', parsed.data));
      if (args.values.json) printJson(r, args.io);
      else args.io.out(bestTimeText(r));
      return 0;
    }
    const w = str(args, 'window');
    const parsed = outcomesInput.safeParse({ pushId: str(args, 'push'), windowDays: w === undefined ? undefined : Number(w) });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError(`--${issue.path[0] === 'windowDays' ? 'window' : 'push'}: ${issue.message}`);
    }
    const r = await withWorkspace(path, (call) => call('outcomes.results', parsed.data));
    if (args.values.json) printJson(r, args.io);
    else args.io.out(text(r));
    return 0;
  },
};
