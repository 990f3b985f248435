import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bestTime } from '../../../src-main/core/outcomes/best-time';
import { saveSegment } from '../../../src-main/core/segments/run';
import type { Session } from '../../../src-main/core/session';
import { RESPONSE_KINDS } from '../../../src-main/contract/outcomes';
import { csv, emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';
import { ace } from '../helpers/cli';

/**
 * Responses placed in each person's local time, worked out by hand: the workspace is in New York time, the
 * events are written in UTC, and the people live in Boston (EDT, UTC-4 in late March), San Francisco (PDT,
 * UTC-7) and Phoenix (MST all year, UTC-7); one has no zip.
 */
const dir = tempDir();

describe('the best time to send', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
    await imp(
      s,
      file(
        dir,
        'entries.csv',
        csv([
          ['entry_id', 'entered_at', 'email', 'zip', 'coupon_code'],
          ['e1', '2026-03-01 10:00', 'ann@example.com', '02134', 'C1'],
          ['e2', '2026-03-01 10:00', 'bob@example.com', '94103', 'C2'],
          ['e3', '2026-03-01 10:00', 'cat@example.com', '85004', 'C3'],
          ['e4', '2026-03-01 10:00', 'dan@example.com', '', 'C4'],
        ]),
      ),
      'entries',
    );
    await imp(
      s,
      file(
        dir,
        'events.csv',
        csv([
          ['email', 'event', 'timestamp'],
          // Friday 20 March 2026, 23:30 UTC: 19:30 in Boston, 16:30 in San Francisco and Phoenix.
          ['ann@example.com', 'open', '2026-03-20T23:30:00Z'],
          ['bob@example.com', 'click', '2026-03-20T23:30:00Z'],
          ['cat@example.com', 'open', '2026-03-20T23:30:00Z'],
          // Saturday 02:00 UTC is still Friday 22:00 in Boston.
          ['ann@example.com', 'reply', '2026-03-21T02:00:00Z'],
          // No zip: no time zone, counted apart.
          ['dan@example.com', 'open', '2026-03-20T23:30:00Z'],
          // Not one of the campaign's people.
          ['eve@example.com', 'open', '2026-03-20T23:30:00Z'],
          // Delivered is not a response.
          ['ann@example.com', 'delivered', '2026-03-20T12:00:00Z'],
        ]),
      ),
      'message_events',
    );
    // Sunday 22 March 10:00 in New York (the workspace's time) is 07:00 in San Francisco.
    await imp(
      s,
      file(
        dir,
        'redemptions.csv',
        csv([
          ['redemption_id', 'redeemed_at', 'coupon_code'],
          ['r1', '2026-03-22 10:00', 'C2'],
        ]),
      ),
      'redemptions',
    );
  });
  afterAll(() => s.close());

  it('counts each response at its hour and weekday where the person lives', async () => {
    const r = await bestTime(s.requireDb(), { responses: [...RESPONSE_KINDS] });
    expect(r).toMatchObject({ responses: 5, people: 3, withoutZone: 1 });
    expect(r.byKind).toEqual({ opened: 2, clicked: 1, replied: 1, redeemed: 1 });
    expect(r.cells).toEqual([
      { dow: 5, hour: 16, responses: 2 },
      { dow: 5, hour: 19, responses: 1 },
      { dow: 5, hour: 22, responses: 1 },
      { dow: 7, hour: 7, responses: 1 },
    ]);
    expect(r.best).toEqual({ hour: 16, hourResponses: 2, day: 5, dayName: 'Friday', dayResponses: 4, share: 0.4 });
    expect(r.note).toBe('Only 5 responses: the best hour is a weak guide until there are more.');
    expect(r.byHour.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('only the responses asked for, and only a segment’s people', async () => {
    const redeemed = await bestTime(s.requireDb(), { responses: ['redeemed'] });
    expect(redeemed.cells).toEqual([{ dow: 7, hour: 7, responses: 1 }]);
    const seg = await saveSegment(s.requireDb(), { name: 'Boston', rule: { type: 'answer', field: 'zip', values: ['02134'] } });
    const boston = await bestTime(s.requireDb(), { segmentId: seg.segmentId, responses: [...RESPONSE_KINDS] });
    expect(boston.segment).toMatchObject({ id: seg.segmentId, name: 'Boston' });
    expect(boston.cells).toEqual([
      { dow: 5, hour: 19, responses: 1 },
      { dow: 5, hour: 22, responses: 1 },
    ]);
    expect(boston.withoutZone).toBe(0);
  });

  it('`ace results --best-time` says the same, in words or as --json', async () => {
    const expected = await bestTime(s.requireDb(), { responses: [...RESPONSE_KINDS] });
    const path = (await s.info())!.path;
    await s.close();
    const json = await ace(['results', '--workspace', path, '--best-time', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(expected);
    const text = await ace(['results', '--workspace', path, '--best-time']);
    expect(text.stdout).toContain('hour: 16:00-17:00, 2 of 5 responses (40.0%)');
    expect(text.stdout).toContain('day: Friday, 4 responses');
    expect(text.stdout).toContain('1 response of people without a known zip left out');
    const bad = await ace(['results', '--workspace', path, '--best-time', '--responses', 'opened,forwarded']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--responses');
  });
});
