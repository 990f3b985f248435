import { CONNECTOR_KINDS } from '../../core/deliver/connector';
import {
  connectorConfig,
  PUSH_CHANNELS,
  PUSH_FIELDS,
  type ConnectorConfig,
  type PushChannel,
  type PushField,
  type PushInfo,
} from '../../contract/deliver';
import { CLI_CONNECTOR } from '../../core/deliver/request';
import { AceError } from '../../core/lib/errors';
import { int, printJson, str, UsageError, type CommandSpec } from '../args';
import { withWorkspace, type CoreCall } from '../core';
import { askSecret } from '../prompt';

export function configFrom(kind: string, args: Record<string, string | boolean | undefined>): ConnectorConfig {
  if (!(CONNECTOR_KINDS as readonly string[]).includes(kind))
    throw new UsageError(`--connector must be one of ${CONNECTOR_KINDS.join(', ')} (got "${kind}")`);
  const endpoint = typeof args.endpoint === 'string' ? args.endpoint : undefined;
  const raw =
    kind === 'webhook'
      ? { kind, endpoint }
      : kind === 'csv'
        ? { kind, folder: endpoint ?? args.folder }
        : kind === 'sendgrid'
          ? {
              kind,
              ...(endpoint ? { baseUrl: endpoint } : {}),
              listIds: typeof args['list-id'] === 'string' ? args['list-id'].split(',') : [],
            }
          : { kind, listId: args['list-id'], ...(endpoint ? { baseUrl: endpoint } : {}) };
  const r = connectorConfig.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where = String(issue.path[0] ?? '');
    const flag =
      where === 'endpoint' || where === 'baseUrl'
        ? '--endpoint'
        : where === 'listId'
          ? '--list-id'
          : where === 'folder'
            ? '--endpoint (the folder)'
            : `--${where}`;
    throw new UsageError(`${flag}: ${issue.message}`);
  }
  return r.data;
}

/**
 * No secret in the environment for a service that needs one: ask on the terminal (never stored).
 * The secret store is the host's (like the desktop keychain), not an API method.
 */
async function askSecretIfMissing(session: { secrets: { get(id: string): unknown; set(id: string, s: string): unknown } }, kind: string) {
  if (kind === 'csv' || session.secrets.get(CLI_CONNECTOR)) return;
  const secret = await askSecret(`Secret for the ${kind} service (ACE_PUSH_SECRET; not shown, not stored): `);
  if (secret) session.secrets.set(CLI_CONNECTOR, secret);
}

/** Pushes a crash or kill left unfinished (what `--resume` picks up). */
const UNFINISHED: readonly string[] = ['planned', 'sending', 'interrupted'];
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A saved segment by id or name. The core resolves both (an id first, then a name, case-insensitive);
 * a name the API's id pattern does not take (spaces, accents) is looked up in the segment list here.
 */
export async function segmentIdOf(call: CoreCall, nameOrId: string): Promise<string> {
  if (ID.test(nameOrId)) return nameOrId;
  const ids = [
    ...new Set((await call('segments.list', {})).filter((x) => x.name.toLowerCase() === nameOrId.toLowerCase()).map((x) => x.segmentId)),
  ];
  if (ids.length === 0)
    throw new AceError(
      'NOT_FOUND',
      `There is no saved segment "${nameOrId}". Save the segment first (Segments screen, or ace segment save).`,
    );
  if (ids.length > 1)
    throw new AceError('BAD_INPUT', `${ids.length} segments are called "${nameOrId}": give the id instead (${ids.join(', ')}).`);
  return ids[0]!;
}

/** A push's summary (push.get also lists its undelivered contacts, which the command line does not print). */
async function pushInfoOf(call: CoreCall, pushId: string): Promise<PushInfo> {
  const { problems: _problems, ...info } = await call('push.get', { pushId });
  return info;
}

const line = (p: PushInfo) =>
  `${p.pushId}  ${p.status.padEnd(18)} ${p.segment.name} v${p.segment.version}  ${p.channel}  ${p.connector.kind} ${p.connector.target}  ` +
  `accepted ${p.counts.accepted}/${p.counts.planned}, rejected ${p.counts.rejected}, failed ${p.counts.failed}, suppressed ${p.counts.suppressed}` +
  (p.lastError ? `  (${p.lastError})` : '');

/** "--message-costs email=0.001,sms=0.0079": a channel left out is not known. */
function costsOf(text: string): { email: number | null; sms: number | null } {
  const out: { email: number | null; sms: number | null } = { email: null, sms: null };
  for (const part of text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const m = /^(email|sms)\s*=\s*\$?(\d{0,3}(?:\.\d{1,5})?)$/i.exec(part);
    if (!m || m[2] === '' || Number(m[2]) > 100)
      throw new UsageError(`--message-costs: "${part}" is not channel=amount (email=0.001, sms=0.0079; up to 100, 5 decimals)`);
    out[m[1]!.toLowerCase() as 'email' | 'sms'] = Number(m[2]);
  }
  return out;
}

/** "--frequency-cap 3/7" (3 messages per 7 days), or "off". */
function capOf(text: string): { max: number; days: number } | null {
  if (text.trim().toLowerCase() === 'off') return null;
  const m = /^\s*(\d{1,3})\s*\/\s*(\d{1,3})\s*$/.exec(text);
  const max = Number(m?.[1]);
  const days = Number(m?.[2]);
  if (!m || max < 1 || max > 100 || days < 1 || days > 365)
    throw new UsageError(`--frequency-cap must be N/DAYS (1-100 messages per 1-365 days, e.g. 3/7) or off, got "${text}"`);
  return { max, days };
}

/** "--holdout 10" or "10%": a share of 1-50 %. */
function holdoutOf(pct: string | undefined, seed: string | undefined): { share: number; seed?: string } | undefined {
  if (pct === undefined) {
    if (seed !== undefined) throw new UsageError('--holdout-seed needs --holdout PCT');
    return undefined;
  }
  const x = Number(pct.replace(/%$/, '').trim());
  if (!Number.isFinite(x) || x < 1 || x > 50) throw new UsageError(`--holdout must be a percentage from 1 to 50, got "${pct}"`);
  if (seed !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(seed))
    throw new UsageError('--holdout-seed: letters, digits, - and _ only (up to 64)');
  return { share: x / 100, ...(seed !== undefined ? { seed } : {}) };
}

export const pushCommand: CommandSpec = {
  name: 'push',
  summary: 'Pushes a saved segment to a sending service, exactly once per contact, honouring every opt-out.',
  usage:
    'push --workspace W --segment NAME --connector webhook|sendgrid|mailchimp|csv --endpoint URL [--channel email|sms] [--fields a,b] [--dry-run] [--resume] [--test-connection] [--json]',
  options: {
    workspace: { type: 'string' },
    segment: { type: 'string' },
    version: { type: 'string' },
    connector: { type: 'string' },
    endpoint: { type: 'string' },
    folder: { type: 'string' },
    'list-id': { type: 'string' },
    channel: { type: 'string' },
    fields: { type: 'string' },
    'dry-run': { type: 'boolean' },
    resume: { type: 'boolean' },
    rerun: { type: 'boolean' },
    push: { type: 'string' },
    template: { type: 'string' },
    holdout: { type: 'string' },
    'frequency-cap': { type: 'string' },
    'message-costs': { type: 'string' },
    'holdout-seed': { type: 'string' },
    list: { type: 'boolean' },
    'batch-size': { type: 'string' },
    'test-connection': { type: 'boolean' },
  },
  help: [
    '  --segment NAME       a saved segment, by name or id (latest version unless --version N)',
    '  --connector KIND     webhook (signed JSON batches, docs/push-api.md), sendgrid, mailchimp, or csv (files in a folder)',
    '  --endpoint URL       the webhook URL; for sendgrid/mailchimp an API base URL (optional); for csv the folder',
    '  --list-id ID         the Mailchimp audience, or SendGrid list ids (comma-separated)',
    `  --channel CH         ${PUSH_CHANNELS.join(' or ')} (default email)`,
    `  --fields a,b         personalization fields sent with each contact: ${PUSH_FIELDS.join(', ')} (default first_name)`,
    '  --template ID        a saved message template: each contact carries it rendered for them (its merge fields are sent too)',
    '  --holdout PCT        hold out this share of the people who may be messaged (1-50%): sent nothing, compared with the',
    '                       recipients by `ace results` (docs/lift-method.md)',
    '  --holdout-seed S     the seed that picks them (letters, digits, - and _; random when left out, recorded either way)',
    '  --frequency-cap N/D  the workspace rule: at most N messages per person per D days on each channel, across all',
    '                       pushes ("3/7"; "off" removes it); applied when a push is planned and before each batch',
    '  --message-costs C    what one message costs per channel ("email=0.001,sms=0.0079"; a channel left out is not',
    '                       known): `ace results` gives each push its cost and cost per redemption',
    "  --batch-size N       contacts per request, below the service's own limit (default: its limit)",
    '  --dry-run            plan and show who would get it and who not, and the first request; send nothing',
    '  --resume             resume every push a crash or kill left unfinished (or just --push ID); nothing new is planned',
    '  --list               every push in this workspace',
    "  --rerun --push ID    run the push's segment version again as the push read it (on a DuckLake at its snapshot) and",
    '                       say whether it matches the same people; exit 1 when not',
    "  --test-connection    one harmless signed request to the service (a ping; SendGrid: the key's scopes; Mailchimp: the",
    '                       audience) and what came back: status, the failure class and its fix, latency; nothing is sent',
    '  The secret (webhook signing secret whsec_..., or the provider API key) is read from ACE_PUSH_SECRET, or asked for',
    '  on the terminal when it is not set; it is never stored.',
  ],
  async run(args) {
    const batch = str(args, 'batch-size') ? int(args, 'batch-size', 0, 1, 100_000) : 0;
    return withWorkspace(
      str(args, 'workspace', true),
      async (call, session) => {
        const json = !!args.values.json;
        if (args.values.list) {
          const all = await call('push.list', {});
          if (json) printJson(all, args.io);
          else args.io.out((all.map(line).join('\n') || '(no pushes yet)') + '\n');
          return 0;
        }
        if (args.values.rerun) {
          const pushId = str(args, 'push');
          if (!pushId) throw new UsageError('--rerun needs --push ID (ace push --list shows them)');
          const r = await call('push.rerunSegment', { pushId });
          if (json) printJson(r, args.io);
          else args.io.out(`${r.message}\n`);
          return r.same ? 0 : 1;
        }
        if (args.values.resume) {
          const only = str(args, 'push');
          const ids = only ? [only] : (await call('push.list', {})).filter((p) => UNFINISHED.includes(p.status)).map((p) => p.pushId);
          for (const pushId of ids) await call('push.resume', { pushId });
          await session.deliver.idle();
          const infos = await Promise.all(ids.map((pushId) => pushInfoOf(call, pushId)));
          if (json) printJson(infos, args.io);
          else args.io.out((infos.map(line).join('\n') || 'Nothing to resume: every push finished.') + '\n');
          return infos.some((i) => !['done', 'done_with_failures'].includes(i.status)) ? 1 : 0;
        }
        const costArg = str(args, 'message-costs');
        if (costArg !== undefined) {
          const costs = await call('push.setCosts', { costs: costsOf(costArg) });
          if (!str(args, 'segment') && str(args, 'frequency-cap') === undefined) {
            if (json) printJson(costs, args.io);
            else args.io.out(`Cost per message: email ${costs.email ?? 'not known'}, SMS ${costs.sms ?? 'not known'}.\n`);
            return 0;
          }
        }
        const capArg = str(args, 'frequency-cap');
        if (capArg !== undefined) {
          const cap = await call('push.setCap', { cap: capOf(capArg) });
          if (!str(args, 'segment')) {
            if (json) printJson(cap, args.io);
            else
              args.io.out(
                cap ? `Frequency cap: at most ${cap.max} per person per ${cap.days} days on each channel.\n` : 'No frequency cap.\n',
              );
            return 0;
          }
        }
        const kind = str(args, 'connector', true);
        if (args.values['test-connection']) {
          const config = configFrom(kind, args.values);
          await askSecretIfMissing(session, kind);
          const t = await call('connectors.test', { config });
          if (json) printJson(t, args.io);
          else
            args.io.out(
              `${t.ok ? 'OK' : 'FAILED'}: ${t.message}\nAsked: ${t.request ?? 'nothing'}; ${t.status !== null ? `status ${t.status}` : 'no HTTP answer'}; ${t.latencyMs} ms${t.failure ? `; class ${t.failure.kind}` : ''}\n`,
            );
          return t.ok ? 0 : 1;
        }
        const channel = (str(args, 'channel') ?? 'email') as PushChannel;
        if (!PUSH_CHANNELS.includes(channel)) throw new UsageError(`--channel must be ${PUSH_CHANNELS.join(' or ')}`);
        const fields = (str(args, 'fields') ?? 'first_name')
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean);
        const bad = fields.find((f) => !(PUSH_FIELDS as readonly string[]).includes(f));
        if (bad) throw new UsageError(`--fields: "${bad}" is not a field a push can carry (${PUSH_FIELDS.join(', ')})`);
        const version = str(args, 'version') ? Number(str(args, 'version')) : undefined;
        if (version !== undefined && !(Number.isInteger(version) && version > 0))
          throw new UsageError('--version must be a whole number from 1');
        const config = configFrom(kind, args.values);
        const segmentId = await segmentIdOf(call, str(args, 'segment', true));
        const req = {
          segmentId,
          version,
          channel,
          fields: fields as PushField[],
          config,
          templateId: str(args, 'template'),
          holdout: holdoutOf(str(args, 'holdout'), str(args, 'holdout-seed')),
        };
        const preview = await call('push.preview', req);
        if (args.values['dry-run']) {
          if (json) printJson(preview, args.io);
          else {
            const ex = Object.entries(preview.excluded)
              .filter(([, n]) => n > 0)
              .map(([k, n]) => `${k.replace(/_/g, ' ')} ${n}`)
              .join(', ');
            args.io.out(
              `Dry run: ${preview.segment.name} v${preview.segment.version}: ${preview.people} people, ${preview.reachable} would get it by ${channel} in ${preview.batches} batch(es) of up to ${preview.batchSize}${preview.heldOut ? `, ${preview.heldOut} held out` : ''}; not: ${ex || 'nobody'}.\nFirst request:\n${JSON.stringify(preview.samplePayload, null, 2)}\n`,
            );
          }
          return 0;
        }
        await askSecretIfMissing(session, kind);
        const started = await call('push.start', req);
        await session.deliver.idle();
        const info = await pushInfoOf(call, started.pushId);
        if (json)
          printJson({ ...info, preview: { people: preview.people, reachable: preview.reachable, excluded: preview.excluded } }, args.io);
        else args.io.out(line(info) + '\n');
        return info.status === 'done' ? 0 : 1;
      },
      batch ? { deliver: { maxBatch: batch } } : {},
    );
  },
};
