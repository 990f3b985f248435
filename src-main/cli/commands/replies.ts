import { repliesSearchInput, REPLY_TYPES, type RepliesSearchResult, type RepliesSummary } from '../../contract/replies';
import { printJson, str, UsageError, type CommandSpec } from '../args';
import { withWorkspace } from '../core';

const n = (x: number) => x.toLocaleString('en-US');
const count = (x: number, one: string, many: string) => `${n(x)} ${x === 1 ? one : many}`;
const buyName = (id: string | null, name: string | null) => (id === null ? '(unattributed)' : name ? `${name} (${id})` : id);

function summaryText(s: RepliesSummary): string {
  const t = s.totals;
  if (!t.replies) return 'No replies yet: import an SMS log, a survey export or a replies CSV.\n';
  return [
    `${count(t.replies, 'reply', 'replies')} from ${t.first} to ${t.last}: ${n(t.feedback)} feedback, ${count(t.help, 'help request', 'help requests')}, ${count(t.optOuts, 'opt-out', 'opt-outs')}`,
    `  from ${count(t.people, 'person', 'people')} who entered, and ${count(t.unknownPeople, 'reply', 'replies')} from addresses with no entry`,
    `  tied to a media buy by its own id ${n(t.tiedBy.mediaBuyId)}, keyword ${n(t.tiedBy.keyword)}, latest entry ${n(t.tiedBy.latestEntry)}; unattributed ${n(t.tiedBy.none)}`,
    '',
    `Themes: ${s.themes.map((x) => `${x.term} ${n(x.replies)}`).join(', ') || 'too few replies for a theme'}`,
    '',
    'By media buy:',
    ...s.byMediaBuy.flatMap((b) => [
      `  ${buyName(b.mediaBuyId, b.name)}: ${count(b.replies, 'reply', 'replies')} (${n(b.feedback)} feedback, ${n(b.help)} help, ${count(b.optOuts, 'opt-out', 'opt-outs')}), ${count(b.people, 'person', 'people')}${b.mediaBuyId !== null ? ` of ${n(b.entrants)} entrants` : ''}`,
      ...(b.themes.length ? [`    themes: ${b.themes.map((x) => `${x.term} ${n(x.replies)}`).join(', ')}`] : []),
    ]),
    '',
  ].join('\n');
}

function searchText(r: RepliesSearchResult): string {
  return [
    `${n(r.total)} ${r.total === 1 ? 'reply' : 'replies'}${r.rows.length < r.total ? ` (the newest ${r.rows.length} shown)` : ''}`,
    ...r.rows.map(
      (x) =>
        `  ${x.receivedAt}  ${x.type.padEnd(8)} ${(x.address ?? '').padEnd(24)} ${buyName(x.mediaBuyId, x.mediaBuyName)}\n    ${x.text.replace(/\s+/g, ' ')}`,
    ),
    '',
  ].join('\n');
}

export const repliesCommand: CommandSpec = {
  name: 'replies',
  summary: 'What people wrote back (texts that are not keywords, survey answers): counts and themes by media buy, or a search.',
  usage: 'replies --workspace W [--search WORDS] [--type feedback|help|opt_out] [--media-buy ID] [--theme WORD] [--limit N] [--json]',
  options: {
    workspace: { type: 'string' },
    search: { type: 'string' },
    type: { type: 'string' },
    'media-buy': { type: 'string' },
    theme: { type: 'string' },
    limit: { type: 'string' },
  },
  help: [
    '  --workspace FILE    the workspace',
    '  (no filter)         counts by type and media buy, and the themes of the feedback',
    '  --search WORDS      replies with all these words (any case); with --type, --media-buy, --theme: a search',
    `  --type T            ${REPLY_TYPES.join(', ')} (several: comma-separated)`,
    "  --media-buy ID      replies tied to this media buy ('' for the unattributed)",
    '  --theme WORD        replies that use a theme word',
    '  --limit N           how many replies to list (default 50, at most 500)',
    '  --json              the summary or {"total", "rows": [...]}',
  ],
  async run(args) {
    const path = str(args, 'workspace', true);
    const [search, type, buy, theme, limit] = ['search', 'type', 'media-buy', 'theme', 'limit'].map((k) => str(args, k));
    if ([search, type, buy, theme].every((x) => x === undefined)) {
      if (limit !== undefined) throw new UsageError('--limit goes with a search (--search, --type, --media-buy or --theme)');
      const r = await withWorkspace(path, (call) => call('replies.summary', {}));
      if (args.values.json) printJson(r, args.io);
      else args.io.out(summaryText(r));
      return 0;
    }
    const parsed = repliesSearchInput.safeParse({
      text: search ?? '',
      types: type ? type.split(',').map((x) => x.trim()) : [],
      mediaBuys: buy !== undefined ? [buy] : [],
      ...(theme ? { theme } : {}),
      ...(limit !== undefined ? { limit: Number(limit) } : {}),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const flag =
        { text: 'search', types: 'type', mediaBuys: 'media-buy', theme: 'theme', limit: 'limit' }[String(issue.path[0])] ?? 'search';
      throw new UsageError(`--${flag}: ${issue.message}`);
    }
    const r = await withWorkspace(path, (call) => call('replies.search', parsed.data));
    if (args.values.json) printJson(r, args.io);
    else args.io.out(searchText(r));
    return 0;
  },
};
