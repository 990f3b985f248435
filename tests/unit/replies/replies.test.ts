import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repliesSearchInput, type RepliesSearchInput } from '../../../src-main/contract/replies';
import { repliesSummary } from '../../../src-main/core/replies/summary';
import { searchReplies } from '../../../src-main/core/replies/search';
import { countSegment } from '../../../src-main/core/segments/run';
import type { Session } from '../../../src-main/core/session';
import { csv, emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();

/**
 * A small campaign whose replies were worked out by hand: who wrote each one, the media buy it is tied to
 * and by which rule (docs/replies.md), what it is (opt-out, help, feedback), and the themes.
 */
describe('replies: tied to the person and the media buy, counted, searched, themed, used in segments', () => {
  let s: Session;
  const search = (input: RepliesSearchInput) => searchReplies(s.requireDb(), repliesSearchInput.parse(input));
  beforeAll(async () => {
    s = await emptySession(dir);
    await imp(
      s,
      file(
        dir,
        'plan.csv',
        csv([
          ['media_buy_id', 'name', 'keyword'],
          ['MB1', 'Shoes print', 'SHOES5'],
          ['MB2', 'Radio', 'RADIO7'],
        ]),
      ),
      'media_buys',
    );
    await imp(
      s,
      file(
        dir,
        'entries.csv',
        csv([
          ['entry_id', 'entered_at', 'channel', 'keyword', 'email', 'phone', 'email_opt_in', 'sms_opt_in'],
          ['E1', '2026-03-01 10:00', 'sms', 'SHOES5', '', '+16175550101', '', 'yes'],
          ['E2', '2026-03-02 10:00', 'web', 'RADIO7', 'ann@example.com', '+16175550101', 'yes', 'yes'],
          ['E3', '2026-03-01 11:00', 'sms', 'RADIO7', '', '+16175550102', '', 'yes'],
          ['E4', '2026-03-03 09:00', 'web', 'SHOES5', 'cy@example.com', '', 'yes', ''],
          ['E5', '2026-03-03 09:30', 'web', 'RADIO7', 'dee@example.com', '', 'yes', ''],
        ]),
      ),
      'entries',
    );
    expect(await countSegment(s.requireDb(), { type: 'answer', field: 'zip', values: [null] })).toMatchObject({
      people: 4,
      reachable: { email: 3 },
    });
    const r = await imp(
      s,
      file(
        dir,
        'replies.csv',
        csv([
          ['reply_id', 'received_at', 'channel', 'email', 'phone', 'keyword', 'media_buy_id', 'question', 'text'],
          ['R1', '2026-03-01 12:00', 'sms', '', '+16175550101', '', '', '', 'The price at the store was great'],
          ['R2', '2026-03-02 12:00', 'sms', '', '+16175550101', '', '', '', '"Prices too high, store was busy"'],
          ['R3', '2026-03-02 08:00', 'sms', '', '+16175550102', '', '', '', 'HELP'],
          ['R4', '2026-03-04 10:00', 'email', 'cy@example.com', '', '', '', '', 'unsubscribe'],
          ['R5', '2026-03-05 10:00', 'survey', 'cy@example.com', '', '', 'MB2', 'Anything else?', 'Loved the radio ad and the store staff'],
          ['R6', '2026-03-05 11:00', 'sms', '', '+16175550199', 'radio7', '', '', '"radio contest, prices too high"'],
          ['R7', '2026-03-05 11:30', '', '', '+16175550198', '', '', '', 'Who is this'],
          ['R8', '2026-03-05 11:40', 'sms', '', '', '', '', '', 'no address'],
          ['R9', '2026-03-05 12:00', 'survey', 'dee@example.com', '', '', '', 'Comments', 'Stop sending so many texts'],
        ]),
      ),
      'replies',
    );
    expect(r).toMatchObject({ rowsRead: 9, rowsImported: 8, rowsRejected: 1 });
    expect(r.rejects).toEqual([{ line: 9, reason: 'Neither email nor phone: the row cannot be tied to a person.' }]);
  });
  afterAll(() => s.close());

  it('counts by type and by media buy, with how each reply was tied, the people and the media buy’s entrants', async () => {
    const sum = await repliesSummary(s.requireDb());
    expect(sum.totals).toEqual({
      replies: 8,
      feedback: 6,
      help: 1,
      optOuts: 1,
      people: 4,
      unknownPeople: 2,
      // R5 names MB2; R6's keyword is MB2's; R1-R4 and R9 follow the person's latest entry before them; R7 has none.
      tiedBy: { mediaBuyId: 1, keyword: 1, latestEntry: 5, none: 1 },
      first: '2026-03-01 12:00',
      last: '2026-03-05 12:00',
    });
    expect(sum.byMediaBuy.map(({ themes: _, ...b }) => b)).toEqual([
      { mediaBuyId: 'MB2', name: 'Radio', entrants: 3, replies: 5, feedback: 4, help: 1, optOuts: 0, people: 4 },
      { mediaBuyId: 'MB1', name: 'Shoes print', entrants: 2, replies: 2, feedback: 1, help: 0, optOuts: 1, people: 2 },
      { mediaBuyId: null, name: null, entrants: 0, replies: 1, feedback: 1, help: 0, optOuts: 0, people: 0 },
    ]);
  });

  it('themes: words of two feedback replies or more, a plural with its singular, shown as people wrote it most', async () => {
    const sum = await repliesSummary(s.requireDb());
    expect(sum.themes).toEqual([
      { term: 'prices', replies: 3 },
      { term: 'store', replies: 3 },
      { term: 'high', replies: 2 },
      { term: 'radio', replies: 2 },
    ]);
    expect(sum.byMediaBuy[0]!.themes).toEqual([
      { term: 'high', replies: 2 },
      { term: 'prices', replies: 2 },
      { term: 'radio', replies: 2 },
      { term: 'store', replies: 2 },
    ]);
    expect(sum.byMediaBuy[1]!.themes).toEqual([]);
  });

  it('search: all the words, a type, the unattributed, a theme; newest first with the person and the media buy', async () => {
    const store = await search({ text: 'STORE was' });
    expect(store.total).toBe(2);
    expect(store.rows.map((r) => r.text)).toEqual(['Prices too high, store was busy', 'The price at the store was great']);
    expect((await search({ types: ['help'] })).rows).toEqual([
      {
        receivedAt: '2026-03-02 08:00',
        type: 'help',
        channel: 'sms',
        text: 'HELP',
        question: null,
        address: '+16175550102',
        personId: expect.stringMatching(/^P[0-9A-F]{16}$/),
        mediaBuyId: 'MB2',
        mediaBuyName: 'Radio',
        tiedBy: 'latest_entry',
      },
    ]);
    const none = await search({ mediaBuys: [''] });
    expect(none.rows).toMatchObject([{ text: 'Who is this', channel: 'sms', personId: null, mediaBuyId: null, tiedBy: null }]);
    const unknown = await search({ text: 'contest' });
    expect(unknown.rows).toMatchObject([{ personId: null, mediaBuyId: 'MB2', tiedBy: 'keyword', address: '+16175550199' }]);
    for (const theme of ['price', 'Prices']) expect((await search({ theme })).total).toBe(3);
    const paged = await search({ limit: 2, offset: 7 });
    expect(paged).toMatchObject({ total: 8, rows: [{ text: 'The price at the store was great' }] });
  });

  it('an unsubscribe reply by email is an email opt-out at once; a STOP in a survey answer is not', async () => {
    expect(await countSegment(s.requireDb(), { type: 'replied', types: ['opt_out'] })).toMatchObject({
      people: 1,
      reachable: { email: 0 },
    });
    // Cy is out; Dee's "Stop sending so many texts" was a survey answer (feedback), so Dee stays reachable.
    expect(await countSegment(s.requireDb(), { type: 'answer', field: 'zip', values: [null] })).toMatchObject({ reachable: { email: 2 } });
    expect(await countSegment(s.requireDb(), { type: 'replied', text: 'stop sending' })).toMatchObject({
      people: 1,
      reachable: { email: 1 },
    });
  });

  it('segments: who replied, with a theme, with words, tied to a media buy, and everyone else', async () => {
    const n = async (rule: Parameters<typeof countSegment>[1]) => (await countSegment(s.requireDb(), rule)).people;
    expect(await n({ type: 'replied' })).toBe(4);
    expect(await n({ type: 'replied', types: ['feedback'], theme: 'price' })).toBe(1);
    expect(await n({ type: 'replied', mediaBuys: ['MB2'], text: 'radio' })).toBe(1);
    expect(await n({ type: 'replied', types: ['help'] })).toBe(1);
    expect(await n({ not: { type: 'replied', types: ['feedback'] } })).toBe(1);
  });

  it('an import of entries ties replies again: a number that texted before it entered becomes a person', async () => {
    expect((await repliesSummary(s.requireDb())).totals).toMatchObject({ people: 4, unknownPeople: 2 });
    await imp(
      s,
      file(
        dir,
        'late.csv',
        csv([
          ['entry_id', 'entered_at', 'channel', 'keyword', 'phone', 'sms_opt_in'],
          ['E6', '2026-03-06 09:00', 'sms', 'SHOES5', '+16175550199', 'yes'],
        ]),
      ),
      'entries',
    );
    const sum = await repliesSummary(s.requireDb());
    expect(sum.totals).toMatchObject({ people: 5, unknownPeople: 1, tiedBy: { keyword: 1 } });
    // R6 keeps its keyword's media buy (the rule before the person's entries); MB1 gains an entrant, not a reply.
    expect(sum.byMediaBuy.find((b) => b.mediaBuyId === 'MB1')).toMatchObject({ entrants: 3, replies: 2 });
    expect((await search({ text: 'contest' })).rows).toMatchObject([{ personId: expect.stringMatching(/^P/), mediaBuyId: 'MB2' }]);
  });
});
